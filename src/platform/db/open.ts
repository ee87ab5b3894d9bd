import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.ts';

const INT8 = 20;
const DATE = 1082;

// The same JavaScript types come back from both drivers: int8 as number (ids and counts stay far
// below 2^53), date as 'YYYY-MM-DD' (a Date would shift with the process time zone).
pg.types.setTypeParser(INT8, (v: string) => Number(v));
pg.types.setTypeParser(DATE, (v: string) => v);

export interface DbOptions {
  /** PostgreSQL URL; when unset the embedded database is used. */
  url?: string | undefined;
  /** PGlite data directory; undefined means in memory. */
  dataDir?: string | undefined;
  /** A PGlite data directory snapshot (tar.gz) to start from (tests use a migrated template). */
  loadDataDir?: Blob | undefined;
  poolMax?: number;
  applicationName?: string;
}

/** An open database: Kysely plus what the platform needs to know about it. */
export interface Db<DB = any> {
  kysely: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** The PGlite instance, on the embedded database only (to dump or reopen it). */
  pglite?: PGlite;
}

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite (in `dataDir`, or in memory). */
export async function openDb<DB>(options: DbOptions): Promise<Db<DB>> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      application_name: options.applicationName ?? 'tinn',
    });
    const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, kind: 'postgres', close: () => kysely.destroy() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [pgliteTypes.DATE]: (v: string) => v },
  });
  const kysely = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    kysely,
    kind: 'pglite',
    pglite,
    close: async () => {
      await kysely.destroy();
      await pglite.close();
    },
  };
}
