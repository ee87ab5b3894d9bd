// The SQL statements one request sends, counted untimed in the benchmark process: Tinn composed as
// test/support/tinn.ts does (and authz-decision), on a fresh PGlite data dir with the demo world, the HTTP API
// through app.inject, and the PGlite instance's `query` and `exec` wrapped while the request runs. The statements
// are the same on PostgreSQL (the same code path; only the driver differs), so this explains both databases.
import { join } from 'node:path';
import { parseConfig } from '../../src/platform/config/index.ts';
import { createLogger, migrateToLatest, openDb, type Db, type HttpApp } from '../../src/platform/index.ts';
import { buildApi } from '../../src/roles/api/build-api.ts';
import { allMigrations, composeTinn, type Tinn } from '../../src/roles/compose.ts';
import { makeDataDir, removeDataDir } from './servers.ts';

export interface InProcessTinn {
  app: HttpApp;
  tinn: Tinn;
  db: Db;
  /** Runs `fn` and returns the statements it sent, each shortened to its verb and first table (e.g. "insert submissions.receipt"). */
  statements(fn: () => Promise<unknown>): Promise<string[]>;
  close(): Promise<void>;
}

/** A short name for a statement: "begin", "select platform.version", "insert submissions.receipt", … */
export function statementName(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  const verb = (/^\w+/.exec(text)?.[0] ?? '?').toLowerCase();
  const table = /\b(?:from|into|update|join)\s+("?[\w]+"?\."?[\w]+"?)/i.exec(text)?.[1]?.replaceAll('"', '');
  if (verb === 'select' && /nextval\(/i.test(text)) return 'select nextval';
  return table ? `${verb} ${table}` : verb;
}

/** Counts of each name in order of first appearance, e.g. "insert submissions.receipt ×2". */
export function summarizeStatements(names: string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([n, c]) => (c > 1 ? `${n} ×${c}` : n)).join(', ');
}

export async function startInProcessTinn(): Promise<InProcessTinn> {
  const dataDir = await makeDataDir();
  const parsed = parseConfig({ env: { TINN_TESTENV: 'true', TINN_LOG_LEVEL: 'silent', TINN_DATA_DIR: dataDir, TINN_HTTP_PORT: '0' } });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const db = await openDb({ dataDir: join(dataDir, 'pglite') });
  let tinn: Tinn | undefined;
  let app: HttpApp | undefined;
  try {
    await migrateToLatest(db.kysely, allMigrations);
    tinn = composeTinn({ config: parsed.config, db, log: createLogger('silent') });
    await tinn.changes.start();
    if (!tinn.testenv) throw new Error('the test environment is off');
    await tinn.testenv.ensureWorldLoaded();
    app = await buildApi(tinn);
    await app.ready();
  } catch (err) {
    await app?.close();
    await tinn?.changes.close();
    await db.close();
    await removeDataDir(dataDir);
    throw err;
  }
  const pglite = db.pglite as unknown as Record<string, (...args: unknown[]) => unknown>;
  const composed = tinn;
  const api = app;
  return {
    app: api,
    tinn: composed,
    db,
    async statements(fn) {
      const names: string[] = [];
      const originals = (['query', 'exec'] as const).map((m) => [m, pglite[m]!] as const);
      for (const [m, original] of originals) {
        pglite[m] = (...args: unknown[]) => {
          names.push(statementName(String(args[0])));
          return original.apply(pglite, args);
        };
      }
      try {
        await fn();
      } finally {
        for (const [m, original] of originals) pglite[m] = original;
      }
      return names;
    },
    async close() {
      await api.close();
      await composed.changes.close();
      await db.close();
      await removeDataDir(dataDir);
    },
  };
}
