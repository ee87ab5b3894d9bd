// A LISTEN connection that dies without a word (a network partition, a NAT that forgets it, a host gone
// without a reset) must count as lost, so the caches it invalidates stop serving, and must come back.
// Simulated with a TCP proxy in front of PostgreSQL that goes silent: sockets stay open, nothing passes.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDb } from './open.ts';

/** A TCP proxy to `target`; `silence()` makes every open connection pass nothing while staying open. */
async function silenceableProxy(target: { host: string; port: number }) {
  const open: net.Socket[] = [];
  const all: net.Socket[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    client.pipe(upstream).on('error', () => {});
    upstream.pipe(client).on('error', () => {});
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    open.push(client, upstream);
    all.push(client, upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    silence() {
      for (const s of open.splice(0)) {
        s.unpipe();
        s.pause();
      }
    },
    async close() {
      for (const s of all) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return condition();
}

describe('the LISTEN connection on PostgreSQL', () => {
  it('counts a connection that went silent as lost within its heartbeat, and listens again on a new one', async (t) => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) return t.skip('the embedded database has no connection to lose');
    const server = new URL(serverUrl);
    const proxy = await silenceableProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const url = new URL(serverUrl);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const db = await openDb({ url: url.toString(), poolMax: 1, listenHeartbeatMs: 300 });
    const changes: boolean[] = [];
    const received: string[] = [];
    const listener = await db.listen('tinn_heartbeat_test', { onMessage: (m) => received.push(m), onConnectionChange: (c) => changes.push(c) });
    try {
      assert.equal(listener.isConnected(), true);
      changes.length = 0;
      proxy.silence();
      assert.equal(await waitFor(() => !listener.isConnected(), 5_000), true, 'a silent connection is noticed');
      assert.equal(changes[0], false, 'the feed was told, so its caches stop serving');
      assert.equal(await waitFor(() => listener.isConnected(), 10_000), true, 'a new connection listens again');
      assert.deepEqual(changes.slice(0, 2), [false, true]);
      const notify = await openDb({ url: serverUrl, poolMax: 1 });
      try {
        await sql`select pg_notify('tinn_heartbeat_test', 'after')`.execute(notify.kysely);
      } finally {
        await notify.close();
      }
      assert.equal(await waitFor(() => received.includes('after'), 5_000), true, 'messages arrive on the new connection');
    } finally {
      await proxy.close();
      await listener.close();
      await db.close();
    }
  });
});
