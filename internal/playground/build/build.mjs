// Bundles the playground into ../dist: Monaco's three workers first (classic
// scripts), then the page's module, which learns the workers' hashed names
// through `define`. Writes dist/manifest.json for the Go handler and
// THIRD_PARTY_LICENSES.txt (every bundled package's license text).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.resolve(here, '../dist');
fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist);

const common = {
  absWorkingDir: here,
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: 'none', // collected into THIRD_PARTY_LICENSES.txt below
  target: ['es2022'],
  outdir: dist,
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};

const inputs = new Set();
const outputs = (meta) => {
  for (const o of Object.values(meta.outputs)) for (const i of Object.keys(o.inputs)) inputs.add(i);
  return Object.entries(meta.outputs);
};

const workers = await esbuild.build({
  ...common,
  format: 'iife',
  entryNames: '[name]-[hash]',
  entryPoints: {
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
    'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
  },
});
const workerFile = {};
for (const [out, o] of outputs(workers.metafile)) {
  workerFile[path.basename(out).replace(/-[A-Z0-9]+\.js$/, '')] = './' + path.basename(out);
}

// graphiql/style.css already carries Monaco's styles (and its codicon font,
// inlined): the CSS files Monaco's modules import would be loaded twice, and
// those imported from lazily loaded chunks would never be attached anyway.
const monacoCSSIsInGraphiQLStyle = {
  name: 'monaco-css-from-graphiql-style',
  setup(build) {
    build.onResolve({ filter: /\.css$/ }, (args) =>
      args.importer.includes('/node_modules/monaco-editor/') ? { path: args.path, namespace: 'monaco-css' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'monaco-css' }, () => ({ contents: '', loader: 'js' }));
  },
};

const page = await esbuild.build({
  ...common,
  format: 'esm',
  splitting: true,
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  entryPoints: { playground: 'src/main.jsx' },
  jsx: 'automatic',
  plugins: [monacoCSSIsInGraphiQLStyle],
  define: {
    ...common.define,
    EDITOR_WORKER: JSON.stringify(workerFile['editor.worker']),
    JSON_WORKER: JSON.stringify(workerFile['json.worker']),
    GRAPHQL_WORKER: JSON.stringify(workerFile['graphql.worker']),
  },
});
const manifest = {};
for (const [out, o] of outputs(page.metafile)) {
  if (o.entryPoint !== 'src/main.jsx') continue;
  manifest.script = path.basename(out);
  manifest.style = o.cssBundle && path.basename(o.cssBundle);
}
const stray = Object.keys(page.metafile.outputs).filter((o) => o.endsWith('.css') && path.basename(o) !== manifest.style);
if (stray.length) throw new Error('CSS outside the page stylesheet would never load: ' + stray.join(', '));
if (!manifest.script || !manifest.style) throw new Error('manifest incomplete: ' + JSON.stringify(manifest));
fs.writeFileSync(path.join(dist, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

// One license text per bundled package, found from the inputs' paths.
const pkgs = new Map();
for (const input of inputs) {
  const m = input.match(/^(.*node_modules\/(@[^/]+\/[^/]+|[^/]+))\//);
  if (!m || pkgs.has(m[2])) continue;
  const dir = path.join(here, m[1]);
  const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const lic = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)([.-]|$)/i.test(f));
  const author = typeof pj.author === 'string' ? pj.author : pj.author?.name;
  let text = lic ? fs.readFileSync(path.join(dir, lic), 'utf8').trim() : null;
  // Monaco and Prettier bundle code of their own dependencies and list it.
  for (const f of fs.readdirSync(dir).filter((f) => /^third[-_]?party[-_]?notices/i.test(f))) {
    text = (text ?? '') + `\n\n--- ${f} ---\n\n` + fs.readFileSync(path.join(dir, f), 'utf8').trim();
  }
  pkgs.set(m[2], { version: pj.version, license: pj.license, author, text });
}
// Packages whose npm tarball has no license file but whose repository's
// license is that of another bundled package.
const sameRepository = {
  '@graphiql/plugin-doc-explorer': 'graphiql',
  '@graphiql/plugin-history': 'graphiql',
  'react-compiler-runtime': 'react',
};
const MIT = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;
for (const [name, p] of pkgs) {
  if (p.text) continue;
  const from = pkgs.get(sameRepository[name]);
  if (from?.text) p.text = `(The npm package ships no license file; this is the license of ${sameRepository[name]}, from the same repository.)\n\n${from.text}`;
  else if (p.license === 'MIT') p.text = `(The npm package ships no license file; its package.json declares MIT${p.author ? ', author ' + p.author : ''}.)\n\n${MIT}`;
}
let out = 'Third-party software bundled in the Comptoir playground (internal/playground/dist).\n';
const missing = [];
for (const [name, p] of [...pkgs].sort(([a], [b]) => a.localeCompare(b))) {
  out += `\n${'='.repeat(78)}\n${name}@${p.version} (${p.license})\n${'='.repeat(78)}\n\n`;
  if (p.text) out += p.text + '\n';
  else { out += `License: ${p.license} (no license file shipped in the npm package)\n`; missing.push(name); }
}
fs.writeFileSync(path.join(dist, 'THIRD_PARTY_LICENSES.txt'), out);
if (missing.length) console.warn('no license file in:', missing.join(', '));
console.log(`bundled ${pkgs.size} packages`);
