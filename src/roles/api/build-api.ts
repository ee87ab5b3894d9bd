import { createHttpServer, pendingMigrations, type HttpApp, type ReadinessReport } from '../../platform/index.ts';
import { sql } from 'kysely';
import { registerRegisterRoutes } from '../../modules/register/index.ts';
import { registerProfileRoutes } from '../../modules/profile/index.ts';
import { registerCatalogRoutes } from '../../modules/catalog/index.ts';
import { registerArchiveRoutes, registerPrefillFormTaskRoutes, registerSubmissionsRoutes, registerWorkListRoutes } from '../../modules/submissions/index.ts';
import { registerPrefillRoutes } from '../../modules/prefill/index.ts';
import { registerSystemsRoutes } from '../../modules/systems/index.ts';
import { registerNotificationRoutes } from '../../modules/notifications/index.ts';
import { registerCorrespondenceRoutes } from '../../modules/correspondence/index.ts';
import { registerAuthzRoutes } from '../../modules/authz/index.ts';
import { apiKeyFrom, bearerFrom, registerAuthnRoutes, sessionTokenFrom } from '../../modules/authn/index.ts';
import { registerTestenvRoutes } from '../../modules/testenv/index.ts';
import { registerBrokerRoutes } from '../../modules/broker/index.ts';
import { allMigrations, type Tinn } from '../compose.ts';
import { version } from '../version.ts';
import { registerPortal } from './portal.ts';
import { registerCertificateSoapEndpoints, registerSoapEndpoints } from './soap.ts';
import { canonicalSoapUrl } from '../../platform/soap/index.ts';
import { join } from 'node:path';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The database reachable and migrated: what /health/ready reports on each listener. */
function readinessOf(tinn: Tinn) {
  return async (): Promise<ReadinessReport> => {
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
}

/**
 * The TLS listener of the enterprise-certificate SOAP endpoints (EC, AEC): HTTPS that admits only clients
 * with a certificate from the configured authorities, serving those endpoints and the health checks.
 * Without `tls` it is plain HTTP, for tests that inject requests.
 */
export async function buildCertificateSoapApi(tinn: Tinn, tls?: { key: string; cert: string; ca: string }): Promise<HttpApp> {
  const { app } = await createHttpServer({
    log: tinn.log,
    random: tinn.random,
    publicUrl: tinn.config.http.publicUrl,
    bodyLimit: tinn.config.http.bodyLimit,
    trustProxy: false,
    version,
    readiness: readinessOf(tinn),
    rewriteUrl: canonicalSoapUrl,
    ...(tls ? { https: tls } : {}),
  });
  await registerCertificateSoapEndpoints(app, tinn);
  return app;
}

/** The api role: the HTTP server with every module's routes. Composition only. */
export async function buildApi(tinn: Tinn): Promise<HttpApp> {
  const readiness = readinessOf(tinn);
  const { app } = await createHttpServer({
    log: tinn.log,
    random: tinn.random,
    publicUrl: tinn.config.http.publicUrl,
    bodyLimit: tinn.config.http.bodyLimit,
    trustProxy: tinn.config.http.trustProxy,
    version,
    readiness,
    rewriteUrl: canonicalSoapUrl,
    authenticate: (req) =>
      tinn.authn.authenticate({
        bearer: bearerFrom(req.headers.authorization),
        sessionToken: sessionTokenFrom(req.headers.cookie),
        apiKey: apiKeyFrom(req.headers.apikey),
        ip: req.ip,
        csrfToken: headerValue(req.headers['x-csrf-token']),
        changes: !SAFE_METHODS.has(req.method),
      }),
    tags: [
      { name: 'authn', description: 'Login (password + SMS code), sessions, access tokens, JWKS' },
      { name: 'profile', description: 'My profile and login settings' },
      { name: 'register', description: 'Organisations, persons and ER roles' },
      { name: 'authz', description: 'Roles, reportees, rights and delegation' },
      { name: 'catalog', description: 'Service editions, forms and their XSDs; service owners deploy' },
      { name: 'systems', description: 'System types (vendor products) and data systems' },
      { name: 'submissions', description: 'Form tasks, receipts, message box, archive, download queue' },
      { name: 'prefill', description: 'Prefilled form sets: service owners store and instantiate them, reportees read them' },
      { name: 'correspondence', description: 'Messages from service owners: send, read, confirm, archive, status' },
      { name: 'notifications', description: 'Notification templates, standalone notifications (SMS, e-mail) and their delivery status' },
      ...(tinn.testenv ? [{ name: 'testenv', description: 'Self-service test environment (only when enabled)' }] : []),
    ],
  });
  registerAuthnRoutes(app, tinn.authn, { secureCookie: tinn.config.authn.secureCookie, testLogin: tinn.testenv !== undefined });
  registerProfileRoutes(app, tinn.profile);
  registerRegisterRoutes(app, tinn.register);
  registerAuthzRoutes(app, tinn.authz);
  registerCatalogRoutes(app, tinn.catalog, { testEnvironment: tinn.testenv !== undefined, now: () => tinn.clock.now() });
  registerSystemsRoutes(app, tinn.systems);
  registerNotificationRoutes(app, tinn.notifications);
  registerCorrespondenceRoutes(app, tinn.correspondence);
  registerSubmissionsRoutes(app, tinn.submissions);
  registerArchiveRoutes(app, tinn.submissions);
  registerWorkListRoutes(app, tinn.submissions);
  registerPrefillFormTaskRoutes(app, tinn.submissions);
  registerPrefillRoutes(app, tinn.prefill);
  registerBrokerRoutes(app, tinn.broker);
  if (tinn.testenv) registerTestenvRoutes(app, tinn.testenv);
  await registerSoapEndpoints(app, tinn);
  registerPortal(app, join(tinn.config.portal.dir, 'dist'));
  return app;
}
