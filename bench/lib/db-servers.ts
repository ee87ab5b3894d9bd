// Servers for the scenarios that measure both database kinds (submission, message-box): Tinn on the embedded
// database or on PostgreSQL, and a reference server with a database of the same kind. Like lib/servers.ts,
// everything goes through a `bin/*.js` launcher, so both sides pay the same start-up costs.
import { freePort, startChild } from './children.ts';
import type { Server } from './servers.ts';

export type DbKind = 'pglite' | 'postgres';

export const DB_KIND_LABEL: Record<DbKind, string> = { pglite: 'PGlite (embedded)', postgres: 'PostgreSQL' };

/** Where a server keeps its data: a PGlite data directory, or a PostgreSQL database URL. */
export type DbTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

/** Connections of Tinn's PostgreSQL pool (TINN_DB_POOL_MAX, its default) and of the references' pg pools. */
export const POOL_MAX = 10;

/**
 * `node bin/tinn.js start --testenv --roles api --port N` with `TINN_DATA_DIR=dataDir` (the embedded database
 * lives under it, and on PostgreSQL still the blobs) and, for PostgreSQL, `DATABASE_URL`. Settings as in
 * lib/servers.ts: log level warn, rate limits for logins and system tokens raised.
 */
export async function startTinnOn(dataDir: string, databaseUrl?: string): Promise<Server> {
  const port = await freePort();
  const child = startChild('tinn', ['bin/tinn.js', 'start', '--testenv', '--roles', 'api', '--port', String(port)], {
    TINN_DATA_DIR: dataDir,
    TINN_LOG_LEVEL: 'warn',
    TINN_AUTHN_RATE_LIMIT_IP_PER_MINUTE: '1000000',
    TINN_AUTHN_RATE_LIMIT_ACCOUNT_PER_HOUR: '1000000',
    TINN_AUTHN_RATE_LIMIT_SYSTEM_PER_MINUTE: '1000000',
    TINN_DB_POOL_MAX: String(POOL_MAX),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

/** A reference server (`bench/lib/<file>`) on a database of the given kind. */
export async function startDbReference(file: string, target: DbTarget, args: string[] = []): Promise<Server> {
  const port = await freePort();
  const db = target.kind === 'pglite' ? ['--pglite-dir', target.dataDir] : ['--database-url', target.url, '--pool-max', String(POOL_MAX)];
  const child = startChild('reference', ['bin/run-ts.js', `bench/lib/${file}`, '--port', String(port), ...db, ...args]);
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

/**
 * Log lines at warn (40) or above in the last few KB of a child's output (Tinn logs JSON with pino at
 * TINN_LOG_LEVEL=warn), each cut to `maxChars`, so a scenario can report errors under load.
 */
export function warningLines(output: string, maxChars = 300): { warnings: number; errors: number; lines: string[] } {
  let warnings = 0;
  let errors = 0;
  const lines: string[] = [];
  for (const line of output.split('\n')) {
    const level = /"level":(\d+)/.exec(line)?.[1];
    if (level === undefined || Number(level) < 40) continue;
    if (Number(level) >= 50) errors++;
    else warnings++;
    lines.push(line.length > maxChars ? `${line.slice(0, maxChars)}…` : line);
  }
  return { warnings, errors, lines };
}
