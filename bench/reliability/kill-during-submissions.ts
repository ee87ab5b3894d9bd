// kill -9 of the Tinn server during a submission load, then proof that nothing acknowledged was lost and that
// clients retrying with the same externalShipmentReference created no duplicates. See README.md beside this file.
//
//   node bin/run-ts.js bench/reliability/kill-during-submissions.ts [--db postgres|pglite] [--seconds N] [--kills K]
//        [--clients C] [--restart-delay-ms MS] [--no-final-kill]
//
// Exit code: 0 when every check passed, 1 when one failed (the summary says which), 2 on a bad command line.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort, getStatus, startChild, stopChild, type Child } from '../lib/children.ts';
import { createClient, type Client, type JsonResponse } from '../lib/client.ts';
import { gitInfo, machineInfo } from '../lib/machine.ts';
import { RESULTS_DIR, timestampForFile } from '../lib/results.ts';
import type { BenchResult, GoalCheck } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir } from '../lib/servers.ts';

// ---------------------------------------------------------------------------------------------------------------
// Settings

type DbKind = 'postgres' | 'pglite';

interface Settings {
  db: DbKind;
  /** Seconds of load while the server is up (the time it is down is not counted), split evenly around the kills. */
  seconds: number;
  kills: number;
  clients: number;
  /** How long the server stays dead after each kill before it is started again. */
  restartDelayMs: number;
  /** One more kill -9 and restart after the clients drained, so the newest acknowledgements also face a kill. */
  finalKill: boolean;
}

const USAGE =
  'usage: node bin/run-ts.js bench/reliability/kill-during-submissions.ts [--db postgres|pglite] [--seconds N] [--kills K] [--clients C] [--restart-delay-ms MS] [--no-final-kill]';

function parseArgs(argv: string[]): Settings {
  const s: Settings = { db: 'postgres', seconds: 30, kills: 3, clients: 16, restartDelayMs: 1000, finalKill: true };
  const int = (name: string, v: string | undefined, min: number, max: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} needs a whole number from ${min} to ${max}, not ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--db') {
      const v = next();
      if (v !== 'postgres' && v !== 'pglite') throw new Error(`--db is postgres or pglite, not ${v ?? 'nothing'}`);
      s.db = v;
    } else if (a === '--seconds') s.seconds = int('--seconds', next(), 2, 3600);
    else if (a === '--kills') s.kills = int('--kills', next(), 0, 100);
    else if (a === '--clients') s.clients = int('--clients', next(), 1, 200);
    else if (a === '--restart-delay-ms') s.restartDelayMs = int('--restart-delay-ms', next(), 0, 60_000);
    else if (a === '--no-final-kill') s.finalKill = false;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return s;
}

// The shipment: the a-melding example as is, from the demo world's data system (SystemID 10001, owned by
// Fjordlys Regnskap AS) for its own organisation. Service 5002 archives at once and has the download queue on.
const REPORTEE = '310000116';
const SYSTEM = { systemId: '10001', systemPassword: 'Fjordlys2026' };
/** Reading the archive needs ArchiveRead, which a data system alone does not have: Kari Nordmann (DAGL) reads. */
const READER = { ssn: '14837501777', securityLevel: 2 };
const SERVICE_OWNER_API_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const SUBMIT_PATH = `/api/v1/reportees/${REPORTEE}/formtasks`;
const EXAMPLE_XML = new URL('../../testdata/services/ttd-5002-a-melding/examples/melding.xml', import.meta.url);
const POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const READY_TIMEOUT_MS = 180_000;
const DRAIN_TIMEOUT_MS = 180_000;
/** A reference that keeps getting an unexpected answer (4xx other than 401) is given up after this many. */
const MAX_UNEXPECTED_PER_REFERENCE = 5;

function shipment(reference: string, xml: string) {
  return {
    externalShipmentReference: reference,
    serviceCode: '5002',
    serviceEditionCode: 1,
    forms: [{ dataFormatId: '6101', dataFormatVersion: 1, endUserSystemReference: 'a-melding', formData: xml }],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Bookkeeping

interface Ack {
  reference: string;
  client: number;
  receiptId: number;
  archiveReference: string;
  reporteeElementId: number;
  status: string;
  /** 201 (stored by this request) or 200 (a replay: an earlier attempt had been stored). */
  httpStatus: number;
  attempts: number;
  /** ms since the run started. */
  at: number;
  /** Server generation that answered: 0 before the first kill, i after kill i. */
  generation: number;
}

interface Failure {
  reference: string;
  client: number;
  at: number;
  generation: number;
  /** 'network' (reset, refused, timeout), 'http-5xx', 'unexpected' (other 4xx, malformed acknowledgement). */
  kind: 'network' | 'http-5xx' | 'unexpected';
  detail: string;
}

interface KillRecord {
  index: number;
  phase: 'load' | 'after-drain';
  pid: number | undefined;
  /** ms since the run started. */
  at: number;
  /**
   * Processes the killed server had started itself (ps --ppid), for the record: Tinn serves from the node process
   * that bin/tinn.js runs in (no fork, no cluster); an esbuild helper appears when the launcher rebuilt its bundle.
   */
  childProcesses: string[];
  /** Those of childProcesses still alive once the server was ready again (orphans): should be none. */
  childProcessesAliveAfterRestart: string[];
  exitedWith: number | string | null;
  /** References sent but not yet acknowledged when the kill happened (at most one per client). */
  inFlight: number;
  /**
   * Listening: the first HTTP answer of /health/ready (any status); ready: its first 200. Polled every 25 ms with a
   * 5 s timeout per probe, while the clients are already sending again.
   */
  restart: { ok: boolean; spawnToListeningMs: number | null; spawnToReadyMs: number | null; killToReadyMs: number | null; error?: string };
  /** Requests that failed after this kill and before the next one (or the end). */
  failedRequests: number;
  failuresByKind: Record<string, number>;
  /** The same by error code or status (ECONNRESET, ECONNREFUSED, 503, …). */
  failuresByDetail: Record<string, number>;
  /** From the kill to the first acknowledgement after it. */
  killToFirstAckMs: number | null;
  /** From the kill until every client that had a reference in flight got it acknowledged: the slowest client. */
  maxClientRecoveryMs: number | null;
  /** Retried references whose acknowledgement after this kill was 200 (an attempt before the kill had been stored) or 201. */
  retriedAcked200: number;
  retriedAcked201: number;
}

const t0 = performance.now();
const now = () => performance.now() - t0;
const round = (ms: number) => Math.round(ms);

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL database (default): created fresh, dropped at the end, also on Ctrl+C.

let createdDb: string | null = null;

process.once('exit', () => {
  if (createdDb) spawnSync('psql', [POSTGRES_ADMIN_URL, '-qc', `drop database if exists "${createdDb}" with (force)`], { stdio: 'ignore', timeout: 5000 });
});

async function adminQuery<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  c.on('error', () => {});
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The server: one port for the whole run, so clients keep their base URL across restarts.

interface Generation {
  child: Child;
  errorLines: string[];
}

function startServer(port: number, dataDir: string, databaseUrl: string | null): Generation {
  const child = startChild('tinn', ['bin/tinn.js', 'start', '--testenv', '--roles', 'api', '--port', String(port)], {
    TINN_DATA_DIR: dataDir,
    TINN_LOG_LEVEL: 'warn',
    TINN_AUTHN_RATE_LIMIT_IP_PER_MINUTE: '1000000',
    TINN_AUTHN_RATE_LIMIT_ACCOUNT_PER_HOUR: '1000000',
    TINN_AUTHN_RATE_LIMIT_SYSTEM_PER_MINUTE: '1000000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const gen: Generation = { child, errorLines: [] };
  let partial = '';
  const scan = (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level !== undefined && Number(level) >= 50) gen.errorLines.push(line.length > 600 ? `${line.slice(0, 600)}…` : line);
    }
  };
  child.process.stdout?.on('data', scan);
  child.process.stderr?.on('data', scan);
  return gen;
}

/**
 * Polls `url` until it answers 200 (like lib/children.ts waitUntilReady, but with 5 s per probe: under load a probe
 * can wait behind the submissions, and a 1 s timeout would report the server not ready long after it answers).
 */
async function waitReady(child: Child, url: string): Promise<{ listeningMs: number; readyMs: number }> {
  let listeningMs: number | null = null;
  for (;;) {
    const status = await getStatus(url, 5000);
    const elapsed = performance.now() - child.spawnedAt;
    if (status !== undefined) listeningMs ??= elapsed;
    if (status === 200) return { listeningMs: listeningMs ?? elapsed, readyMs: elapsed };
    if (child.hasExited()) throw new Error(`Tinn exited before ${url} answered 200. Output:\n${child.output()}`);
    if (elapsed > READY_TIMEOUT_MS) throw new Error(`${url} did not answer 200 within ${READY_TIMEOUT_MS} ms (last status ${status ?? 'no connection'}). Output:\n${child.output()}`);
    await sleep(25);
  }
}

function childProcessesOf(pid: number | undefined): string[] {
  if (pid === undefined) return [];
  try {
    return execFileSync('ps', ['--ppid', String(pid), '-o', 'pid=,comm='], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens: one data-system token shared by the clients, one person token for reading; fetched again on 401.

class TokenSource {
  #token: Promise<string> | null = null;
  readonly baseUrl: string;
  readonly path: string;
  readonly body: unknown;
  constructor(baseUrl: string, path: string, body: unknown) {
    this.baseUrl = baseUrl;
    this.path = path;
    this.body = body;
  }
  get(): Promise<string> {
    if (!this.#token) {
      const p = this.#fetch();
      this.#token = p;
      p.catch(() => {
        if (this.#token === p) this.#token = null;
      });
    }
    return this.#token;
  }
  /** Forget `used` (after a 401), unless a newer token already replaced it. */
  async invalidate(used: string): Promise<void> {
    const current = this.#token;
    if (current && (await current.catch(() => null)) === used && this.#token === current) this.#token = null;
  }
  async #fetch(): Promise<string> {
    const client = createClient(this.baseUrl);
    try {
      const res = await client.request('POST', this.path, { json: this.body });
      const token = (res.body as { accessToken?: unknown } | undefined)?.accessToken;
      if (res.status !== 200 || typeof token !== 'string') throw new Error(`POST ${this.path} answered ${res.status}: ${res.text.slice(0, 200)}`);
      return token;
    } finally {
      client.close();
    }
  }
}

/** One authenticated request, fetching a new token once on 401. Network errors are thrown. */
async function authed(client: Client, tokens: TokenSource, method: 'GET' | 'POST', path: string, json?: unknown): Promise<JsonResponse> {
  for (let i = 0; ; i++) {
    const token = await tokens.get();
    const res = await client.request(method, path, { headers: { authorization: `Bearer ${token}` }, ...(json === undefined ? {} : { json }) });
    if (res.status !== 401 || i > 0) return res;
    await tokens.invalidate(token);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Acknowledgements

interface SubmitResult {
  receipt?: { receiptId?: unknown; references?: { referenceTypeName: string; referenceValue: string }[] };
  status?: unknown;
  reporteeElementId?: unknown;
  archiveReference?: unknown;
}

/** The acknowledgement in a 200/201 answer, or what is wrong with it. */
function parseAck(reference: string, res: JsonResponse): { ok: true; ack: Pick<Ack, 'receiptId' | 'archiveReference' | 'reporteeElementId' | 'status'> } | { ok: false; why: string } {
  const b = res.body as SubmitResult | undefined;
  const receiptId = b?.receipt?.receiptId;
  const ext = b?.receipt?.references?.find((r) => r.referenceTypeName === 'ExternalShipmentReference')?.referenceValue;
  if (typeof receiptId !== 'number' || typeof b?.reporteeElementId !== 'number' || typeof b.archiveReference !== 'string' || b.status !== 'Archive') {
    return { ok: false, why: `acknowledgement without receiptId, reporteeElementId, archiveReference or status Archive: ${res.text.slice(0, 300)}` };
  }
  if (ext !== reference) return { ok: false, why: `receipt's ExternalShipmentReference is ${ext ?? 'missing'}, sent ${reference}` };
  return { ok: true, ack: { receiptId, archiveReference: b.archiveReference, reporteeElementId: b.reporteeElementId, status: b.status } };
}

const sameAck = (a: Pick<Ack, 'receiptId' | 'archiveReference' | 'reporteeElementId'>, b: Pick<Ack, 'receiptId' | 'archiveReference' | 'reporteeElementId'>) =>
  a.receiptId === b.receiptId && a.archiveReference === b.archiveReference && a.reporteeElementId === b.reporteeElementId;

const describeAck = (a: Pick<Ack, 'receiptId' | 'archiveReference' | 'reporteeElementId'>) => `receipt ${a.receiptId}, ${a.archiveReference}, element ${a.reporteeElementId}`;

/** Runs `fn` over `items` with `concurrency` workers. */
async function pool<T>(items: T[], concurrency: number, fn: (item: T, worker: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async (_, w) => {
      while (next < items.length) await fn(items[next++]!, w);
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------

interface Check {
  name: string;
  ok: boolean;
  measured: string;
  detail: string[];
}

async function main(): Promise<number> {
  let settings: Settings;
  try {
    settings = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const started = new Date();
  const stamp = timestampForFile(started);
  const run = stamp.toLowerCase(); // only [0-9tz]: safe in LIKE patterns and database names
  const prefix = `kill-${run}-`;
  const loadAverageBefore = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const git = gitInfo();
  const xml = await readFile(EXAMPLE_XML, 'utf8');
  const log = (msg: string) => console.log(`[${(now() / 1000).toFixed(1).padStart(6)} s] ${msg}`);

  const checks: Check[] = [];
  const notes: string[] = [];
  const acks = new Map<string, Ack>();
  const failures: Failure[] = [];
  const unexpected: string[] = [];
  const kills: KillRecord[] = [];
  const startedRefs = new Set<string>();
  const abandoned = new Set<string>();
  const inFlight = new Map<number, string>(); // client → reference sent but not yet acknowledged
  let requests = 0;
  let retries = 0;
  let unauthorized = 0;
  let replaysDuringLoad = 0;
  let generation = 0;
  let stopNew = false;
  let aborted: string | null = null;
  let firstStartMs: number | null = null;
  let postgresVersion: string | null = null;
  const generations: Generation[] = [];

  // The database and data dir.
  const dataDir = await makeDataDir();
  let databaseUrl: string | null = null;
  if (settings.db === 'postgres') {
    const name = `tinn_kill_${run}`;
    try {
      postgresVersion = (await adminQuery<{ v: string }>("select current_setting('server_version') as v"))[0]?.v ?? null;
      await adminQuery(`create database "${name}"`);
    } catch (err) {
      console.error(`cannot create a database on ${POSTGRES_ADMIN_URL}: ${(err as Error).message}`);
      return 1;
    }
    createdDb = name;
    const u = new URL(POSTGRES_ADMIN_URL);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  log(`run ${run}: Tinn on ${settings.db === 'postgres' ? `PostgreSQL ${postgresVersion} (database ${createdDb})` : `PGlite in ${dataDir}`}, port ${port}`);

  let current: Generation | null = null;
  const systemTokens = new TokenSource(baseUrl, '/api/v1/authn/system/token', SYSTEM);
  const readerTokens = new TokenSource(baseUrl, '/api/v1/testenv/login', READER);

  try {
    // 1. First start: migrations and the demo world.
    current = startServer(port, dataDir, databaseUrl);
    generations.push(current);
    firstStartMs = round((await waitReady(current.child, `${baseUrl}/health/ready`)).readyMs);
    log(`Tinn ready after ${firstStartMs} ms (first start: migrations, demo world), pid ${current.child.process.pid}`);
    await systemTokens.get();
    await readerTokens.get();

    // 2. The clients: each submits its own references one after the other, and retries a failed one (same
    // reference, same body) until it is acknowledged. Every 8th acknowledged reference is sent once more at
    // once: that must answer 200 with the same acknowledgement.
    const clientLoop = async (c: number) => {
      const client = createClient(baseUrl);
      try {
        for (let n = 1; !stopNew && !aborted; n++) {
          const reference = `${prefix}${c}-${n}`;
          const body = shipment(reference, xml);
          startedRefs.add(reference);
          inFlight.set(c, reference);
          let attempts = 0;
          let unexpectedCount = 0;
          let refreshedToken = false;
          for (;;) {
            if (aborted) return;
            attempts++;
            requests++;
            if (attempts > 1) retries++;
            const gen = generation;
            let res: JsonResponse;
            try {
              const token = await systemTokens.get();
              res = await client.request('POST', SUBMIT_PATH, { json: body, headers: { authorization: `Bearer ${token}` } });
              if (res.status === 401) unauthorized++;
              if (res.status === 401 && !refreshedToken) {
                // Expired, or the signing keys are gone: fetch a new token once; a second 401 is unexpected.
                refreshedToken = true;
                await systemTokens.invalidate(token);
                continue;
              }
            } catch (err) {
              const e = err as NodeJS.ErrnoException;
              failures.push({ reference, client: c, at: now(), generation: gen, kind: 'network', detail: e.code ?? e.message });
              await sleep(Math.min(1000, 50 * attempts) + Math.random() * 50);
              continue;
            }
            if (res.status >= 500) {
              failures.push({ reference, client: c, at: now(), generation: gen, kind: 'http-5xx', detail: `${res.status} ${res.text.slice(0, 300)}` });
              await sleep(Math.min(1000, 50 * attempts) + Math.random() * 50);
              continue;
            }
            const parsed = res.status === 200 || res.status === 201 ? parseAck(reference, res) : { ok: false as const, why: `${res.status} ${res.text.slice(0, 300)}` };
            if (!parsed.ok) {
              failures.push({ reference, client: c, at: now(), generation: gen, kind: 'unexpected', detail: parsed.why });
              unexpected.push(`${reference} (attempt ${attempts}): ${parsed.why}`);
              if (++unexpectedCount >= MAX_UNEXPECTED_PER_REFERENCE) {
                abandoned.add(reference);
                inFlight.delete(c);
                break;
              }
              await sleep(200);
              continue;
            }
            if (res.status === 200 && attempts === 1) {
              unexpected.push(`${reference}: the first attempt answered 200 (a replay), but this reference was never sent before`);
            }
            acks.set(reference, { reference, client: c, ...parsed.ack, httpStatus: res.status, attempts, at: now(), generation: gen });
            inFlight.delete(c);
            break;
          }
          const ack = acks.get(reference);
          if (ack && n % 8 === 0 && !stopNew && !aborted) {
            // A client that lost the answer would send the same again: 200, the same receipt.
            try {
              const res = await authed(client, systemTokens, 'POST', SUBMIT_PATH, body);
              requests++;
              replaysDuringLoad++;
              const again = res.status === 200 ? parseAck(reference, res) : null;
              if (!again?.ok || !sameAck(again.ack, ack)) {
                unexpected.push(`${reference}: sent again after its acknowledgement (${describeAck(ack)}) answered ${res.status} ${again?.ok ? describeAck(again.ack) : res.text.slice(0, 300)}`);
              }
            } catch {
              // The server was killed meanwhile: the reference is acknowledged already, nothing to retry.
            }
          }
        }
      } finally {
        client.close();
      }
    };

    log(`load: ${settings.clients} clients, ${settings.seconds} s of server uptime, ${settings.kills} kill -9 during the load${settings.finalKill ? ' and one after the drain' : ''}`);
    const loops = Array.from({ length: settings.clients }, (_, c) => clientLoop(c + 1));
    const slice = (settings.seconds * 1000) / (settings.kills + 1);

    const killAndRestart = async (phase: KillRecord['phase']): Promise<KillRecord> => {
      const victim = current!;
      const pid = victim.child.process.pid;
      const childProcesses = childProcessesOf(pid);
      const at = now();
      victim.child.process.kill('SIGKILL');
      const exitedWith = await Promise.race([victim.child.exited, sleep(10_000, null, { ref: false })]);
      generation++;
      const record: KillRecord = {
        index: kills.length + 1,
        phase,
        pid,
        at: round(at),
        childProcesses,
        childProcessesAliveAfterRestart: [],
        exitedWith,
        inFlight: inFlight.size,
        restart: { ok: false, spawnToListeningMs: null, spawnToReadyMs: null, killToReadyMs: null },
        failedRequests: 0,
        failuresByKind: {},
        failuresByDetail: {},
        killToFirstAckMs: null,
        maxClientRecoveryMs: null,
        retriedAcked200: 0,
        retriedAcked201: 0,
      };
      kills.push(record);
      log(`kill -9 #${record.index} (${phase}): pid ${pid} ${exitedWith === null ? 'did NOT exit within 10 s' : `exited (${exitedWith})`}; ${record.inFlight} references in flight`);
      await sleep(settings.restartDelayMs);
      current = startServer(port, dataDir, databaseUrl);
      generations.push(current);
      try {
        const ready = await waitReady(current.child, `${baseUrl}/health/ready`);
        record.restart.spawnToListeningMs = round(ready.listeningMs);
        record.restart.spawnToReadyMs = round(ready.readyMs);
        record.restart.killToReadyMs = round(now() - at);
        record.restart.ok = true;
        record.childProcessesAliveAfterRestart = childProcesses.filter((p) => existsSync(`/proc/${p.split(' ')[0]}`));
        log(`restarted: listening ${record.restart.spawnToListeningMs} ms and ready ${record.restart.spawnToReadyMs} ms after spawn, ${record.restart.killToReadyMs} ms after the kill, pid ${current.child.process.pid}`);
      } catch (err) {
        record.restart.error = (err as Error).message.slice(0, 4000);
        aborted = `Tinn did not start again after kill -9 #${record.index}`;
        log(`${aborted}:\n${record.restart.error}`);
      }
      return record;
    };

    for (let k = 0; k <= settings.kills && !aborted; k++) {
      await sleep(slice);
      if (k < settings.kills) await killAndRestart('load');
    }

    // 3. Drain: no new references; every client retries its last one until acknowledged.
    stopNew = true;
    const drainStart = now();
    if (!aborted) log('draining: no new references; waiting until every started reference is acknowledged');
    const drained = await Promise.race([Promise.all(loops).then(() => true), sleep(aborted ? 15_000 : DRAIN_TIMEOUT_MS, false, { ref: false })]);
    if (!drained) {
      aborted ??= `the clients did not drain within ${DRAIN_TIMEOUT_MS / 1000} s`;
      await Promise.race([Promise.all(loops), sleep(15_000, undefined, { ref: false })]);
    }
    const drainMs = round(now() - drainStart);
    const loadEnd = now();
    log(`load over: ${startedRefs.size} references started, ${acks.size} acknowledged, ${requests} requests, ${retries} retries, ${failures.length} failed`);

    // 4. One more kill, after everything was acknowledged: the newest acknowledgements must survive it too.
    if (settings.finalKill && !aborted) await killAndRestart('after-drain');

    // Per-kill figures.
    const ackList = [...acks.values()].sort((a, b) => a.at - b.at);
    for (const [i, k] of kills.entries()) {
      const end = kills[i + 1]?.at ?? Infinity;
      const fs = failures.filter((f) => f.at >= k.at && f.at < end);
      k.failedRequests = fs.length;
      for (const f of fs) {
        k.failuresByKind[f.kind] = (k.failuresByKind[f.kind] ?? 0) + 1;
        const d = f.kind === 'network' ? f.detail : f.detail.split(' ')[0]!;
        k.failuresByDetail[d] = (k.failuresByDetail[d] ?? 0) + 1;
      }
      // Acknowledgements answered by the restarted server (not answers the killed one had sent just before it died).
      const after = ackList.filter((a) => a.generation === k.index);
      k.killToFirstAckMs = after[0] ? round(after[0].at - k.at) : null;
      if (k.phase === 'load') {
        // Every client had a reference in flight: when did each get its next acknowledgement?
        const perClient = new Map<number, number>();
        for (const a of after) if (!perClient.has(a.client)) perClient.set(a.client, a.at - k.at);
        k.maxClientRecoveryMs = perClient.size > 0 ? round(Math.max(...perClient.values())) : null;
        for (const a of after) {
          if (a.attempts > 1 && failures.some((f) => f.reference === a.reference && f.at >= k.at)) {
            if (a.httpStatus === 200) k.retriedAcked200++;
            else k.retriedAcked201++;
          }
        }
      }
    }
    const failuresBeforeFirstKill = failures.filter((f) => f.at < (kills[0]?.at ?? Infinity)).length;

    // 5. Verification, on the restarted server.
    const ackedRefs = [...acks.keys()];
    const ackedSet = new Set(ackedRefs);
    const clients = Array.from({ length: 4 }, () => createClient(baseUrl));
    const problems = (list: string[], max = 20) => (list.length > max ? [...list.slice(0, max), `… and ${list.length - max} more`] : list);

    checks.push({
      name: 'server killed and restarted',
      ok: !aborted && kills.every((k) => k.exitedWith === 'SIGKILL' && k.restart.ok),
      measured: `${kills.filter((k) => k.restart.ok).length}/${kills.length} restarts`,
      detail: aborted ? [aborted] : kills.filter((k) => k.exitedWith !== 'SIGKILL').map((k) => `kill #${k.index}: exit ${String(k.exitedWith)}`),
    });
    checks.push({
      name: 'every started reference acknowledged',
      ok: abandoned.size === 0 && startedRefs.size === acks.size,
      measured: `${acks.size}/${startedRefs.size}`,
      detail: problems([...startedRefs].filter((r) => !acks.has(r)).map((r) => `${r}: ${abandoned.has(r) ? 'given up after unexpected answers' : 'never acknowledged'}`)),
    });
    checks.push({
      name: 'no unexpected answers',
      ok: unexpected.length === 0,
      measured: String(unexpected.length),
      detail: problems(unexpected),
    });
    const fiveHundreds = failures.filter((f) => f.kind === 'http-5xx');
    checks.push({
      name: 'no 5xx answers',
      ok: fiveHundreds.length === 0,
      measured: String(fiveHundreds.length),
      detail: problems(fiveHundreds.map((f) => `${f.reference} (generation ${f.generation}): ${f.detail}`)),
    });
    checks.push({
      name: 'no failed requests before the first kill',
      ok: failuresBeforeFirstKill === 0,
      measured: String(failuresBeforeFirstKill),
      detail: problems(failures.filter((f) => f.at < (kills[0]?.at ?? Infinity)).map((f) => `${f.reference}: ${f.kind} ${f.detail}`)),
    });

    const canVerify = !aborted || kills.at(-1)?.restart.ok === true;
    let replayed = 0;
    const verify = { receiptsOk: 0, archivesOk: 0, replaysOk: 0 };
    if (canVerify) {
      // (a) Every acknowledged receipt is present and complete, and its archive readable with the form as sent.
      log(`verifying ${ackedRefs.length} acknowledgements: receipts and archive`);
      const receiptProblems: string[] = [];
      const archiveProblems: string[] = [];
      await pool(ackedRefs, clients.length, async (ref, w) => {
        const ack = acks.get(ref)!;
        const client = clients[w]!;
        try {
          const r = await authed(client, systemTokens, 'GET', `/api/v1/receipts/${ack.receiptId}`);
          const body = r.body as { receiptStatusCode?: string; references?: { referenceTypeName: string; referenceValue: string }[]; subReceipts?: { references?: { referenceTypeName: string; referenceValue: string }[] }[] } | undefined;
          const refOf = (type: string) => body?.references?.filter((x) => x.referenceTypeName === type).map((x) => x.referenceValue) ?? [];
          const why: string[] = [];
          if (r.status !== 200) why.push(`answered ${r.status} ${r.text.slice(0, 200)}`);
          else {
            if (body?.receiptStatusCode !== 'OK') why.push(`status ${body?.receiptStatusCode}`);
            if (refOf('ExternalShipmentReference').join() !== ref) why.push(`ExternalShipmentReference ${refOf('ExternalShipmentReference').join() || 'missing'}`);
            if (refOf('ArchiveReference').join() !== ack.archiveReference) why.push(`ArchiveReference ${refOf('ArchiveReference').join() || 'missing'} (acknowledged ${ack.archiveReference})`);
            if (refOf('WorkFlowReference').join() !== String(ack.reporteeElementId)) why.push(`WorkFlowReference ${refOf('WorkFlowReference').join() || 'missing'} (acknowledged ${ack.reporteeElementId})`);
            const subs = body?.subReceipts ?? [];
            if (subs.length !== 1 || subs[0]?.references?.find((x) => x.referenceTypeName === 'EndUserSystemReference')?.referenceValue !== 'a-melding') why.push(`${subs.length} sub-receipts`);
          }
          if (why.length > 0) receiptProblems.push(`${ref} receipt ${ack.receiptId}: ${why.join('; ')}`);
          else verify.receiptsOk++;

          const a = await authed(client, readerTokens, 'GET', `/api/v1/reportees/${REPORTEE}/archive/${ack.archiveReference}`);
          const arch = a.body as { archiveReference?: string; reporteeElementId?: number; externalShipmentReference?: string; forms?: { dataFormatId: string; formData: string }[] } | undefined;
          const whyA: string[] = [];
          if (a.status !== 200) whyA.push(`answered ${a.status} ${a.text.slice(0, 200)}`);
          else {
            if (arch?.reporteeElementId !== ack.reporteeElementId) whyA.push(`element ${arch?.reporteeElementId} (acknowledged ${ack.reporteeElementId})`);
            if (arch?.externalShipmentReference !== ref) whyA.push(`externalShipmentReference ${arch?.externalShipmentReference}`);
            if (arch?.forms?.length !== 1 || arch.forms[0]?.dataFormatId !== '6101') whyA.push(`${arch?.forms?.length ?? 0} forms`);
            else if (arch.forms[0].formData !== xml) whyA.push('formData differs from what was sent');
          }
          if (whyA.length > 0) archiveProblems.push(`${ref} ${ack.archiveReference}: ${whyA.join('; ')}`);
          else verify.archivesOk++;
        } catch (err) {
          receiptProblems.push(`${ref}: ${(err as Error).message}`);
        }
      });
      checks.push({ name: 'every acknowledged receipt present and complete', ok: receiptProblems.length === 0, measured: `${verify.receiptsOk}/${ackedRefs.length}`, detail: problems(receiptProblems) });
      checks.push({ name: 'every acknowledged archive readable, form as sent', ok: archiveProblems.length === 0, measured: `${verify.archivesOk}/${ackedRefs.length}`, detail: problems(archiveProblems) });

      // A client that never saw its acknowledgement retries: after all the kills, every reference sent again must
      // answer 200 with the acknowledgement it got (never 201: that would be a second element, the first one lost).
      // After the receipt check on purpose: a replay that stores anew would hide a lost receipt.
      log(`sending all ${ackedRefs.length} acknowledged references again (retry after the kills)`);
      const replayProblems: string[] = [];
      await pool(ackedRefs, clients.length, async (ref, w) => {
        const ack = acks.get(ref)!;
        try {
          const r = await authed(clients[w]!, systemTokens, 'POST', SUBMIT_PATH, shipment(ref, xml));
          replayed++;
          const again = r.status === 200 ? parseAck(ref, r) : null;
          if (again?.ok && sameAck(again.ack, ack)) verify.replaysOk++;
          else replayProblems.push(`${ref}: acknowledged ${describeAck(ack)}, sent again: ${r.status} ${again?.ok ? describeAck(again.ack) : r.text.slice(0, 200)}`);
        } catch (err) {
          replayProblems.push(`${ref}: ${(err as Error).message}`);
        }
      });
      checks.push({ name: 'retry after the kills: 200 and the same receipt', ok: replayProblems.length === 0, measured: `${verify.replaysOk}/${ackedRefs.length}`, detail: problems(replayProblems) });

      // (b) No duplicates, seen through the REST message box (both modes): every element of this run, by reference.
      log('listing the message box (every element of this run)');
      const boxProblems: string[] = [];
      const boxByRef = new Map<string, { reporteeElementId: number; archiveReference: string | null; status: string }[]>();
      try {
        let cursor: string | null = null;
        let pages = 0;
        do {
          const r = await authed(clients[0]!, readerTokens, 'GET', `/api/v1/reportees/${REPORTEE}/messagebox?serviceCode=5002&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          if (r.status !== 200) throw new Error(`message box answered ${r.status}: ${r.text.slice(0, 200)}`);
          const body = r.body as { items: { reporteeElementId: number; archiveReference: string | null; status: string; externalShipmentReference: string | null }[]; nextCursor: string | null };
          for (const it of body.items) {
            if (!it.externalShipmentReference?.startsWith(prefix)) continue;
            const list = boxByRef.get(it.externalShipmentReference) ?? [];
            list.push(it);
            boxByRef.set(it.externalShipmentReference, list);
          }
          cursor = body.nextCursor;
          if (++pages > 10_000) throw new Error('message box: more than 10 000 pages');
        } while (cursor);
      } catch (err) {
        boxProblems.push((err as Error).message);
      }
      for (const [ref, items] of boxByRef) {
        const ack = acks.get(ref);
        if (items.length > 1) boxProblems.push(`${ref}: ${items.length} elements (${items.map((i) => i.reporteeElementId).join(', ')})`);
        else if (!ack) boxProblems.push(`${ref}: element ${items[0]!.reporteeElementId} for a reference nobody got acknowledged`);
        else if (items[0]!.reporteeElementId !== ack.reporteeElementId || items[0]!.archiveReference !== ack.archiveReference || items[0]!.status !== 'Archive') {
          boxProblems.push(`${ref}: element ${items[0]!.reporteeElementId} ${items[0]!.archiveReference} ${items[0]!.status}, acknowledged ${describeAck(ack)}`);
        }
      }
      for (const ref of ackedRefs) if (!boxByRef.has(ref)) boxProblems.push(`${ref}: acknowledged, not in the message box`);
      checks.push({
        name: 'message box: one element per acknowledged reference, no other',
        ok: boxProblems.length === 0,
        measured: `${boxByRef.size} references, ${[...boxByRef.values()].reduce((n, l) => n + l.length, 0)} elements`,
        detail: problems(boxProblems),
      });

      if (settings.db === 'postgres') {
        // (b) The same, straight from the database, plus receipts, shipment claims, forms and the download queue.
        log('checking the database with SQL');
        const db = new pg.Client({ connectionString: databaseUrl!, connectionTimeoutMillis: 5000 });
        db.on('error', () => {});
        await db.connect();
        try {
          const like = `${prefix}%`;
          const q = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = [like]) => (await db.query<T>(text, values)).rows;
          const dups = await q<{ ref: string; n: string }>(
            `select external_shipment_reference as ref, count(*) as n from submissions.reportee_element where external_shipment_reference like $1 group by 1 having count(*) > 1`,
          );
          checks.push({ name: 'SQL: no reference with more than one reportee_element', ok: dups.length === 0, measured: String(dups.length), detail: problems(dups.map((d) => `${d.ref}: ${d.n} elements`)) });

          const elements = await q<{ ref: string; id: number; ar: string | null; status: string }>(
            `select external_shipment_reference as ref, reportee_element_id as id, archive_reference as ar, status from submissions.reportee_element where external_shipment_reference like $1`,
          );
          const elemRefs = new Set(elements.map((e) => e.ref));
          const elemProblems: string[] = [];
          for (const e of elements) {
            const ack = acks.get(e.ref);
            if (!ack) elemProblems.push(`${e.ref}: element ${e.id} but never acknowledged`);
            else if (ack.reporteeElementId !== e.id || ack.archiveReference !== e.ar || e.status !== 'Archive') elemProblems.push(`${e.ref}: element ${e.id} ${e.ar} ${e.status}, acknowledged ${describeAck(ack)}`);
          }
          for (const ref of ackedRefs) if (!elemRefs.has(ref)) elemProblems.push(`${ref}: acknowledged, no reportee_element`);
          checks.push({
            name: 'SQL: distinct references in reportee_element = acknowledged references',
            ok: elemProblems.length === 0 && elemRefs.size === ackedSet.size,
            measured: `${elemRefs.size} in the table, ${ackedSet.size} acknowledged`,
            detail: problems(elemProblems),
          });

          const forms = await q<{ ref: string; n: string; same: string }>(
            `select e.external_shipment_reference as ref, count(f.form_id) as n, count(*) filter (where f.form_data = $2) as same
               from submissions.reportee_element e left join submissions.form f using (reportee_element_id)
              where e.external_shipment_reference like $1 group by 1 having count(f.form_id) <> 1 or count(*) filter (where f.form_data = $2) <> 1`,
            [like, xml],
          );
          checks.push({ name: 'SQL: every element has exactly its one form, as sent', ok: forms.length === 0, measured: `${forms.length} elements wrong`, detail: problems(forms.map((f) => `${f.ref}: ${f.n} forms, ${f.same} as sent`)) });

          const receipts = await q<{ ref: string; n: string; ids: number[] }>(
            `select rr.reference_value as ref, count(*) as n, array_agg(r.receipt_id) as ids
               from submissions.receipt r join submissions.receipt_reference rr using (receipt_id)
              where r.parent_receipt_id is null and rr.reference_type = 'ExternalShipmentReference' and rr.reference_value like $1 group by 1`,
          );
          const receiptProblemsSql = receipts.filter((r) => Number(r.n) !== 1 || !acks.has(r.ref) || acks.get(r.ref)!.receiptId !== r.ids[0]).map((r) => `${r.ref}: receipts ${r.ids.join(', ')}${acks.has(r.ref) ? `, acknowledged ${acks.get(r.ref)!.receiptId}` : ', never acknowledged'}`);
          checks.push({
            name: 'SQL: one receipt per acknowledged reference, no other',
            ok: receiptProblemsSql.length === 0 && receipts.length === ackedSet.size,
            measured: `${receipts.length} references with receipts, ${receipts.reduce((n, r) => n + Number(r.n), 0)} receipts`,
            detail: problems(receiptProblemsSql),
          });

          const claims = await q<{ ref: string; receipt_id: number | null }>(`select external_shipment_reference as ref, receipt_id from submissions.shipment where external_shipment_reference like $1`);
          const claimProblems = claims.filter((c) => c.receipt_id === null || acks.get(c.ref)?.receiptId !== c.receipt_id).map((c) => `${c.ref}: shipment claim with receipt ${c.receipt_id ?? 'null'}${acks.has(c.ref) ? `, acknowledged ${acks.get(c.ref)!.receiptId}` : ', never acknowledged'}`);
          checks.push({
            name: 'SQL: one completed shipment claim per acknowledged reference',
            ok: claimProblems.length === 0 && claims.length === ackedSet.size,
            measured: `${claims.length} claims`,
            detail: problems(claimProblems),
          });

          const queue = await q<{ ar: string; n: string }>(
            `select e.archive_reference as ar, count(d.archive_reference) as n from submissions.reportee_element e
               left join submissions.download_queue_item d on d.archive_reference = e.archive_reference
              where e.external_shipment_reference like $1 and e.archive_reference is not null group by 1`,
          );
          const queueProblems = queue.filter((x) => Number(x.n) !== 1).map((x) => `${x.ar}: ${x.n} download queue rows`);
          checks.push({
            name: 'SQL: exactly one download_queue_item per archive reference',
            ok: queueProblems.length === 0 && queue.length === ackedSet.size,
            measured: `${queue.reduce((n, x) => n + Number(x.n), 0)} rows for ${queue.length} archive references`,
            detail: problems(queueProblems),
          });
        } finally {
          await db.end().catch(() => {});
        }
      } else {
        // PGlite: no SQL from outside (the database is inside the Tinn process). The download queue through the
        // service owner's REST: it lists the oldest 500, so list, purge what was listed, until it is empty
        // (this throwaway database only).
        log('draining the download queue through REST (PGlite: no SQL from outside)');
        const queueCount = new Map<string, number>();
        const queueProblems: string[] = [];
        const so = clients[0]!;
        try {
          for (let round = 0; ; round++) {
            const r = await so.request('GET', '/api/v1/serviceowner/downloadqueue?serviceCode=5002', { headers: { ApiKey: SERVICE_OWNER_API_KEY } });
            if (r.status !== 200) throw new Error(`download queue answered ${r.status}: ${r.text.slice(0, 200)}`);
            const items = (r.body as { items: { archiveReference: string }[] }).items;
            if (items.length === 0) break;
            if (round > 1000) throw new Error('download queue: not empty after 1000 rounds');
            for (const it of items) {
              queueCount.set(it.archiveReference, (queueCount.get(it.archiveReference) ?? 0) + 1);
              const d = await fetch(`${baseUrl}/api/v1/serviceowner/downloadqueue/${encodeURIComponent(it.archiveReference)}`, { method: 'DELETE', headers: { ApiKey: SERVICE_OWNER_API_KEY } });
              if (d.status !== 204) throw new Error(`purging ${it.archiveReference} answered ${d.status}: ${(await d.text()).slice(0, 200)}`);
            }
          }
        } catch (err) {
          queueProblems.push((err as Error).message);
        }
        for (const ack of acks.values()) {
          const n = queueCount.get(ack.archiveReference) ?? 0;
          if (n !== 1) queueProblems.push(`${ack.reference} ${ack.archiveReference}: ${n} times in the download queue`);
        }
        checks.push({
          name: 'REST: every acknowledged archive reference exactly once in the download queue',
          ok: queueProblems.length === 0,
          measured: `${[...acks.values()].filter((a) => queueCount.get(a.archiveReference) === 1).length}/${acks.size}`,
          detail: problems(queueProblems),
        });
        notes.push('PGlite: no SQL checks (the embedded database lives inside the Tinn process); the message box and the download queue were read through REST instead.');
        notes.push(
          'PGlite runs without fsync. kill -9 ends the process, not the machine: what PGlite had written is in the operating system\'s page cache and survives. An operating-system crash or power loss is not simulated here and may lose acknowledged submissions or leave a data directory that does not open: the documented limit of embedded mode.',
        );
      }
    } else {
      checks.push({ name: 'verification', ok: false, measured: 'not possible', detail: ['Tinn was not running after the last kill: nothing could be verified'] });
    }
    for (const c of clients) c.close();

    // 6. Result.
    const allOk = checks.every((c) => c.ok);
    const loadSeconds = (loadEnd - kills.reduce((n, k) => n + (k.phase === 'load' && k.restart.killToReadyMs !== null ? k.restart.killToReadyMs : 0), 0)) / 1000;
    const goals: GoalCheck[] = checks.map((c) => ({ name: c.name, goal: 'pass', measured: c.measured, pass: c.ok }));
    const loadKills = kills.filter((k) => k.phase === 'load');
    const ackedAfterRetry = [...acks.values()].filter((a) => a.attempts > 1);
    const summaryNumbers = {
      referencesStarted: startedRefs.size,
      acknowledged: acks.size,
      acknowledged201: [...acks.values()].filter((a) => a.httpStatus === 201).length,
      acknowledged200: [...acks.values()].filter((a) => a.httpStatus === 200).length,
      acknowledgedAfterRetry: ackedAfterRetry.length,
      abandoned: abandoned.size,
      requests,
      retries,
      failedRequests: failures.length,
      failuresByKind: failures.reduce<Record<string, number>>((m, f) => ((m[f.kind] = (m[f.kind] ?? 0) + 1), m), {}),
      unauthorizedAnswers: unauthorized,
      replaysDuringLoad,
      replaysAfterKills: replayed,
      drainMs,
      submissionsPerSecondOfUptime: loadSeconds > 0 ? Math.round((acks.size / loadSeconds) * 10) / 10 : null,
      maxKillToReadyMs: Math.max(0, ...kills.map((k) => k.restart.killToReadyMs ?? 0)),
      maxClientRecoveryMs: Math.max(0, ...loadKills.map((k) => k.maxClientRecoveryMs ?? 0)),
    };
    const dbLabel = settings.db === 'postgres' ? `PostgreSQL ${postgresVersion ?? ''}`.trim() : 'PGlite (embedded)';
    const result: BenchResult & Record<string, unknown> = {
      scenario: 'reliability-kill',
      title: `kill -9 during submissions (${dbLabel})`,
      summary: `${settings.clients} clients submit a-meldinger (service 5002) while Tinn is killed with SIGKILL ${settings.kills} times${settings.finalKill ? ' (and once more after the drain)' : ''} and started again on the same database; clients retry a failed shipment with the same externalShipmentReference until acknowledged. Checked afterwards: every acknowledged receipt and archive present and complete, no duplicates. Not a timing benchmark: bench/reliability/README.md.`,
      date: started.toISOString(),
      machine: machineInfo(),
      git,
      wallSeconds: Math.round(now() / 100) / 10,
      loadAverageBefore,
      settings: { ...settings, reportee: REPORTEE, service: '5002/1 (a-melding example, unchanged)', run, port, postgres: settings.db === 'postgres' ? { version: postgresVersion, database: createdDb } : null },
      raw: {
        firstStartMs,
        ...summaryNumbers,
        kills,
        failuresBeforeFirstKill,
        // Tinn's log lines at error level or above (JSON, level ≥ 50), per server process: 0 is the first start, i the restart after kill i.
        generations: generations.map((g, i) => ({ generation: i, pid: g.child.process.pid, errorLines: g.errorLines.length, samples: g.errorLines.slice(0, 5) })),
        failureSamples: failures.slice(0, 30),
      },
      ratios: {},
      goals,
      table: {
        columns: ['kill', 'phase', 'in flight', 'failed requests', 'kill → ready', 'kill → first ack', 'slowest client recovered', 'retries answered 200 / 201'],
        rows: kills.map((k) => [
          String(k.index),
          k.phase,
          String(k.inFlight),
          String(k.failedRequests),
          k.restart.killToReadyMs === null ? 'did not start' : `${k.restart.killToReadyMs} ms`,
          k.killToFirstAckMs === null ? '–' : `${k.killToFirstAckMs} ms`,
          k.maxClientRecoveryMs === null ? '–' : `${k.maxClientRecoveryMs} ms`,
          k.phase === 'load' ? `${k.retriedAcked200} / ${k.retriedAcked201}` : '–',
        ]),
      },
      notes,
      checks,
      ok: allOk,
    };
    if (git.dirty) notes.push('The working tree had uncommitted changes (other work in progress); bin/tinn.js rebuilds its bundle when src/ changes, so a restart could in principle have run newer code.');
    await mkdir(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `reliability-kill-${stamp}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);

    // Human summary.
    console.log('');
    console.log(`kill -9 during submissions on ${dbLabel}: ${allOk ? 'ALL CHECKS PASSED' : 'CHECKS FAILED'}`);
    console.log(
      `  ${summaryNumbers.acknowledged} of ${summaryNumbers.referencesStarted} references acknowledged (${summaryNumbers.acknowledged201} × 201, ${summaryNumbers.acknowledged200} × 200 after a retry whose first attempt had been stored), ` +
        `${requests} requests, ${retries} retries, ${failures.length} failed requests, ${kills.length} kills`,
    );
    for (const k of kills) {
      console.log(
        `  kill #${k.index} (${k.phase}): ${k.inFlight} in flight, ${k.failedRequests} failed requests (${Object.entries(k.failuresByDetail).map(([d, n]) => `${d} ${n}`).join(', ') || 'none'}), ` +
          `ready again ${k.restart.killToReadyMs ?? '–'} ms after the kill, first ack after ${k.killToFirstAckMs ?? '–'} ms, slowest client after ${k.maxClientRecoveryMs ?? '–'} ms` +
          (k.phase === 'load' ? `, retried references answered 200: ${k.retriedAcked200}, 201: ${k.retriedAcked201}` : ''),
      );
    }
    for (const c of checks) {
      console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.measured}`);
      if (!c.ok) for (const d of c.detail.slice(0, 10)) console.log(`         ${d}`);
    }
    const errorLines = generations.reduce((n, g) => n + g.errorLines.length, 0);
    console.log(`  Tinn logged ${errorLines} line(s) at error level over ${generations.length} server processes${errorLines > 0 ? ' (samples in the result file: raw.generations)' : ''}`);
    for (const n of notes) console.log(`  note: ${n}`);
    console.log(`  result: ${join('bench', 'results', `reliability-kill-${stamp}.json`)}`);
    return allOk ? 0 : 1;
  } finally {
    stopNew = true;
    aborted ??= 'finished';
    if (current) await stopChild(current.child).catch(() => {});
    if (createdDb) {
      await adminQuery(`drop database if exists "${createdDb}" with (force)`).then(
        () => (createdDb = null),
        (err: Error) => console.error(`could not drop database ${createdDb}: ${err.message}`),
      );
    }
    await removeDataDir(dataDir).catch(() => {});
  }
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  return 1;
});
