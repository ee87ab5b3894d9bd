// The database of a reference server, either kind, with no query builder in between: PGlite on its own data
// directory (one connection, as Tinn has on the embedded database), or a pg pool of the same size as Tinn's.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Queryable {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface ReferenceDb extends Queryable {
  kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction (begin … commit, rollback on error). */
  transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens `--pglite-dir DIR` or `--database-url URL` (with `--pool-max N`) from a reference server's arguments. */
export async function openReferenceDb(options: { pgliteDir?: string | undefined; databaseUrl?: string | undefined; poolMax?: string | undefined }): Promise<ReferenceDb> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: Number(options.poolMax ?? '10'), application_name: 'tinn-bench-reference' });
    pool.on('error', () => {});
    return {
      kind: 'postgres',
      query: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[],
      async transaction(fn) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await fn({ query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[] });
          await client.query('commit');
          return result;
        } catch (err) {
          await client.query('rollback').catch(() => {});
          throw err;
        } finally {
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  if (!options.pgliteDir) throw new Error('give --pglite-dir DIR or --database-url URL');
  mkdirSync(options.pgliteDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir: options.pgliteDir });
  return {
    kind: 'pglite',
    query: async <T>(text: string, params?: unknown[]) => (await pglite.query<T>(text, params)).rows,
    transaction: (fn) => pglite.transaction((tx) => fn({ query: async <T>(text: string, params?: unknown[]) => (await tx.query<T>(text, params)).rows })),
    close: () => pglite.close(),
  };
}
