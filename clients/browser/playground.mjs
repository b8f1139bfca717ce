// Opens Comptoir's playground in Debian's chromium (puppeteer-core, never a
// downloaded browser), as a person would: waits for GraphiQL and its schema
// docs, runs the opening query with the run button, then runs the
// subscription tab (over the WebSocket). Prints what it saw as one JSON
// object on stdout for the Go test to judge.
//
//   node playground.mjs <playground URL> [screenshot.png]
//
// It exits non-zero on any console error, page error, failed request or
// HTTP error, and on any request to an origin that is not loopback (such a
// request is aborted and reported).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [url, screenshot] = process.argv.slice(2);
if (!url) {
  console.error('usage: node playground.mjs <url> [screenshot.png]');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const timeout = Number(process.env.PLAYGROUND_TIMEOUT_MS || 120000);

// GraphiQL's Monaco editors, by their model's name; .view-lines holds the
// lines on screen (Monaco renders only those).
const OPERATION = '.monaco-editor[data-uri$="-operation.graphql"] .view-lines';
const HEADERS = '.monaco-editor[data-uri$="-request-headers.json"] .view-lines';
const RESPONSE = '.monaco-editor[data-uri$="-response.json"] .view-lines';

const problems = [];
const requests = [];
const websockets = [];
const loopback = (u) => {
  const { protocol, hostname } = new URL(u);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(hostname);
};

// A launch that has not printed its DevTools endpoint after a minute is
// tried again with a fresh profile: on a loaded CI machine a first launch
// has been seen to hang past puppeteer's default 30 s.
let userDataDir; // the profile of the browser that launched, removed at the end
async function launch() {
  for (let attempt = 1; ; attempt++) {
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'comptoir-chromium-'));
    try {
      return await puppeteer.launch({
        executablePath,
        headless: true,
        userDataDir,
        timeout: Number(process.env.BROWSER_LAUNCH_TIMEOUT_MS ?? 60000),
        args: [
          '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync',
          `--user-data-dir=${userDataDir}`, '--window-size=1440,1000',
        ],
      });
    } catch (err) {
      fs.rmSync(userDataDir, { recursive: true, force: true });
      if (attempt >= 3) throw err;
      console.error(`chromium launch attempt ${attempt} failed: ${err.message}`);
    }
  }
}
const browser = await launch();

let out;
try {
  out = await run(await browser.newPage());
} catch (err) {
  problems.push(`driver: ${err.stack || err}`);
} finally {
  await browser.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify({ ...out, requests, websockets, problems }) + '\n');
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}

async function run(page) {
  page.setDefaultTimeout(timeout);
  await page.setViewport({ width: 1440, height: 1000 });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} ${JSON.stringify(m.location())}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('workercreated', (w) => requests.push(w.url()));
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    requests.push(r.url());
    if (loopback(r.url())) return r.continue();
    problems.push(`request to a non-loopback origin: ${r.url()}`);
    return r.abort('blockedbyclient');
  });
  // WebSockets are not intercepted: watch them through the DevTools protocol.
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketCreated', ({ url: u }) => {
    websockets.push(u);
    if (!loopback(u)) problems.push(`WebSocket to a non-loopback origin: ${u}`);
  });

  const response = await page.goto(url, { waitUntil: 'load' });
  const csp = response.headers()['content-security-policy'] || '';

  // The schema docs: the doc explorer (open at start) lists the root types
  // once introspection came back.
  await page.waitForFunction(
    () => document.querySelector('.graphiql-doc-explorer')?.textContent.includes('Query'),
  );
  const docs = await text(page, '.graphiql-doc-explorer');
  await waitText(page, OPERATION, 'FirstLook');
  await waitText(page, HEADERS, 'Authorization'); // visible: the headers tab is open
  const query = await text(page, OPERATION);
  const headers = await text(page, HEADERS);
  const tabs = await page.$$eval('.graphiql-tab', (ts) => ts.map((t) => t.textContent.trim()));

  await page.click('.graphiql-execute-button');
  await page.waitForFunction(
    (s) => document.querySelector(s)?.textContent.includes('totalCount'), {}, RESPONSE,
  );
  const result = await text(page, RESPONSE);
  if (screenshot) await page.screenshot({ path: screenshot });

  // The subscription tab: anonymous, so the server refuses it, over the
  // WebSocket.
  const subTab = await page.$$('.graphiql-tab');
  let subscription = '';
  for (const t of subTab) {
    if ((await t.evaluate((e) => e.textContent)).includes('OrderUpdated')) {
      await (await t.$('button')).click();
      await waitText(page, OPERATION, 'subscription OrderUpdated');
      // GraphiQL learns the tab's operation name 100 ms after the editor
      // changes (debounced), in the callback that also saves the query:
      // running before then would send the previous tab's name.
      await page.waitForFunction(() => localStorage.getItem('graphiql:query')?.includes('subscription OrderUpdated'));
      await page.click('.graphiql-execute-button');
      await page.waitForFunction(
        (s) => /"errors"|"message"/.test(document.querySelector(s)?.textContent.replace(/\u00a0/g, ' ') || ''), {}, RESPONSE,
      );
      subscription = await text(page, RESPONSE);
    }
  }
  return { csp, docs, query, headers, tabs, result, subscription };
}

// Monaco renders spaces as U+00A0; the tests read plain text.
async function text(page, selector) {
  return page.$eval(selector, (e) => e.textContent.replace(/\u00a0/g, ' '));
}

// waitText waits until the element is shown and holds want.
async function waitText(page, selector, want) {
  await page.waitForFunction(
    (s, w) => {
      const e = document.querySelector(s);
      return e && e.getClientRects().length > 0 && e.textContent.replace(/\u00a0/g, ' ').includes(w);
    },
    {}, selector, want,
  );
}
