// The same-run reference: a bare Fastify 5 server in its own process, started like Tinn through
// `node bin/run-ts.js` (so it pays the same tsx loader cost), with no logger, no hooks, no schemas and
// no database. It answers the two URLs the scenarios use:
//   GET /health/ready                    → {"status":"ready"}    (startup scenario)
//   GET /api/v1/organizations/:orgno     → an organisation-shaped JSON object of about the size of
//                                          Tinn's answers (org-lookup scenario)
// Usage: node bin/run-ts.js bench/lib/reference-server.ts --port N
import { parseArgs } from 'node:util';
import Fastify from 'fastify';

const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = Number(values.port ?? '0');

const app = Fastify({ logger: false });

app.get('/health/ready', async () => ({ status: 'ready' }));

// Built per request from the path parameter, as Tinn builds its answer per request. No sub-units, like
// most demo organisations, which puts the size near the mean of Tinn's answers (both are recorded).
app.get<{ Params: { orgno: string } }>('/api/v1/organizations/:orgno', async (req) => {
  const orgno = req.params.orgno;
  return {
    orgno,
    name: `Referanse Organisasjon ${orgno} AS`,
    organizationForm: 'AS',
    unitType: 'main',
    parentOrgno: null,
    partyId: 50000000 + Number(orgno.slice(-3)),
    partyUuid: `00000000-0000-4000-8000-000${orgno}`,
    businessAddress: { street: 'Referanseveien 1', postalCode: '0001', postalCity: 'OSLO', country: 'NO' },
    postalAddress: null,
    isDeleted: false,
    deletedAt: null,
    serviceOwnerCode: null,
    subUnits: [] as { orgno: string; name: string; isDeleted: boolean }[],
  };
});

await app.listen({ host: '127.0.0.1', port });

const stop = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
