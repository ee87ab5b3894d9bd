// The benchmark's side of notification delivery: the loopback sink (lib/notification-sink.ts, a child process),
// the dispatch floor (lib/notification-send-reference.ts, a child process), and a Tinn worker process. Used by the
// notifications scenario and by bench/reliability/notifications-outage.ts.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, startChild, waitUntilReady, type Child } from './children.ts';
import { createClient } from './client.ts';

export interface SinkChannelStats {
  messages: number;
  distinctIds: number;
  /** Messages whose id had arrived before: what a gateway that deduplicates would drop. */
  repeats: number;
  withoutId: number;
  addresses: number;
  /** Addresses that received more than one distinct id: a second message, not a repeat. */
  addressesWithSeveralIds: number;
  /** ms since the epoch (sub-millisecond), or null before the first message. */
  firstAt: number | null;
  lastAt: number | null;
}

export interface SinkStats {
  smsOutage: boolean;
  /** SMTP connections opened since the last reset. */
  smtpConnections: number;
  email: SinkChannelStats;
  sms: SinkChannelStats;
}

export interface Sink {
  child: Child;
  controlPort: number;
  smtpPort: number | null;
  controlUrl: string;
  /** smtp://127.0.0.1:P, when the sink has an SMTP server. */
  smtpUrl: string | null;
  /** The SMS gateway endpoint (POST). */
  smsUrl: string;
}

/**
 * Starts `bench/lib/notification-sink.ts`. Ports are chosen when not given (give them to start a sink again on the
 * same addresses after stopping it). With `logFile`, every message is appended to it before it is acknowledged.
 */
export async function startSink(options: { smtp: boolean; logFile?: string; controlPort?: number; smtpPort?: number; name?: string }): Promise<Sink> {
  const controlPort = options.controlPort ?? (await freePort());
  const smtpPort = options.smtp ? (options.smtpPort ?? (await freePort())) : null;
  const args = ['bin/run-ts.js', 'bench/lib/notification-sink.ts', '--control-port', String(controlPort)];
  if (smtpPort !== null) args.push('--smtp-port', String(smtpPort));
  if (options.logFile) args.push('--log', options.logFile);
  const child = startChild(options.name ?? 'sink', args);
  const controlUrl = `http://127.0.0.1:${controlPort}`;
  await waitUntilReady(child, `${controlUrl}/health/ready`, 25, 60_000);
  return { child, controlPort, smtpPort, controlUrl, smtpUrl: smtpPort === null ? null : `smtp://127.0.0.1:${smtpPort}`, smsUrl: `${controlUrl}/sms` };
}

async function control(sink: Pick<Sink, 'controlUrl'>, method: 'GET' | 'POST', path: string): Promise<unknown> {
  const client = createClient(sink.controlUrl);
  try {
    const res = await client.request(method, path);
    if (res.status !== 200) throw new Error(`sink ${method} ${path} answered ${res.status}: ${res.text.slice(0, 200)}`);
    return res.body;
  } finally {
    client.close();
  }
}

export const sinkStats = (sink: Pick<Sink, 'controlUrl'>) => control(sink, 'GET', '/stats') as Promise<SinkStats>;
export const resetSink = (sink: Pick<Sink, 'controlUrl'>) => control(sink, 'POST', '/reset') as Promise<SinkStats>;
export const setSmsOutage = (sink: Pick<Sink, 'controlUrl'>, on: boolean) => control(sink, 'POST', `/outage?on=${on ? 1 : 0}`);

/** Polls the sink until `done(stats)` or `timeoutMs`; returns the last stats and whether `done` was reached. */
export async function waitForSink(sink: Sink, done: (s: SinkStats) => boolean, timeoutMs: number, intervalMs = 100): Promise<{ stats: SinkStats; reached: boolean }> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const stats = await sinkStats(sink);
    if (done(stats)) return { stats, reached: true };
    if (performance.now() > until) return { stats, reached: false };
    if (sink.child.hasExited()) throw new Error(`the sink exited. Output:\n${sink.child.output()}`);
    await sleep(intervalMs);
  }
}

export interface SendReferenceResult {
  sent: number;
  failed: number;
  /** Milliseconds the floor's process spent sending, from the first hand-over to the last acknowledgement. */
  ms: number;
}

/** Runs the dispatch floor (lib/notification-send-reference.ts) to the end and returns what it printed. */
export async function runSendReference(options: { channel: 'email' | 'sms'; count: number; concurrency: number | 'all'; url: string; prefix: string; smtpTransport?: 'pooled' | 'as-tinn' }): Promise<SendReferenceResult> {
  const args = ['bin/run-ts.js', 'bench/lib/notification-send-reference.ts', '--channel', options.channel, '--count', String(options.count), '--concurrency', String(options.concurrency), '--prefix', options.prefix];
  if (options.smtpTransport) args.push('--smtp-transport', options.smtpTransport);
  args.push(options.channel === 'email' ? '--smtp-url' : '--sms-url', options.url);
  const child = startChild(`send-reference-${options.channel}`, args);
  const code = await child.exited;
  const line = child
    .output()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"sent"'));
  if (code !== 0 || !line) throw new Error(`the dispatch floor exited with ${code}. Output:\n${child.output()}`);
  return JSON.parse(line) as SendReferenceResult;
}

/**
 * `node bin/tinn.js start --testenv --roles worker` on the given database, e-mail over SMTP and SMS over HTTP to the
 * given sink. The worker role serves no HTTP: it is ready when its banner ("Tinn is running") appears.
 * `env` adds or overrides settings (job batch size, backoff, lease).
 */
export function startTinnWorker(options: { dataDir: string; databaseUrl?: string | undefined; smtpUrl: string; smsUrl: string; env?: Record<string, string>; name?: string; roles?: string; port?: number }): Child {
  const args = ['bin/tinn.js', 'start', '--testenv', '--roles', options.roles ?? 'worker'];
  if (options.port !== undefined) args.push('--port', String(options.port));
  return startChild(options.name ?? 'tinn-worker', args, {
    TINN_DATA_DIR: options.dataDir,
    TINN_LOG_LEVEL: 'warn',
    TINN_MAIL_TRANSPORT: 'smtp',
    TINN_SMTP_URL: options.smtpUrl,
    TINN_SMS_TRANSPORT: 'http',
    TINN_SMS_GATEWAY_URL: options.smsUrl,
    TINN_DB_POOL_MAX: '10',
    TINN_AUTHN_RATE_LIMIT_IP_PER_MINUTE: '1000000',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  });
}

/** Waits until a child's output shows Tinn's start banner; returns ms since spawn. */
export async function waitForBanner(child: Child, timeoutMs = 180_000): Promise<number> {
  for (;;) {
    if (child.output().includes('Tinn is running')) return performance.now() - child.spawnedAt;
    if (child.hasExited()) throw new Error(`${child.name} exited before it was running. Output:\n${child.output()}`);
    if (performance.now() - child.spawnedAt > timeoutMs) throw new Error(`${child.name} did not start within ${timeoutMs} ms. Output:\n${child.output()}`);
    await sleep(25);
  }
}
