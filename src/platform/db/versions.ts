import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Versioned rows for caches that must never serve stale data across processes: a writer bumps the version
 * of what it changed in its own transaction; a reader compares the versions it cached against one indexed
 * query before trusting a cached value. (The change feed is for caches that may lag by milliseconds.)
 */
export const versionMigrations: Record<string, Migration> = {
  // Frozen: never edit after it has shipped; add a new migration instead.
  '20261123T2330-platform-version': {
    async up(db: Kysely<any>) {
      await db.schema.createSchema('platform').ifNotExists().execute();
      await db.schema
        .createTable('platform.version')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('id', 'bigint', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('version_pk', ['scope', 'id'])
        .execute();
    },
  },
};

/** Bumps the versions of `ids` in `scope`, in the caller's transaction. */
export async function bumpVersions(db: Kysely<any>, scope: string, ids: readonly number[]): Promise<void> {
  const unique = [...new Set(ids)].sort((a, b) => a - b); // one order everywhere: concurrent bumps cannot deadlock
  if (unique.length === 0) return;
  await sql`insert into platform.version (scope, id, version)
            select ${scope}, id, 1 from unnest(${sql.val(unique)}::bigint[]) as id
            on conflict (scope, id) do update set version = platform.version.version + 1`.execute(db);
}

/** Current versions of `ids` in `scope` (0 for ids never bumped), in one query. */
export async function readVersions(db: Kysely<any>, scope: string, ids: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>(ids.map((id) => [id, 0]));
  if (ids.length === 0) return out;
  const rows = await sql<{ id: string | number; version: string | number }>`
    select id, version from platform.version where scope = ${scope} and id = any(${sql.val([...ids])}::bigint[])`.execute(db);
  for (const r of rows.rows) out.set(Number(r.id), Number(r.version));
  return out;
}
