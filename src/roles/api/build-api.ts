import { createHttpServer, pendingMigrations, type HttpApp, type ReadinessReport } from '../../platform/index.ts';
import { sql } from 'kysely';
import { registerRegisterRoutes } from '../../modules/register/index.ts';
import { registerTestenvRoutes } from '../../modules/testenv/index.ts';
import { allMigrations, type Tinn } from '../compose.ts';
import { version } from '../version.ts';

/** The api role: the HTTP server with every module's routes. Composition only. */
export async function buildApi(tinn: Tinn): Promise<HttpApp> {
  const readiness = async (): Promise<ReadinessReport> => {
    const checks: ReadinessReport['checks'] = {};
    try {
      await sql`select 1`.execute(tinn.db.kysely);
      checks.database = { ok: true };
    } catch (err) {
      tinn.log.warn({ err }, 'readiness: database unreachable');
      checks.database = { ok: false, detail: 'unreachable' };
      checks.migrations = { ok: false, detail: 'unknown (database unreachable)' };
      return { ready: false, checks };
    }
    const pending = await pendingMigrations(tinn.db.kysely, allMigrations);
    checks.migrations = pending.length === 0 ? { ok: true } : { ok: false, detail: `${pending.length} pending` };
    return { ready: pending.length === 0, checks };
  };

  const { app } = await createHttpServer({
    log: tinn.log,
    random: tinn.random,
    publicUrl: tinn.config.http.publicUrl,
    bodyLimit: tinn.config.http.bodyLimit,
    trustProxy: tinn.config.http.trustProxy,
    version,
    readiness,
    tags: [
      { name: 'register', description: 'Organisations, persons and ER roles' },
      ...(tinn.testenv ? [{ name: 'testenv', description: 'Self-service test environment (only when enabled)' }] : []),
    ],
  });
  registerRegisterRoutes(app, tinn.register);
  if (tinn.testenv) registerTestenvRoutes(app, tinn.testenv);
  return app;
}
