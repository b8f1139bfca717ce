// Comptoir's playground: GraphiQL 5 against the server that serves this page.
// Everything it loads comes from the same origin: the bundle, Monaco's
// workers, fonts (inlined in the CSS). The page's Content-Security-Policy
// forbids any other origin.
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { DOC_EXPLORER_PLUGIN } from '@graphiql/plugin-doc-explorer';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import './playground.css';

// Monaco asks for a worker per language; each is a separate classic-script
// bundle next to this module (names injected by build.mjs, hashed).
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const file = label === 'graphql' ? GRAPHQL_WORKER : label === 'json' ? JSON_WORKER : EDITOR_WORKER;
    return new Worker(new URL(file, import.meta.url), { name: label });
  },
};

// The server renders the tabs and the endpoint path into the page; the host
// comes from the page's own location, so the playground works behind any
// host name or proxy that serves both.
const config = JSON.parse(document.getElementById('playground-config').textContent);
const url = new URL(config.endpoint, window.location.href);
const ws = new URL(url);
ws.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';

// Subscriptions go over graphql-ws to the same path; the headers editor's
// content becomes the connection_init payload (where the server reads
// Authorization).
const fetcher = createGraphiQLFetcher({ url: url.href, subscriptionUrl: ws.href });

createRoot(document.getElementById('graphiql')).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={config.tabs}
    defaultHeaders={config.headers}
    defaultEditorToolsVisibility="headers"
    visiblePlugin={DOC_EXPLORER_PLUGIN}
  >
    <GraphiQL.Logo>Comptoir</GraphiQL.Logo>
  </GraphiQL>,
);
