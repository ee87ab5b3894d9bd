// The floor of correspondence creation: a bare Fastify 5 server in its own process (no logger, no hooks, no
// schemas, no authentication, no sanitizing) that does what storing a correspondence with an attachment cannot do
// without: parse the same JSON body, check its shape by hand, decode the attachment's base64, hash the bytes with
// SHA-256, write them to a file named by that hash (a temporary file, then rename, as the filesystem blob store in
// src/platform/blobs/ does), and insert one row (autocommit) into a table with an index, on a database of the same kind.
//   POST /api/v1/serviceowner/correspondences   {externalShipmentReference, serviceCode, serviceEditionCode, reportee,
//        content: {languageCode, messageTitle, messageSummary?, messageBody, attachments: [{name, fileName, data}]}}
//        → 201 {correspondenceId, receiptStatusCode, status, externalShipmentReference} (400 when malformed)
//   GET  /health/ready
// Usage: node bin/run-ts.js bench/lib/correspondence-reference-server.ts --port N --blob-dir DIR
//        (--pglite-dir DIR | --database-url URL [--pool-max N])
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { openReferenceDb } from './reference-db.ts';

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'blob-dir': { type: 'string' }, 'pglite-dir': { type: 'string' }, 'database-url': { type: 'string' }, 'pool-max': { type: 'string' } },
});
const port = Number(values.port ?? '0');
const blobDir = values['blob-dir'];
if (!blobDir) throw new Error('give --blob-dir DIR');
const tmpDir = join(blobDir, '.tmp');
const targetDir = join(blobDir, 'correspondence');
await mkdir(tmpDir, { recursive: true });
await mkdir(targetDir, { recursive: true });

const db = await openReferenceDb({ pgliteDir: values['pglite-dir'], databaseUrl: values['database-url'], poolMax: values['pool-max'] });
await db.query('create schema if not exists bench_reference');
await db.query(`
  create table if not exists bench_reference.correspondence (
    correspondence_id bigserial primary key,
    external_shipment_reference text not null,
    reportee text not null,
    service_code text not null,
    title text not null,
    body text not null,
    attachment_name text not null,
    attachment_sha256 text not null,
    attachment_size integer not null,
    created_at timestamptz not null default now()
  )`);
await db.query('create index if not exists correspondence_reportee_idx on bench_reference.correspondence (reportee, correspondence_id)');

interface Body {
  externalShipmentReference?: unknown;
  serviceCode?: unknown;
  reportee?: unknown;
  content?: { messageTitle?: unknown; messageBody?: unknown; attachments?: { name?: unknown; fileName?: unknown; data?: unknown }[] };
}

const app = Fastify({ logger: false, bodyLimit: 48 * 1024 * 1024 });

app.get('/health/ready', async () => ({ status: 'ready' }));

app.post<{ Body: Body }>('/api/v1/serviceowner/correspondences', async (req, reply) => {
  const b = req.body;
  const attachment = Array.isArray(b?.content?.attachments) ? b.content.attachments[0] : undefined;
  if (
    typeof b?.externalShipmentReference !== 'string' ||
    typeof b.serviceCode !== 'string' ||
    typeof b.reportee !== 'string' ||
    typeof b.content?.messageTitle !== 'string' ||
    typeof b.content.messageBody !== 'string' ||
    typeof attachment?.name !== 'string' ||
    typeof attachment.fileName !== 'string' ||
    typeof attachment.data !== 'string'
  ) {
    reply.code(400);
    return { title: 'malformed correspondence' };
  }
  const bytes = Buffer.from(attachment.data, 'base64');
  if (bytes.length === 0) {
    reply.code(400);
    return { title: 'empty attachment' };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const tmp = join(tmpDir, randomUUID());
  try {
    await writeFile(tmp, bytes, { flag: 'wx' });
    await rename(tmp, join(targetDir, sha256));
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const [row] = await db.query<{ correspondence_id: string | number }>(
    `insert into bench_reference.correspondence (external_shipment_reference, reportee, service_code, title, body, attachment_name, attachment_sha256, attachment_size)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning correspondence_id`,
    [b.externalShipmentReference, b.reportee, b.serviceCode, b.content.messageTitle, b.content.messageBody, attachment.fileName, sha256, bytes.length],
  );
  reply.code(201);
  return { correspondenceId: Number(row?.correspondence_id), receiptStatusCode: 'OK', status: 'Created', externalShipmentReference: b.externalShipmentReference };
});

await app.listen({ host: '127.0.0.1', port });

const stop = () => {
  app
    .close()
    .then(() => db.close())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
