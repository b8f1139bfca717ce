// How npm's graphql-ws client, as a storefront uses it, treats a refused
// connection_init. Two clients subscribe with TOKEN: "default" keeps the
// default retries and backoff and is watched for WINDOW_MS; "eager"
// retries once without waiting, then gives up. Each records when it
// started each connection attempt (ms since it was created) and the close
// events it saw, and prints one JSON line. Usage:
//   node refused.mjs URL TOKEN WINDOW_MS
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, token, windowMs] = process.argv.slice(2);
// A client disposed while it reconnects rejects a promise nobody awaits:
// note it, and still report the counts.
process.on('unhandledRejection', (e) => console.error('unhandled rejection:', e?.code ?? e));

function watch(name, limitMs, options) {
  const report = { client: name, attempts: 0, at: [], closeCount: 0, closes: [] }; // the first 20 closes
  const t0 = Date.now();
  return new Promise((resolve) => {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${token}` },
      on: {
        connecting: () => { report.attempts++; report.at.push(Date.now() - t0); },
        closed: (e) => {
          if (report.closeCount++ < 20) report.closes.push({ code: e?.code, reason: e?.reason });
        },
      },
      ...options,
    });
    let timer;
    const done = (end) => {
      clearTimeout(timer);
      report.end = end;
      client.dispose();
      resolve(report);
    };
    timer = setTimeout(() => done({ window: true }), limitMs);
    client.subscribe(
      { query: 'subscription { myOrderUpdates { event { id } } }' },
      {
        next: () => {},
        error: (e) => done({ error: { code: e?.code, reason: e?.reason, message: e?.message } }),
        complete: () => done({ complete: true }),
      },
    );
  });
}

const reports = await Promise.all([
  watch('default', Number(windowMs), {}),
  // Bounded too: without the fix it would loop for the whole 20 s.
  watch('eager', 20000, { retryAttempts: 1, retryWait: async () => {} }),
]);
// Exit once stdout is flushed (a pipe is written asynchronously).
process.stdout.write(reports.map((r) => JSON.stringify(r) + '\n').join(''), () => process.exit(0));
