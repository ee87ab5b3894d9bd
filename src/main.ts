import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePortalBuilt } from './roles/portal-build.ts';
import { createLogger, migrateToLatest, openDb, pendingMigrations, withStartupLock, type Config, type Db, type HttpApp, type JobWorker, type Logger } from './platform/index.ts';
import { describeConfig } from './platform/config/index.ts';
import { buildApi, buildCertificateSoapApi } from './roles/api/build-api.ts';
import { allMigrations, composeTinn, type Tinn } from './roles/compose.ts';
import { createWorker } from './roles/worker/start-worker.ts';
import { startSftpServer } from './roles/sftp/start-sftp.ts';

/** Builds the portal when its build is missing or stale; a failed build leaves the API running without it. */
async function buildPortal(config: Config, log: Logger): Promise<void> {
  if (!existsSync(join(config.portal.dir, 'index.html'))) return;
  try {
    await ensurePortalBuilt(config.portal.dir, { packageJson: join(config.portal.dir, '..', 'package.json'), log: (message) => log.info(message) });
  } catch (err) {
    log.error({ err }, 'portal build failed: the portal is not served');
  }
}

/** Opens the database the configuration names: PostgreSQL with DATABASE_URL, else PGlite in `<dataDir>/pglite`. */
export function openConfiguredDb(config: Config): Promise<Db> {
  return openDb({ url: config.db.url, dataDir: join(config.db.dataDir, 'pglite'), poolMax: config.db.poolMax });
}

export interface RunningTinn {
  tinn: Tinn;
  app: HttpApp | undefined;
  worker: JobWorker | undefined;
  /** The address the API listens on, when the api role runs. */
  url: string | undefined;
  /** The address of the TLS listener for enterprise-certificate SOAP endpoints, when configured. */
  certificateUrl: string | undefined;
  /** The SFTP server's port, when the sftp role runs. */
  sftpPort: number | undefined;
  stop(): Promise<void>;
}

/**
 * parse config → open db → migrate → build modules → start roles. The test environment's world is loaded
 * on first start.
 */
export async function startTinn(config: Config, log: Logger = createLogger(config.log.level)): Promise<RunningTinn> {
  log.info({ config: describeConfig(config) }, 'starting');
  const db = await openConfiguredDb(config);
  let tinn: Tinn | undefined;
  try {
    // The one-query check first: the migrator's own bookkeeping (lock table, schema checks) costs ~0.2 s.
    if (config.db.migrateOnStart && (await pendingMigrations(db.kysely, allMigrations)).length > 0) {
      const ran = await migrateToLatest(db.kysely, allMigrations);
      if (ran.length > 0) log.info({ migrations: ran }, 'migrations applied');
    }
    tinn = composeTinn({ config, db, log });
    await tinn.changes.start();
    if (tinn.testenv) {
      const testenv = tinn.testenv;
      // Several processes starting on one empty database load the world once: the others wait and find it loaded.
      const loaded = await withStartupLock(db, 'testenv.world', () => testenv.ensureWorldLoaded());
      if (loaded) log.info({ world: loaded, file: config.testenv.worldFile }, 'test world loaded');
    }
    let app: HttpApp | undefined;
    let url: string | undefined;
    let certificateApp: HttpApp | undefined;
    let certificateUrl: string | undefined;
    if (config.roles.includes('api')) {
      if (config.portal.build) await buildPortal(config, log);
      app = await buildApi(tinn);
      url = await app.listen({ host: config.http.host, port: config.http.port });
      const soap = config.soap;
      if (soap.tlsPort !== undefined && soap.tlsCertFile && soap.tlsKeyFile && soap.clientCaFile) {
        const read = (file: string) => readFileSync(file, 'utf8');
        certificateApp = await buildCertificateSoapApi(tinn, { cert: read(soap.tlsCertFile), key: read(soap.tlsKeyFile), ca: read(soap.clientCaFile) });
        certificateUrl = await certificateApp.listen({ host: config.http.host, port: soap.tlsPort });
        log.info({ url: certificateUrl }, 'enterprise-certificate SOAP endpoints listening');
      }
    }
    let sftp: { port: number; close(): Promise<void> } | undefined;
    if (config.roles.includes('sftp')) sftp = await startSftpServer(tinn, config.sftp, log.child({ role: 'sftp' }));
    let worker: JobWorker | undefined;
    if (config.roles.includes('worker')) {
      worker = createWorker(tinn);
      worker.start();
    }
    let stopped = false;
    const composed = tinn;
    return {
      tinn: composed,
      app,
      worker,
      url,
      certificateUrl,
      sftpPort: sftp?.port,
      async stop() {
        if (stopped) return;
        stopped = true;
        await sftp?.close();
        await certificateApp?.close();
        await app?.close();
        await worker?.stop();
        await composed.changes.close();
        await composed.mail.close?.();
        await composed.sms.close?.();
        await db.close();
      },
    };
  } catch (err) {
    await tinn?.changes.close();
    await db.close();
    throw err;
  }
}
