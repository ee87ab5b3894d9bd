// The floor of notification acceptance: a bare Fastify 5 server in its own process (no logger, no hooks, no
// schemas, no authentication) that does what accepting a notification cannot do without: parse and check the JSON
// order, and store it with one INSERT (autocommit) into a table with an index, on a database of the same kind.
//   POST /api/v1/serviceowner/notifications   {notifications: [{notificationType, receiverEndPoints: [{transportType, receiverAddress}], textTokens?}]}
//        → 201 {notificationId} (400 when the order is malformed)
//   GET  /health/ready
// Usage: node bin/run-ts.js bench/lib/notification-reference-server.ts --port N (--pglite-dir DIR | --database-url URL [--pool-max N])
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { openReferenceDb } from './reference-db.ts';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'pglite-dir': { type: 'string' }, 'database-url': { type: 'string' }, 'pool-max': { type: 'string' } } });
const port = Number(values.port ?? '0');

const db = await openReferenceDb({ pgliteDir: values['pglite-dir'], databaseUrl: values['database-url'], poolMax: values['pool-max'] });
await db.query('create schema if not exists bench_reference');
await db.query(`
  create table if not exists bench_reference.notification (
    id uuid primary key,
    notification_type text not null,
    channel text not null,
    address text not null,
    body text not null,
    status text not null default 'New',
    created_at timestamptz not null default now()
  )`);
await db.query('create index if not exists notification_address_idx on bench_reference.notification (address)');

interface Order {
  notificationType?: unknown;
  receiverEndPoints?: { transportType?: unknown; receiverAddress?: unknown }[];
  textTokens?: { tokenValue?: unknown }[];
}

const app = Fastify({ logger: false });

app.get('/health/ready', async () => ({ status: 'ready' }));

app.post<{ Body: { notifications?: Order[] } }>('/api/v1/serviceowner/notifications', async (req, reply) => {
  const order = Array.isArray(req.body?.notifications) ? req.body.notifications[0] : undefined;
  const endpoint = Array.isArray(order?.receiverEndPoints) ? order.receiverEndPoints[0] : undefined;
  if (typeof order?.notificationType !== 'string' || typeof endpoint?.transportType !== 'string' || typeof endpoint.receiverAddress !== 'string') {
    reply.code(400);
    return { title: 'malformed order' };
  }
  const body = typeof order.textTokens?.[0]?.tokenValue === 'string' ? order.textTokens[0].tokenValue : '';
  const id = randomUUID();
  await db.query('insert into bench_reference.notification (id, notification_type, channel, address, body) values ($1, $2, $3, $4, $5)', [
    id,
    order.notificationType,
    endpoint.transportType,
    endpoint.receiverAddress,
    body,
  ]);
  reply.code(201);
  return { notificationId: id };
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
