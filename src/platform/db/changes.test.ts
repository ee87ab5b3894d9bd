import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { useComposedTinn } from '../../../test/support/tinn.ts';

describe('PostgreSQL connections the server ends', () => {
  const env = useComposedTinn();

  it('do not crash the process: the pool opens new ones and the change feed reconnects (PostgreSQL)', async (t) => {
    if (env().db.kind !== 'postgres') return t.skip('the embedded database has no server to end connections');
    const { kysely } = env().db;
    await sql`select 1`.execute(kysely);
    assert.equal(env().tinn.changes.isLive(), true);
    // What a server restart or an operator's pg_terminate_backend does to every idle connection.
    const admin = new pg.Client({ connectionString: env().db.url });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual((await sql<{ one: number }>`select 1 as one`.execute(kysely)).rows, [{ one: 1 }]);
    const deadline = Date.now() + 10_000;
    while (!env().tinn.changes.isLive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(env().tinn.changes.isLive(), true, 'the change feed listens again');
    await env().tinn.changes.settle();
  });
});
