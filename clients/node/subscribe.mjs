// Subscribes with npm's graphql-ws client, as a storefront would, and
// prints each result as one JSON line. Usage:
//   node subscribe.mjs URL TOKEN QUERY VARIABLES_JSON COUNT
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, token, query, variables, count] = process.argv.slice(2);
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
  retryAttempts: 0,
});
let left = Number(count || 1);
client.subscribe(
  { query, variables: JSON.parse(variables || '{}') },
  {
    next: (result) => {
      console.log(JSON.stringify(result));
      if (--left === 0) { client.dispose(); process.exit(0); }
    },
    error: (err) => {
      console.log(JSON.stringify({ error: Array.isArray(err) ? err : String(err?.message ?? err) }));
      process.exit(0);
    },
    complete: () => { process.exit(0); },
  },
);
console.error('subscribed');
