// The same-run reference of the `portal` scenario: the simplest program that shows a person's 1,000 inbox items
// in a browser. A bare Fastify 5 server in its own process, started like Tinn through `node bin/run-ts.js` (no
// logger, no hooks, no schemas, no database, no session), serving:
//   GET /inbox        a minimal HTML page: a heading, an empty list and one module script (an empty data: icon,
//                     so the browser asks for no favicon)
//   GET /inbox.js     about 1 KB of script: fetch /items.json, build one <li> per item with plain DOM, append once
//   GET /items.json   the items, precomputed: the file given by --items (fetched from Tinn's message box by the
//                     scenario at set-up), read once at start and served from memory
//   GET /health/ready {"status":"ready"}
// Cache headers as Tinn's portal sends them (page: no-cache with an ETag; script: immutable), so a second load
// in the same browser context is warm on both sides; items are never cached, like Tinn's API answers.
// Usage: node bin/run-ts.js bench/lib/portal-reference-server.ts --port N --items FILE
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';

const { values } = parseArgs({ options: { port: { type: 'string' }, items: { type: 'string' } } });
const port = Number(values.port ?? '0');
if (!values.items) throw new Error('--items FILE is required');
const items = readFileSync(values.items);

const PAGE = `<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Innboks</title>
<link rel="icon" href="data:,">
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; }
.inbox-list { list-style: none; margin: 0; padding: 0; }
.inbox-item { display: grid; grid-template-columns: 1fr auto 8rem; gap: 0.5rem 1rem; padding: 0.75rem 1rem; border-bottom: 1px solid #ccc; }
.inbox-text { display: flex; flex-direction: column; }
.inbox-meta, .inbox-date { color: #555; font-size: 0.875rem; }
.inbox-unread .inbox-title { font-weight: 700; }
</style>
<script type="module" src="/inbox.js"></script>
</head>
<body>
<h1>Innboks</h1>
<ul class="inbox-list" aria-label="Elementer i innboksen"></ul>
</body>
</html>
`;

const SCRIPT = `const STATE = { Unread: 'Ulest', Read: 'Lest', Confirmed: 'Bekreftet', Archived: 'Arkivert' };
const date = new Intl.DateTimeFormat('nb-NO', { dateStyle: 'medium', timeZone: 'Europe/Oslo' });
const res = await fetch('/items.json');
const { items } = await res.json();
const list = document.querySelector('.inbox-list');
const rows = document.createDocumentFragment();
for (const item of items) {
  const li = document.createElement('li');
  li.className = item.state === 'Unread' ? 'inbox-item inbox-unread' : 'inbox-item';
  const text = li.appendChild(document.createElement('div'));
  text.className = 'inbox-text';
  const a = text.appendChild(document.createElement('a'));
  a.className = 'inbox-title';
  a.href = '/correspondence/' + item.reporteeElementId;
  a.textContent = typeof item.title === 'string' ? item.title : item.title.nb;
  const meta = text.appendChild(document.createElement('span'));
  meta.className = 'inbox-meta';
  meta.textContent = 'Melding' + (item.sender ? ' · fra ' + item.sender : '');
  const tag = li.appendChild(document.createElement('span'));
  tag.textContent = STATE[item.state] ?? item.status ?? '';
  const time = li.appendChild(document.createElement('time'));
  time.className = 'inbox-date';
  time.dateTime = item.lastChangedAt;
  time.textContent = date.format(new Date(item.lastChangedAt));
  rows.append(li);
}
list.append(rows);
`;

const etag = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
const PAGE_ETAG = etag(PAGE);

const app = Fastify({ logger: false });

app.get('/health/ready', async () => ({ status: 'ready' }));

app.get('/inbox', async (req, reply) => {
  reply.header('cache-control', 'no-cache').header('etag', PAGE_ETAG);
  if (req.headers['if-none-match'] === PAGE_ETAG) return reply.code(304).send();
  return reply.type('text/html; charset=utf-8').send(PAGE);
});

app.get('/inbox.js', async (_req, reply) => reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/javascript; charset=utf-8').send(SCRIPT));

app.get('/items.json', async (_req, reply) => reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(items));

await app.listen({ host: '127.0.0.1', port });

const stop = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
