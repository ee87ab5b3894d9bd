// PostgreSQL for the scenarios that measure both database kinds: a fresh database per run on a local server,
// dropped afterwards (also when the benchmark is interrupted). The server is BENCH_POSTGRES_URL, or
// postgres://postgres@127.0.0.1:5432/postgres; DATABASE_URL of the calling shell is never used, so a run
// cannot touch a real database by accident.
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { timestampForFile } from './results.ts';

export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The admin URL with the password (if any) hidden, for notes and logs. */
export function redactedUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** The server's version string, or an error message when it cannot be reached. */
export async function postgresServer(): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>("select current_setting('server_version') as v");
    return { ok: true, version: rows[0]?.v ?? 'unknown' };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  } finally {
    await client.end().catch(() => {});
  }
}

const created = new Set<string>();

// Ctrl+C ends the process without running the scenarios' finally blocks; drop what is left, synchronously.
process.once('exit', () => {
  for (const name of created) {
    spawnSync('psql', [POSTGRES_ADMIN_URL, '-qc', `drop database if exists "${name}" with (force)`], { stdio: 'ignore', timeout: 5000 });
  }
});

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface PostgresDatabase {
  name: string;
  /** Connection URL of the new database (same server and user as the admin URL). */
  url: string;
}

let seq = 0;

/** Creates an empty database `tinn_bench_<timestamp>_<label>_<n>`; drop it with dropDatabase. */
export async function createDatabase(label: string): Promise<PostgresDatabase> {
  const name = `tinn_bench_${timestampForFile(new Date()).toLowerCase()}_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${++seq}`;
  await admin((c) => c.query(`create database "${name}"`));
  created.add(name);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/** Drops the database, ending any connection still open to it. */
export async function dropDatabase(db: PostgresDatabase): Promise<void> {
  await admin((c) => c.query(`drop database if exists "${db.name}" with (force)`));
  created.delete(db.name);
}
