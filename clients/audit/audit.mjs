// Runs the GraphQL-over-HTTP server audit of npm graphql-http against a
// running server: node audit.mjs http://127.0.0.1:8080/graphql
//
// One JSON line per audit on stdout ({id, name, status, reason}), a summary
// on stderr. Exits 1 unless every audit is ok: a warn (a SHOULD) or a notice
// counts as a failure too, because we hold the server to all of them.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <url of the GraphQL endpoint>');
  process.exit(2);
}

const results = await auditServer({ url });
const counts = {};
for (const r of results) {
  counts[r.status] = (counts[r.status] ?? 0) + 1;
  const line = { id: r.id, name: r.name, status: r.status };
  if (r.status !== 'ok') line.reason = r.reason;
  console.log(JSON.stringify(line));
}
const ok = counts.ok ?? 0;
console.error(
  `graphql-http audit: ${ok}/${results.length} ok` +
    Object.entries(counts)
      .filter(([s]) => s !== 'ok')
      .map(([s, n]) => `, ${n} ${s}`)
      .join(''),
);
process.exit(ok === results.length ? 0 : 1);
