// How the scenarios start the two servers they compare. Both go through a `bin/*.js` launcher that
// registers tsx, so both pay the same TypeScript loader cost.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startChild, type Child } from './children.ts';

export interface Server {
  child: Child;
  baseUrl: string;
}

const dataDirs = new Set<string>();

// Ctrl+C ends the process without running the scenarios' finally blocks; leave no data dirs behind.
process.once('exit', () => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** The embedded database's data directory for one scenario; remove it with removeDataDir. */
export async function makeDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tinn-bench-'));
  dataDirs.add(dir);
  return dir;
}

export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  dataDirs.delete(dir);
}

/**
 * `node bin/tinn.js start --testenv --roles api --port N` on the embedded database in `dataDir`. Log level
 * warn, so that per-request logging does not dominate the measurement; login and system-token rate limits
 * raised, since the load generator is one address logging the same few people (and one data system) in many
 * times a second.
 */
export async function startTinn(dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = startChild('tinn', ['bin/tinn.js', 'start', '--testenv', '--roles', 'api', '--port', String(port)], {
    TINN_DATA_DIR: dataDir,
    TINN_LOG_LEVEL: 'warn',
    TINN_AUTHN_RATE_LIMIT_IP_PER_MINUTE: '1000000',
    TINN_AUTHN_RATE_LIMIT_ACCOUNT_PER_HOUR: '1000000',
    TINN_AUTHN_RATE_LIMIT_SYSTEM_PER_MINUTE: '1000000',
  });
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

/** The bare Fastify reference server (bench/lib/reference-server.ts). */
export async function startReference(): Promise<Server> {
  const port = await freePort();
  const child = startChild('reference', ['bin/run-ts.js', 'bench/lib/reference-server.ts', '--port', String(port)]);
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}
