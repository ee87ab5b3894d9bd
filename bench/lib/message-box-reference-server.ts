// The floor of the message-box scenario: a bare Fastify 5 server in its own process (no logger, no hooks, no
// schemas, no authentication, no authorisation) that answers a page of a reportee's message box with one indexed
// SQL statement on the same data as Tinn: Tinn's own PostgreSQL database, or a copy of Tinn's PGlite data dir
// (PGlite allows one process per data dir). The answer has the shape of Tinn's, with a keyset cursor of the same
// kind (base64url JSON of the last row's last_changed_at and id).
//   GET /api/v1/reportees/:orgno/messagebox?limit=50[&cursor=…]   → {items: [...], nextCursor}
//   GET /health/ready
// Usage: node bin/run-ts.js bench/lib/message-box-reference-server.ts --port N (--pglite-dir DIR | --database-url URL [--pool-max N])
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { openReferenceDb } from './reference-db.ts';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'pglite-dir': { type: 'string' }, 'database-url': { type: 'string' }, 'pool-max': { type: 'string' } } });
const port = Number(values.port ?? '0');

const db = await openReferenceDb({ pgliteDir: values['pglite-dir'], databaseUrl: values['database-url'], poolMax: values['pool-max'] });

// Organisation numbers to party ids and service names, read once at start (Tinn keeps both in caches too).
const parties = new Map((await db.query<{ orgno: string; party_id: number }>('select orgno, party_id from register.organization')).map((r) => [r.orgno, r.party_id]));
const TITLE = { nb: 'A-melding (test)', nn: 'A-melding (test)', en: 'Payroll report (test)' };

interface Row {
  reportee_element_id: number;
  service_code: string;
  service_edition_code: number;
  service_owner_code: string;
  status: string;
  case_id: string | null;
  external_shipment_reference: string | null;
  created_at: Date;
  last_changed_at: Date;
  archive_reference: string | null;
}

const COLUMNS = 'reportee_element_id, service_code, service_edition_code, service_owner_code, status, case_id, external_shipment_reference, created_at, last_changed_at, archive_reference';

const app = Fastify({ logger: false });

app.get('/health/ready', async () => ({ status: 'ready' }));

app.get<{ Params: { reportee: string }; Querystring: { limit?: string; cursor?: string } }>('/api/v1/reportees/:reportee/messagebox', async (req, reply) => {
  const partyId = parties.get(req.params.reportee);
  if (partyId === undefined) {
    reply.code(404);
    return { title: 'no such reportee' };
  }
  const limit = Math.min(Math.max(Number(req.query.limit ?? '50') || 50, 1), 200);
  let rows: Row[];
  if (req.query.cursor) {
    const [at, id] = JSON.parse(Buffer.from(req.query.cursor, 'base64url').toString('utf8')) as [string, number];
    rows = await db.query<Row>(
      `select ${COLUMNS} from submissions.reportee_element
        where reportee_party_id = $1 and (last_changed_at, reportee_element_id) < ($2, $3)
        order by last_changed_at desc, reportee_element_id desc limit $4`,
      [partyId, at, id, limit + 1],
    );
  } else {
    rows = await db.query<Row>(`select ${COLUMNS} from submissions.reportee_element where reportee_party_id = $1 order by last_changed_at desc, reportee_element_id desc limit $2`, [partyId, limit + 1]);
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      reporteeElementId: r.reportee_element_id,
      reporteeElementType: 'FormTask',
      status: r.status,
      serviceCode: r.service_code,
      serviceEditionCode: r.service_edition_code,
      serviceOwnerCode: r.service_owner_code,
      title: TITLE,
      archiveReference: r.archive_reference,
      caseId: r.case_id,
      externalShipmentReference: r.external_shipment_reference,
      createdAt: new Date(r.created_at).toISOString(),
      lastChangedAt: new Date(r.last_changed_at).toISOString(),
      lastChangeType: r.status === 'Archive' ? 'Archived' : 'Saved',
    })),
    nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify([new Date(last.last_changed_at).toISOString(), last.reportee_element_id])).toString('base64url') : null,
  };
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
