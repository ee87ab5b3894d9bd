// Builds a complete Tinn (every module, the HTTP API) on a fresh test database.
import { parseConfig, type Config } from '../../src/platform/config/index.ts';
import { createLogger, openDb, SettableClock, type Clock, type HttpApp, type Random } from '../../src/platform/index.ts';
import { buildApi } from '../../src/roles/api/build-api.ts';
import { composeTinn, type Tinn } from '../../src/roles/compose.ts';
import { openTestDb, type TestDb } from './db.ts';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { after, before } from 'node:test';
import { sql } from 'kysely';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ComposedTestTinn {
  tinn: Tinn;
  db: TestDb;
  config: Config;
  close(): Promise<void>;
}

export interface TestTinn extends ComposedTestTinn {
  app: HttpApp;
}

export interface TestTinnOptions {
  /** Environment-style configuration overrides (TINN_TESTENV etc.). */
  env?: Record<string, string>;
  clock?: Clock;
  random?: Random;
}

/** Test configuration: test environment on, silent logs, a private data dir. */
export function testConfig(env: Record<string, string> = {}): Config {
  const dir = mkdtempSync(join(tmpdir(), 'tinn-data-'));
  // TEST_BLOB_STORE=s3: scripts/test.js runs one S3 server for the run; each config keeps its blobs
  // under a prefix of its own, so test files never see each other's.
  const s3: Record<string, string> = process.env.TINN_TEST_S3_ENDPOINT
    ? {
        TINN_BLOB_STORE: 's3',
        TINN_S3_ENDPOINT: process.env.TINN_TEST_S3_ENDPOINT,
        TINN_S3_BUCKET: process.env.TINN_TEST_S3_BUCKET ?? '',
        TINN_S3_ACCESS_KEY_ID: process.env.TINN_TEST_S3_ACCESS_KEY_ID ?? '',
        TINN_S3_SECRET_ACCESS_KEY: process.env.TINN_TEST_S3_SECRET_ACCESS_KEY ?? '',
        TINN_S3_PREFIX: `${randomUUID()}/`,
      }
    : {};
  const result = parseConfig({ env: { TINN_TESTENV: 'true', TINN_LOG_LEVEL: 'silent', TINN_DATA_DIR: dir, TINN_HTTP_PORT: '0', ...s3, ...env } });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}

/** Every module on a fresh test database, without the HTTP server (for use-case tests). */
export async function composeTestTinn(options: TestTinnOptions = {}): Promise<ComposedTestTinn> {
  const config = testConfig(options.env);
  const db = await openTestDb();
  const tinn = composeTinn({
    config,
    db,
    log: createLogger('silent'),
    clock: options.clock ?? new SettableClock(),
    ...(options.random ? { random: options.random } : {}),
  });
  await tinn.changes.start();
  return {
    tinn,
    db,
    config,
    async close() {
      await tinn.changes.close();
      await db.close();
    },
  };
}

/** Every module and the HTTP API (inject requests with `app.inject`) on a fresh test database. */
export async function buildTestTinn(options: TestTinnOptions = {}): Promise<TestTinn> {
  const composed = await composeTestTinn(options);
  const app = await buildApi(composed.tinn);
  await app.ready();
  return {
    ...composed,
    app,
    async close() {
      await app.close();
      await composed.close();
    },
  };
}

/**
 * Registers before/after hooks in the enclosing describe block and returns a getter for the composed
 * modules (use-case tests).
 */
export function useComposedTinn(options: TestTinnOptions = {}): () => ComposedTestTinn {
  let env: ComposedTestTinn | undefined;
  before(async () => {
    env = await composeTestTinn(options);
  });
  after(() => env?.close());
  return () => env!;
}

/** Rows in a table, for "nothing was written" assertions. */
export async function countRows(db: TestDb, table: string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db.kysely);
  return result.rows[0]!.n;
}

/**
 * A second, independent Tinn on the same PostgreSQL database (own pool, own caches, own change feed),
 * standing in for another process. PostgreSQL only.
 */
export async function composeSecondTinn(first: ComposedTestTinn): Promise<{ tinn: Tinn; close(): Promise<void> }> {
  if (!first.db.url) throw new Error('a second process needs PostgreSQL');
  const db = await openDb({ url: first.db.url, poolMax: 2 });
  // Processes on one machine share its time: the same clock, so tokens and expiries mean the same in both.
  const tinn = composeTinn({ config: first.config, db, log: createLogger('silent'), clock: first.tinn.clock });
  await tinn.changes.start();
  return {
    tinn,
    async close() {
      await tinn.changes.close();
      await db.close();
    },
  };
}
