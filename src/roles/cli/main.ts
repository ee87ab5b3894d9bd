import { parseArgs } from 'node:util';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePortalBuilt } from '../portal-build.ts';
import { isAppError, createLogger, migrateToLatest } from '../../platform/index.ts';
import { parseConfig, type Config } from '../../platform/config/index.ts';
import { openConfiguredDb, startTinn } from '../../main.ts';
import { allMigrations, composeTinn } from '../compose.ts';
import { readServiceDirectory } from '../../modules/catalog/index.ts';

const USAGE = `Usage: tinn <command> [options]

Commands:
  start [--roles api,worker,sftp] [--port N] [--world FILE] [--testenv]
                      Start Tinn (migrates, loads the test world on first start with --testenv).
  migrate             Run pending database migrations and exit.
  world load FILE     Load a world file (persons, organisations, roles) into the database.
  system-types pending            List system types waiting for approval.
  system-types approve ID         Approve a vendor's system type.
  serviceowner add-system CODE NAME --allow CIDR [--allow CIDR …] [--password P] [--api-key]
                      Add an agency system for service owner CODE; prints a generated password (and key) once.
  serviceowner api-key NAME       Issue another API key for an agency system (printed once).
  serviceowner revoke-key NAME HINT
                      Revoke an API key by the hint shown in lists.
  serviceowner allow NAME --allow CIDR [--allow CIDR …]
                      Replace an agency system's IP allow-list.
  serviceowner list               List agency systems, their allow-lists and key hints.
  services deploy DIR [DIR …] [--url URL --api-key KEY]
                      Deploy service directories (service.yaml + XSDs; see docs/service-format.md): into the
                      configured database as the operator, or through a running Tinn's REST API with an
                      agency system's API key.
  portal build [--force]
                      Build the web portal (Vite) into TINN_PORTAL_DIR/dist when missing or stale (start
                      does this too); --force builds even when current.
  help                Show this text.

Configuration comes from environment variables and TINN_CONFIG_FILE; see docs/configuration.md.`;

type Out = { out: (s: string) => void; err: (s: string) => void };
const stdio: Out = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

/** Loads configuration, printing every problem; undefined means exit 1. */
function loadConfig(overrides: Record<string, string | undefined>, io: Out): Config | undefined {
  const result = parseConfig({ env: process.env, overrides });
  if (result.ok) return result.config;
  io.err('Invalid configuration:');
  for (const p of result.problems) io.err(`  - ${p}`);
  io.err('See docs/configuration.md.');
  return undefined;
}

/** Runs the `tinn` command; resolves to the exit code (start resolves when the server stops). */
export async function runCli(argv: string[], io: Out = stdio): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      return start(rest, io);
    case 'migrate':
      return migrate(rest, io);
    case 'world':
      return world(rest, io);
    case 'system-types':
      return systemTypes(rest, io);
    case 'serviceowner':
      return serviceOwner(rest, io);
    case 'services':
      return services(rest, io);
    case 'portal':
      return portal(rest, io);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.err(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
      return 2;
  }
}

async function portal(args: string[], io: Out): Promise<number> {
  if (args[0] !== 'build' || args.some((a, i) => i > 0 && a !== '--force')) {
    io.err(`Usage: tinn portal build [--force]\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig({}, io);
  if (!config) return 1;
  try {
    if (args.includes('--force')) rmSync(join(config.portal.dir, 'dist', 'build.json'), { force: true });
    const built = await ensurePortalBuilt(config.portal.dir, { packageJson: join(config.portal.dir, '..', 'package.json'), log: io.out });
    if (!built) io.out(`portal build in ${join(config.portal.dir, 'dist')} is current`);
    return 0;
  } catch (err) {
    io.err(`portal build failed: ${(err as Error).message}`);
    return 1;
  }
}

async function start(args: string[], io: Out): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { roles: { type: 'string' }, port: { type: 'string' }, world: { type: 'string' }, testenv: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(
    {
      TINN_ROLES: values.roles,
      TINN_HTTP_PORT: values.port,
      TINN_WORLD_FILE: values.world,
      TINN_TESTENV: values.testenv ? 'true' : undefined,
    },
    io,
  );
  if (!config) return 1;
  const log = createLogger(config.log.level);
  let running;
  try {
    running = await startTinn(config, log);
  } catch (err) {
    log.fatal({ err }, 'start failed');
    io.err(`Tinn could not start: ${isAppError(err) ? err.message : (err as Error).message}`);
    return 1;
  }
  // Signal handlers first: a SIGTERM that arrives while the banner is printed must still stop cleanly.
  const stopped = new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, 'stopping');
      running.stop().then(
        () => resolve(0),
        (err) => {
          log.error({ err }, 'stop failed');
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  await printBanner(running, config, io);
  return stopped;
}

async function printBanner(running: Awaited<ReturnType<typeof startTinn>>, config: Config, io: Out): Promise<void> {
  // With port 0 the kernel picked the port: show the address actually bound.
  const base = config.http.port === 0 && running.url ? running.url.replace('127.0.0.1', 'localhost') : config.http.publicUrl;
  const lines = ['', `Tinn is running (${config.roles.join(', ')}) on ${config.db.url ? 'PostgreSQL' : `the embedded database in ${config.db.dataDir}`}.`];
  if (running.url) {
    lines.push(`  Portal       ${base}/`, `  API docs     ${base}/api/docs`, `  OpenAPI      ${base}/api/openapi.json`, `  Health       ${base}/health/ready`, `  Metrics      ${base}/metrics`);
    lines.push(`  Example      ${base}/api/v1/organizations/{orgno}`);
  }
  if (running.sftpPort !== undefined) lines.push(`  SFTP         sftp -P ${running.sftpPort} <SystemID, enterprise user or agency system>@${config.sftp.host === '0.0.0.0' ? 'localhost' : config.sftp.host}`);
  if (running.tinn.testenv) {
    lines.push('', `Test environment ON (world: ${config.testenv.worldFile})`, `  Test page    ${base}/testenv (create test people, read SMS codes)`, `  Outbox       ${base}/api/v1/testenv/outbox`);
    const logins = await running.tinn.testenv.listDemoLogins().catch(() => []);
    if (logins.length > 0) {
      lines.push(`  Demo people: log in at ${base}/login (or POST /api/v1/authn/login) with national id or user name and the password, then the SMS code from the outbox`);
      for (const l of logins.slice(0, 6)) lines.push(`    ${l.ssn}  ${(l.username ?? '').padEnd(14)} ${(l.password ?? '').padEnd(15)} ${l.name} — ${l.note}`);
    }
  }
  lines.push('', 'Stop with Ctrl+C.', '');
  io.err(lines.join('\n'));
}

async function migrate(args: string[], io: Out): Promise<number> {
  if (args.length > 0) {
    io.err(`migrate takes no arguments.\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig({}, io);
  if (!config) return 1;
  const db = await openConfiguredDb(config);
  try {
    const ran = await migrateToLatest(db.kysely, allMigrations);
    io.out(ran.length === 0 ? 'Database is up to date.' : `Applied ${ran.length} migration(s):\n${ran.map((m) => `  ${m}`).join('\n')}`);
    return 0;
  } catch (err) {
    io.err(`Migration failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }
}

async function world(args: string[], io: Out): Promise<number> {
  if (args[0] !== 'load' || args.length !== 2) {
    io.err(`Usage: tinn world load FILE\n\n${USAGE}`);
    return 2;
  }
  // Loading a world means synthetic identities: it uses the test environment's rules.
  const config = loadConfig({ TINN_TESTENV: 'true' }, io);
  if (!config) return 1;
  const db = await openConfiguredDb(config);
  try {
    await migrateToLatest(db.kysely, allMigrations);
    const tinn = composeTinn({ config, db, log: createLogger('warn') });
    const summary = await tinn.testenv!.loadWorld(args[1]);
    io.out(
      `Loaded ${args[1]}: ${summary.persons.created} person(s) created (${summary.persons.existing} existed), ` +
        `${summary.organizations.created} organisation(s) created (${summary.organizations.existing} existed), ${summary.roles} role(s).`,
    );
    return 0;
  } catch (err) {
    if (isAppError(err)) {
      io.err(`${err.problem.code} ${err.problem.title}${err.detail ? `: ${err.detail}` : ''}`);
      for (const e of err.errors ?? []) io.err(`  - ${e.path ?? ''}: ${e.message}${e.rule ? ` (${e.rule})` : ''}`);
    } else {
      io.err(`World load failed: ${(err as Error).message}`);
    }
    return 1;
  } finally {
    await db.close();
  }
}

async function systemTypes(args: string[], io: Out): Promise<number> {
  const [sub, id] = args;
  if (!((sub === 'pending' && args.length === 1) || (sub === 'approve' && args.length === 2 && /^\d+$/.test(id ?? '')))) {
    io.err(`Usage: tinn system-types pending | tinn system-types approve ID\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig({}, io);
  if (!config) return 1;
  const db = await openConfiguredDb(config);
  try {
    const tinn = composeTinn({ config, db, log: createLogger('warn') });
    if (sub === 'pending') {
      const pending = await tinn.systems.uncheckedListPendingSystemTypes();
      if (pending.length === 0) io.out('No system types are waiting for approval.');
      for (const t of pending) io.out(`${t.systemTypeId}\t${t.name}\t${t.vendor.orgno} ${t.vendor.name}\t${t.createdAt.toISOString()}`);
      return 0;
    }
    const type = await tinn.systems.uncheckedApproveSystemType(Number(id));
    io.out(`Approved system type ${type.systemTypeId} "${type.name}" of ${type.vendor.name} (${type.vendor.orgno}).`);
    return 0;
  } catch (err) {
    io.err(isAppError(err) ? `${err.problem.code} ${err.problem.title}${err.detail ? `: ${err.detail}` : ''}` : `Failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }
}

const SERVICE_OWNER_USAGE = 'Usage: tinn serviceowner add-system CODE NAME --allow CIDR [--password P] [--api-key] | password NAME --password P | api-key NAME | revoke-key NAME HINT | allow NAME --allow CIDR | list';

async function serviceOwner(args: string[], io: Out): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { allow: { type: 'string', multiple: true }, password: { type: 'string' }, 'api-key': { type: 'boolean' } },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${SERVICE_OWNER_USAGE}`);
    return 2;
  }
  const [sub, a, b] = parsed.positionals;
  const { values } = parsed;
  const shapes: Record<string, number> = { 'add-system': 3, password: 2, 'api-key': 2, 'revoke-key': 3, allow: 2, list: 1 };
  if (!sub || shapes[sub] !== parsed.positionals.length) {
    io.err(`${SERVICE_OWNER_USAGE}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig({}, io);
  if (!config) return 1;
  const db = await openConfiguredDb(config);
  try {
    const { systems } = composeTinn({ config, db, log: createLogger('warn') });
    const describe = (s: Awaited<ReturnType<typeof systems.uncheckedGetServiceOwnerSystem>>) =>
      `${s.systemName}\t${s.serviceOwner.code} ${s.serviceOwner.orgno} ${s.serviceOwner.name}\tallow ${s.allowedCidrs.join(', ')}\tkeys ${s.apiKeys.filter((k) => !k.revokedAt).map((k) => `${k.keyHint}…`).join(', ') || '-'}`;
    switch (sub) {
      case 'add-system': {
        const added = await systems.uncheckedAddServiceOwnerSystem({ serviceOwnerCode: a!, name: b!, allowedCidrs: values.allow ?? [], ...(values.password !== undefined ? { password: values.password } : {}) });
        io.out(`Added agency system ${describe(added.system)}`);
        if (added.generatedPassword) io.out(`Password (shown once): ${added.generatedPassword}`);
        if (values['api-key']) io.out(`API key (shown once): ${(await systems.uncheckedCreateServiceOwnerApiKey(b!)).apiKey}`);
        return 0;
      }
      case 'password':
        if (values.password === undefined) {
          io.err(SERVICE_OWNER_USAGE);
          return 2;
        }
        // Also seals it when TINN_CREDENTIALS_KEY is set (WS-Security PasswordDigest).
        io.out(`New password set for ${describe(await systems.uncheckedUpdateServiceOwnerSystem(a!, { password: values.password }))}`);
        return 0;
      case 'api-key':
        io.out(`API key (shown once): ${(await systems.uncheckedCreateServiceOwnerApiKey(a!)).apiKey}`);
        return 0;
      case 'revoke-key':
        await systems.uncheckedRevokeServiceOwnerApiKey(a!, b!.replace(/…$/, ''));
        io.out(`Revoked ${b} of ${a}.`);
        return 0;
      case 'allow':
        io.out(`Updated ${describe(await systems.uncheckedUpdateServiceOwnerSystem(a!, { allowedCidrs: values.allow ?? [] }))}`);
        return 0;
      default: {
        const all = await systems.uncheckedListServiceOwnerSystems();
        if (all.length === 0) io.out('No agency systems.');
        for (const s of all) io.out(describe(s));
        return 0;
      }
    }
  } catch (err) {
    io.err(isAppError(err) ? `${err.problem.code} ${err.problem.title}${err.detail ? `: ${err.detail}` : ''}` : `Failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }
}

const SERVICES_USAGE = 'Usage: tinn services deploy DIR [DIR …] [--url URL --api-key KEY]';

function printProblem(io: Out, err: unknown): void {
  if (isAppError(err)) {
    io.err(`${err.problem.code} ${err.problem.title}${err.detail ? `: ${err.detail}` : ''}`);
    for (const e of err.errors ?? []) io.err(`  - ${e.path ?? ''}${e.line ? `:${e.line}` : ''}: ${e.message}`);
  } else {
    io.err(`Failed: ${(err as Error).message}`);
  }
}

/** Deploys service directories, directly (operator) or through the REST API (a service owner's key). */
async function services(args: string[], io: Out): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { url: { type: 'string' }, 'api-key': { type: 'string' } } });
  } catch (err) {
    io.err(`${(err as Error).message}\n${SERVICES_USAGE}`);
    return 2;
  }
  const [sub, ...dirs] = parsed.positionals;
  const { url, 'api-key': apiKey } = parsed.values;
  if (sub !== 'deploy' || dirs.length === 0 || (url === undefined) !== (apiKey === undefined)) {
    io.err(`${SERVICES_USAGE}\n\n${USAGE}`);
    return 2;
  }
  const report = (dir: string, outcome: string, e: { serviceCode: string; serviceEditionCode: number; state: string; contentSha256: string }) =>
    io.out(`${dir}: ${e.serviceCode} edition ${e.serviceEditionCode} ${outcome} (${e.state}, ${e.contentSha256.slice(0, 12)})`);
  if (url !== undefined) {
    for (const dir of dirs) {
      try {
        const service = await readServiceDirectory(dir);
        const res = await fetch(new URL(`/api/v1/serviceowner/services/${encodeURIComponent(service.serviceCode)}/${service.serviceEditionCode}`, url), {
          method: 'PUT',
          headers: { 'content-type': 'application/json', apikey: apiKey! },
          body: JSON.stringify({ definition: service.definition, files: service.files }),
        });
        const body = (await res.json()) as { code?: string; title?: string; detail?: string; errors?: { path?: string; line?: number; message: string }[] } & Parameters<typeof report>[2];
        if (!res.ok) {
          io.err(`${dir}: ${body.code ?? res.status} ${body.title ?? ''}${body.detail ? `: ${body.detail}` : ''}`);
          for (const e of body.errors ?? []) io.err(`  - ${e.path ?? ''}${e.line ? `:${e.line}` : ''}: ${e.message}`);
          return 1;
        }
        report(dir, res.headers.get('x-tinn-deploy') ?? 'deployed', body);
      } catch (err) {
        printProblem(io, err);
        return 1;
      }
    }
    return 0;
  }
  const config = loadConfig({}, io);
  if (!config) return 1;
  const db = await openConfiguredDb(config);
  try {
    await migrateToLatest(db.kysely, allMigrations);
    const { catalog } = composeTinn({ config, db, log: createLogger('warn') });
    for (const dir of dirs) {
      const service = await readServiceDirectory(dir);
      const { edition, outcome } = await catalog.uncheckedDeployServiceEdition(service.serviceOwnerCode, service.serviceCode, service.serviceEditionCode, service);
      report(dir, outcome, edition);
    }
    return 0;
  } catch (err) {
    printProblem(io, err);
    return 1;
  } finally {
    await db.close();
  }
}
