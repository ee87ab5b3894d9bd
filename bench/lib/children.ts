// Child processes under test (Tinn, the reference server): start, wait for readiness, stop.
// Every child is tracked so that it is killed however the benchmark ends: normal return, thrown
// error, Ctrl+C, or an uncaught exception.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export interface Child {
  name: string;
  process: ChildProcess;
  /** performance.now() just before spawn. */
  spawnedAt: number;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  hasExited(): boolean;
  /** The last few KB of stdout and stderr, for error messages. */
  output(): string;
}

const live = new Set<Child>();
const OUTPUT_KEEP = 8 * 1024;

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Spawns `node ARGS` in the repository root. Variables that would point the child at another database or
 * configuration (DATABASE_URL, TINN_*) are dropped; `env` then sets what the scenario wants.
 */
export function startChild(name: string, args: string[], env: Record<string, string> = {}): Child {
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key === 'DATABASE_URL' || key.startsWith('TINN_')) continue;
    childEnv[key] = value;
  }
  Object.assign(childEnv, env);

  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEEP);
  };
  const spawnedAt = performance.now();
  const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  // Draining both pipes matters: a child blocks once a pipe buffer is full.
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);

  let exited = false;
  const child: Child = {
    name,
    process: proc,
    spawnedAt,
    exited: new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        exited = true;
        live.delete(child);
        resolve(code ?? signal ?? 'unknown');
      });
      proc.once('error', (err) => {
        exited = true;
        live.delete(child);
        keep(Buffer.from(`spawn failed: ${err.message}\n`));
        resolve('spawn-error');
      });
    }),
    hasExited: () => exited,
    output: () => output,
  };
  live.add(child);
  return child;
}

/** Asks the child to stop (SIGTERM, as an operator would), then kills it after `graceMs`. */
export async function stopChild(child: Child, graceMs = 5000): Promise<void> {
  if (child.hasExited()) return;
  child.process.kill('SIGTERM');
  const timedOut = Symbol('timeout');
  const result = await Promise.race([child.exited, sleep(graceMs, timedOut)]);
  if (result === timedOut && !child.hasExited()) {
    child.process.kill('SIGKILL');
    await child.exited;
  }
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live].map((c) => stopChild(c)));
}

function killAllNow(): void {
  for (const c of live) c.process.kill('SIGKILL');
}

process.once('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllNow();
    process.exit(130);
  });
}

/** A TCP port that was free a moment ago (bound to 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Status code of one GET, or undefined when the connection fails (not listening yet). */
export function getStatus(url: string, timeoutMs = 1000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(undefined));
  });
}

/** GET returning status and body, for checking what a server answers before loading it. */
export function getText(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.once('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.once('error', reject);
  });
}

/**
 * Polls `url` every `intervalMs` until it answers 200; returns milliseconds since the child was spawned.
 * Fails when the child exits first or `timeoutMs` passes, quoting the child's output.
 */
export async function waitUntilReady(child: Child, url: string, intervalMs = 25, timeoutMs = 60_000): Promise<number> {
  for (;;) {
    const status = await getStatus(url);
    if (status === 200) return performance.now() - child.spawnedAt;
    if (child.hasExited()) {
      throw new Error(`${child.name} exited before ${url} answered 200. Output:\n${child.output()}`);
    }
    if (performance.now() - child.spawnedAt > timeoutMs) {
      throw new Error(`${child.name}: ${url} did not answer 200 within ${timeoutMs} ms (last status ${status ?? 'no connection'}). Output:\n${child.output()}`);
    }
    await sleep(intervalMs);
  }
}
