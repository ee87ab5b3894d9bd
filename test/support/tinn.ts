// Builds a complete Tinn (every module, the HTTP API) on a fresh test database.
import { parseConfig, type Config } from '../../src/platform/config/index.ts';
import { createLogger, SettableClock, type Clock, type HttpApp, type Random } from '../../src/platform/index.ts';
import { buildApi } from '../../src/roles/api/build-api.ts';
import { composeTinn, type Tinn } from '../../src/roles/compose.ts';
import { openTestDb, type TestDb } from './db.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestTinn {
  tinn: Tinn;
  app: HttpApp;
  db: TestDb;
  config: Config;
  close(): Promise<void>;
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
  const result = parseConfig({ env: { TINN_TESTENV: 'true', TINN_LOG_LEVEL: 'silent', TINN_DATA_DIR: dir, TINN_HTTP_PORT: '0', ...env } });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}

export async function buildTestTinn(options: TestTinnOptions = {}): Promise<TestTinn> {
  const config = testConfig(options.env);
  const db = await openTestDb();
  const tinn = composeTinn({
    config,
    db,
    log: createLogger('silent'),
    clock: options.clock ?? new SettableClock(),
    ...(options.random ? { random: options.random } : {}),
  });
  const app = await buildApi(tinn);
  await app.ready();
  return {
    tinn,
    app,
    db,
    config,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** Every module on a fresh test database, without the HTTP server (for use-case tests). */
export async function composeTestTinn(options: TestTinnOptions = {}): Promise<{ tinn: Tinn; db: TestDb; close(): Promise<void> }> {
  const config = testConfig(options.env);
  const db = await openTestDb();
  const tinn = composeTinn({
    config,
    db,
    log: createLogger('silent'),
    clock: options.clock ?? new SettableClock(),
    ...(options.random ? { random: options.random } : {}),
  });
  return { tinn, db, close: () => db.close() };
}
