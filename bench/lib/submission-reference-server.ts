// The floor of the submission scenario: a bare Fastify 5 server in its own process (no logger, no hooks, no
// schemas, no authentication) that does the two things a submission cannot do without: validate the form
// against its XSD with the same library and code as Tinn (compileSchema of src/platform/xml, the a-melding
// schema files compiled once at start), and store it in one insert transaction on a database of the same kind.
//   POST /api/v1/reportees/:reportee/formtasks   {externalShipmentReference, serviceCode, serviceEditionCode, forms: [{formData, …}]}
//        → 201 {status: "Archive", archiveReference} (200 when the reference was stored before; 400 with the XSD errors)
//   GET  /health/ready
// Usage: node bin/run-ts.js bench/lib/submission-reference-server.ts --port N (--pglite-dir DIR | --database-url URL [--pool-max N])
// Unlike Tinn, every document is validated on the event loop, large ones too.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { compileSchema } from '../../src/platform/xml/index.ts';
import { REPO_ROOT } from './children.ts';
import { openReferenceDb } from './reference-db.ts';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'pglite-dir': { type: 'string' }, 'database-url': { type: 'string' }, 'pool-max': { type: 'string' } } });
const port = Number(values.port ?? '0');

const SERVICE_DIR = join(REPO_ROOT, 'testdata', 'services', 'ttd-5002-a-melding');
const schema = compileSchema(
  {
    'a-melding.xsd': await readFile(join(SERVICE_DIR, 'a-melding.xsd'), 'utf8'),
    'felles/identifikatorer.xsd': await readFile(join(SERVICE_DIR, 'felles', 'identifikatorer.xsd'), 'utf8'),
  },
  'a-melding.xsd',
);

const db = await openReferenceDb({ pgliteDir: values['pglite-dir'], databaseUrl: values['database-url'], poolMax: values['pool-max'] });
await db.query('create schema if not exists bench_reference');
await db.query(`
  create table if not exists bench_reference.submission (
    submission_id integer generated always as identity primary key,
    reportee text not null,
    external_shipment_reference text not null unique,
    service_code text not null,
    service_edition_code integer not null,
    form_data text not null,
    created_at timestamptz not null default now()
  )`);

/** Same as Tinn's route: 30 MB of attachments as base64, plus the forms. */
const BODY_LIMIT = 48 * 1024 * 1024;

interface Body {
  externalShipmentReference: string;
  serviceCode: string;
  serviceEditionCode: number;
  forms: { formData: string }[];
}

const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT });

app.get('/health/ready', async () => ({ status: 'ready' }));

app.post<{ Params: { reportee: string }; Body: Body }>('/api/v1/reportees/:reportee/formtasks', async (req, reply) => {
  const body = req.body;
  const formData = body.forms[0]!.formData;
  const errors = schema.validate(formData);
  if (errors.length > 0) {
    reply.code(400);
    return { title: 'form validation failed', errors };
  }
  const id = await db.transaction(async (q) => {
    const rows = await q.query<{ submission_id: number }>(
      `insert into bench_reference.submission (reportee, external_shipment_reference, service_code, service_edition_code, form_data)
       values ($1, $2, $3, $4, $5) on conflict (external_shipment_reference) do nothing returning submission_id`,
      [req.params.reportee, body.externalShipmentReference, body.serviceCode, body.serviceEditionCode, formData],
    );
    return rows[0]?.submission_id;
  });
  reply.code(id === undefined ? 200 : 201);
  return { status: 'Archive', archiveReference: id === undefined ? null : `AR${id}` };
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
