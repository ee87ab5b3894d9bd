import { parseArgs } from 'node:util';
import { isAppError, createLogger, migrateToLatest } from '../../platform/index.ts';
import { parseConfig, type Config } from '../../platform/config/index.ts';
import { openConfiguredDb, startTinn } from '../../main.ts';
import { allMigrations, composeTinn } from '../compose.ts';

const USAGE = `Usage: tinn <command> [options]

Commands:
  start [--roles api,worker] [--port N] [--world FILE] [--testenv]
                      Start Tinn (migrates, loads the test world on first start with --testenv).
  migrate             Run pending database migrations and exit.
  world load FILE     Load a world file (persons, organisations, roles) into the database.
  system-types pending            List system types waiting for approval.
  system-types approve ID         Approve a vendor's system type.
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
    lines.push(`  API docs     ${base}/api/docs`, `  OpenAPI      ${base}/api/openapi.json`, `  Health       ${base}/health/ready`, `  Metrics      ${base}/metrics`);
    lines.push(`  Example      ${base}/api/v1/organizations/{orgno}`);
  }
  if (running.tinn.testenv) {
    lines.push('', `Test environment ON (world: ${config.testenv.worldFile})`, `  Outbox       ${base}/api/v1/testenv/outbox`);
    const logins = await running.tinn.testenv.listDemoLogins().catch(() => []);
    if (logins.length > 0) {
      lines.push('  Demo people: POST /api/v1/authn/login with national id or user name and the password, then the SMS code from the outbox');
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
