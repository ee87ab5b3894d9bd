// kill -9 of API and worker processes in turn while two APIs and two workers share one PostgreSQL database and one
// blob directory under a mixed load (form submissions and SMS notifications), then proof that nothing acknowledged
// was lost, nothing was created twice, and every SMS went out under its own id. See README.md beside this file.
//
//   node bin/run-ts.js bench/reliability/kill-processes.ts [--seconds N] [--kills K] [--clients C]
//        [--restart-delay-ms MS] [--lease-ms MS] [--notifications-per-request N] [--recipients R] [--drain-seconds S]
//
// Exit code: 0 when every check passed, 1 when one failed (the summary says which), 2 on a bad command line.
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort, getStatus, startChild, stopChild, type Child } from '../lib/children.ts';
import { createClient, type Client, type JsonResponse } from '../lib/client.ts';
import { gitInfo, machineInfo } from '../lib/machine.ts';
import { startSink, waitForBanner, type Sink } from '../lib/notification-sinks.ts';
import { createDatabase, dropDatabase, postgresServer, redactedUrl, POSTGRES_ADMIN_URL, type PostgresDatabase } from '../lib/postgres.ts';
import { RESULTS_DIR, timestampForFile } from '../lib/results.ts';
import type { BenchResult, GoalCheck } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir } from '../lib/servers.ts';

// ---------------------------------------------------------------------------------------------------------------
// Settings

interface Settings {
  /** Seconds of load (wall time: the other processes keep working while one is down). */
  seconds: number;
  /** kill -9 during the load, in turn api-1, worker-1, api-2, worker-2, api-1, … */
  kills: number;
  clients: number;
  restartDelayMs: number;
  /** TINN_JOBS_LEASE_MS: how long a killed worker's claimed jobs stay reserved before another worker takes them. */
  leaseMs: number;
  notificationsPerRequest: number;
  /** SMS endpoints per notification. */
  recipients: number;
  /** How long the workers may take, after the clients drained, to deliver every message and finish every job. */
  drainSeconds: number;
}

const USAGE =
  'usage: node bin/run-ts.js bench/reliability/kill-processes.ts [--seconds N] [--kills K] [--clients C] [--restart-delay-ms MS] [--lease-ms MS] [--notifications-per-request N] [--recipients R] [--drain-seconds S]';

function parseArgs(argv: string[]): Settings {
  const s: Settings = { seconds: 120, kills: 6, clients: 8, restartDelayMs: 1000, leaseMs: 5000, notificationsPerRequest: 2, recipients: 2, drainSeconds: 300 };
  const int = (name: string, v: string | undefined, min: number, max: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} needs a whole number from ${min} to ${max}, not ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--seconds') s.seconds = int(a, next(), 5, 3600);
    else if (a === '--kills') s.kills = int(a, next(), 0, 100);
    else if (a === '--clients') s.clients = int(a, next(), 1, 200);
    else if (a === '--restart-delay-ms') s.restartDelayMs = int(a, next(), 0, 60_000);
    else if (a === '--lease-ms') s.leaseMs = int(a, next(), 1000, 86_400_000);
    else if (a === '--notifications-per-request') s.notificationsPerRequest = int(a, next(), 1, 50);
    else if (a === '--recipients') s.recipients = int(a, next(), 1, 20);
    else if (a === '--drain-seconds') s.drainSeconds = int(a, next(), 10, 3600);
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return s;
}

// Submissions exactly as kill-during-submissions.ts makes them: the a-melding example, unchanged, from the demo
// world's data system (SystemID 10001, Fjordlys Regnskap AS) for its own organisation; service 5002 archives at once
// and has the download queue on.
const REPORTEE = '310000116';
const SYSTEM = { systemId: '10001', systemPassword: 'Fjordlys2026' };
const SUBMIT_PATH = `/api/v1/reportees/${REPORTEE}/formtasks`;
const EXAMPLE_XML = new URL('../../testdata/services/ttd-5002-a-melding/examples/melding.xml', import.meta.url);
const NOTIFY_PATH = '/api/v1/serviceowner/notifications';
const SERVICE_OWNER_API_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const PUBLIC_URL = 'http://tinn-load-balancer.invalid';
const READY_TIMEOUT_MS = 180_000;
const CLIENT_DRAIN_TIMEOUT_MS = 180_000;
/** A request that keeps getting an unexpected answer (4xx other than one 401) is given up after this many. */
const MAX_UNEXPECTED = 5;

function shipment(reference: string, xml: string) {
  return {
    externalShipmentReference: reference,
    serviceCode: '5002',
    serviceEditionCode: 1,
    forms: [{ dataFormatId: '6101', dataFormatVersion: 1, endUserSystemReference: 'a-melding', formData: xml }],
  };
}

const t0 = performance.now();
const now = () => performance.now() - t0;
const round = (ms: number) => Math.round(ms);
const log = (msg: string) => console.log(`[${(now() / 1000).toFixed(1).padStart(6)} s] ${msg}`);

// ---------------------------------------------------------------------------------------------------------------
// Tinn processes: each its own data dir (kept across restarts), all on one database and one blob dir.

interface Proc {
  name: string;
  role: 'api' | 'worker';
  /** The API's fixed port (the same after a restart), undefined for a worker. */
  port: number | undefined;
  dataDir: string;
  child: Child;
  /** 0 for the first start, then one more per restart. */
  generation: number;
  /** Tinn's JSON log lines at error level or above (level ≥ 50). */
  errorLines: string[];
  /** Warnings "job lease lost": a live worker that could not renew a lease in time (another one may run that job too). */
  leaseLost: number;
}

interface ProcRecord {
  name: string;
  generation: number;
  pid: number | undefined;
  exitedWith: number | string | null;
  errorLines: number;
  leaseLost: number;
  samples: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Bookkeeping

interface SubmissionAck {
  reference: string;
  receiptId: number;
  archiveReference: string;
  reporteeElementId: number;
  httpStatus: number;
  attempts: number;
  api: string;
  at: number;
}

interface OrderedRecipient {
  recipientId: string;
  address: string;
}

interface NotificationAck {
  key: string;
  batchId: string;
  notifications: { notificationId: string; recipients: OrderedRecipient[] }[];
  httpStatus: number;
  attempts: number;
  api: string;
  at: number;
}

interface Failure {
  op: 'submission' | 'notification';
  id: string;
  api: string;
  at: number;
  /** 'network' (reset, refused, timeout), 'http-5xx', 'unexpected' (other 4xx, malformed acknowledgement). */
  kind: 'network' | 'http-5xx' | 'unexpected';
  detail: string;
}

interface KillRecord {
  index: number;
  process: string;
  role: 'api' | 'worker';
  pid: number | undefined;
  /** ms since the run started, and Date.now() (to place sink arrivals, which carry epoch times). */
  at: number;
  atEpoch: number;
  /** Worker kills wait for the next SMS at the sink and follow it at once (aiming between hand-over and Sent). */
  rightAfterArrival: boolean | null;
  exitedWith: number | string | null;
  restart: { ok: boolean; killToReadyMs: number | null; error?: string };
  failedRequests: number;
  failuresByDetail: Record<string, number>;
  repeatsAfter: number;
}

interface SubmitBody {
  receipt?: { receiptId?: unknown; references?: { referenceTypeName: string; referenceValue: string }[] };
  status?: unknown;
  reporteeElementId?: unknown;
  archiveReference?: unknown;
}

function parseSubmissionAck(reference: string, res: JsonResponse): { ok: true; ack: Pick<SubmissionAck, 'receiptId' | 'archiveReference' | 'reporteeElementId'> } | { ok: false; why: string } {
  const b = res.body as SubmitBody | undefined;
  const receiptId = b?.receipt?.receiptId;
  const ext = b?.receipt?.references?.find((r) => r.referenceTypeName === 'ExternalShipmentReference')?.referenceValue;
  if (typeof receiptId !== 'number' || typeof b?.reporteeElementId !== 'number' || typeof b.archiveReference !== 'string' || b.status !== 'Archive') {
    return { ok: false, why: `acknowledgement without receiptId, reporteeElementId, archiveReference or status Archive: ${res.text.slice(0, 300)}` };
  }
  if (ext !== reference) return { ok: false, why: `receipt's ExternalShipmentReference is ${ext ?? 'missing'}, sent ${reference}` };
  return { ok: true, ack: { receiptId, archiveReference: b.archiveReference, reporteeElementId: b.reporteeElementId } };
}

const sameSubmission = (a: Pick<SubmissionAck, 'receiptId' | 'archiveReference' | 'reporteeElementId'>, b: Pick<SubmissionAck, 'receiptId' | 'archiveReference' | 'reporteeElementId'>) =>
  a.receiptId === b.receiptId && a.archiveReference === b.archiveReference && a.reporteeElementId === b.reporteeElementId;

const describeSubmission = (a: Pick<SubmissionAck, 'receiptId' | 'archiveReference' | 'reporteeElementId'>) => `receipt ${a.receiptId}, ${a.archiveReference}, element ${a.reporteeElementId}`;

interface NotifyBody {
  batchId?: unknown;
  notifications?: { notificationId?: unknown; recipients?: { recipientId?: unknown; transportType?: unknown; receiverAddress?: unknown }[] }[];
}

/** The acknowledgement of an order: one notification per ordered one, each with exactly its ordered SMS addresses. */
function parseNotificationAck(ordered: string[][], res: JsonResponse): { ok: true; batchId: string; notifications: NotificationAck['notifications'] } | { ok: false; why: string } {
  const b = res.body as NotifyBody | undefined;
  if (typeof b?.batchId !== 'string' || !Array.isArray(b.notifications)) return { ok: false, why: `acknowledgement without batchId or notifications: ${res.text.slice(0, 300)}` };
  if (b.notifications.length !== ordered.length) return { ok: false, why: `${b.notifications.length} notifications answered, ${ordered.length} ordered` };
  const notifications: NotificationAck['notifications'] = [];
  for (const [i, n] of b.notifications.entries()) {
    const want = ordered[i]!;
    const rs = n.recipients ?? [];
    const got = rs.map((r) => String(r.receiverAddress));
    if (typeof n.notificationId !== 'string' || rs.length !== want.length || [...got].sort().join() !== [...want].sort().join() || rs.some((r) => r.transportType !== 'SMS' || typeof r.recipientId !== 'string')) {
      return { ok: false, why: `notification ${i}: ${JSON.stringify(n).slice(0, 300)}, ordered ${want.join(', ')}` };
    }
    notifications.push({ notificationId: n.notificationId, recipients: rs.map((r) => ({ recipientId: String(r.recipientId), address: String(r.receiverAddress) })) });
  }
  return { ok: true, batchId: b.batchId, notifications };
}

const notificationIds = (n: NotificationAck['notifications']) => n.map((x) => `${x.notificationId}:${x.recipients.map((r) => r.recipientId).join('+')}`).join(',');

// ---------------------------------------------------------------------------------------------------------------
// The SMS gateway's log (bench/lib/notification-sink.ts appends one JSON line per message before acknowledging it)

interface Arrival {
  id: string | null;
  to: string;
  /** ms since the epoch. */
  at: number;
}

class SinkLog {
  readonly arrivals: Arrival[] = [];
  readonly ids = new Set<string>();
  brokenLines = 0;
  #offset = 0;
  #partial = '';
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }
  async poll(): Promise<void> {
    let buf: Buffer;
    try {
      buf = (await readFile(this.file)).subarray(this.#offset);
    } catch {
      return;
    }
    this.#offset += buf.length;
    const lines = (this.#partial + buf.toString('utf8')).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line) continue;
      try {
        const a = JSON.parse(line) as Arrival;
        this.arrivals.push(a);
        if (a.id) this.ids.add(a.id);
      } catch {
        this.brokenLines++;
      }
    }
  }
  /** Resolves on the next append to the log (inotify), or false after `timeoutMs`. */
  nextArrival(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const w = watch(this.file, () => done(true));
      const timer = setTimeout(() => done(false), timeoutMs);
      function done(arrived: boolean) {
        clearTimeout(timer);
        w.close();
        resolve(arrived);
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------

interface Check {
  name: string;
  ok: boolean;
  measured: string;
  detail: string[];
}

const problems = (list: string[], max = 20) => (list.length > max ? [...list.slice(0, max), `… and ${list.length - max} more`] : list);

async function main(): Promise<number> {
  let s: Settings;
  try {
    s = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const started = new Date();
  const stamp = timestampForFile(started);
  const run = stamp.toLowerCase();
  const prefix = `kp-${run}-`;
  const loadAverageBefore = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const git = gitInfo();
  const xml = await readFile(EXAMPLE_XML, 'utf8');

  const server = await postgresServer();
  if (!server.ok) {
    console.error(`PostgreSQL at ${redactedUrl(POSTGRES_ADMIN_URL)} not reachable: ${server.reason}`);
    return 1;
  }
  const postgresVersion = server.version;
  let database: PostgresDatabase | undefined;
  const blobDir = await makeDataDir();
  const procDirs: string[] = [];
  const sinkDir = await mkdtemp(join(os.tmpdir(), 'tinn-kill-processes-sink-'));
  let sink: Sink | undefined;
  const procs: Proc[] = [];
  const retired: ProcRecord[] = [];
  let sql: pg.Pool | undefined;
  let stopNew = false;
  let aborted: string | null = null;

  try {
    database = await createDatabase('kill_processes');
    const sinkLog = new SinkLog(join(sinkDir, 'sms.jsonl'));
    await writeFile(sinkLog.file, '');
    sink = await startSink({ smtp: false, logFile: sinkLog.file, name: 'sms-sink' });

    const startProc = (p: Pick<Proc, 'name' | 'role' | 'port' | 'dataDir'>, generation: number): Proc => {
      const args = ['bin/tinn.js', 'start', '--testenv', '--roles', p.role, ...(p.port !== undefined ? ['--port', String(p.port)] : [])];
      const child = startChild(p.name, args, {
        DATABASE_URL: database!.url,
        TINN_DATA_DIR: p.dataDir,
        TINN_BLOB_DIR: blobDir,
        // One address for all, as behind a load balancer: it is the issuer of the access tokens, so a token one API
        // gave out is good at the other (by default each would be http://localhost:<its own port>).
        TINN_PUBLIC_URL: PUBLIC_URL,
        TINN_LOG_LEVEL: 'warn',
        // Four processes start at once on a shared tree: none of them should build the portal.
        TINN_PORTAL_BUILD: 'false',
        TINN_SMS_TRANSPORT: 'http',
        TINN_SMS_GATEWAY_URL: sink!.smsUrl,
        TINN_JOBS_LEASE_MS: String(s.leaseMs),
        TINN_DB_POOL_MAX: '10',
        TINN_AUTHN_RATE_LIMIT_IP_PER_MINUTE: '1000000',
        TINN_AUTHN_RATE_LIMIT_ACCOUNT_PER_HOUR: '1000000',
        TINN_AUTHN_RATE_LIMIT_SYSTEM_PER_MINUTE: '1000000',
      });
      const proc: Proc = { ...p, child, generation, errorLines: [], leaseLost: 0 };
      let partial = '';
      const scan = (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 0);
          if (level >= 50) proc.errorLines.push(line.length > 600 ? `${line.slice(0, 600)}…` : line);
          if (line.includes('job lease lost')) proc.leaseLost++;
        }
      };
      child.process.stdout?.on('data', scan);
      child.process.stderr?.on('data', scan);
      return proc;
    };
    const retire = (p: Proc, exitedWith: number | string | null) =>
      retired.push({ name: p.name, generation: p.generation, pid: p.child.process.pid, exitedWith, errorLines: p.errorLines.length, leaseLost: p.leaseLost, samples: p.errorLines.slice(0, 3) });
    const waitReady = async (p: Proc) => {
      if (p.role === 'worker') return void (await waitForBanner(p.child, READY_TIMEOUT_MS));
      const url = `http://127.0.0.1:${p.port}/health/ready`;
      for (;;) {
        // 5 s per probe: under load a probe can wait behind the requests.
        if ((await getStatus(url, 5000)) === 200) return;
        if (p.child.hasExited()) throw new Error(`${p.name} exited before it was ready. Output:\n${p.child.output()}`);
        if (performance.now() - p.child.spawnedAt > READY_TIMEOUT_MS) throw new Error(`${p.name} not ready within ${READY_TIMEOUT_MS} ms. Output:\n${p.child.output()}`);
        await sleep(25);
      }
    };

    // 1. Two APIs and two workers, started together on the empty database (migrations and the demo world once).
    const layout: Pick<Proc, 'name' | 'role' | 'port' | 'dataDir'>[] = [];
    for (const [name, role] of [['api-1', 'api'], ['api-2', 'api'], ['worker-1', 'worker'], ['worker-2', 'worker']] as const) {
      const dataDir = await makeDataDir();
      procDirs.push(dataDir);
      layout.push({ name, role, port: role === 'api' ? await freePort() : undefined, dataDir });
    }
    for (const l of layout) procs.push(startProc(l, 0));
    await Promise.all(procs.map(waitReady));
    const apis = layout.filter((l) => l.role === 'api').map((l) => ({ name: l.name, baseUrl: `http://127.0.0.1:${l.port}` }));
    log(`Tinn on PostgreSQL ${postgresVersion} (database ${database.name}): ${procs.map((p) => `${p.name} pid ${p.child.process.pid}${p.port ? ` :${p.port}` : ''}`).join(', ')}; blobs in ${blobDir}; SMS gateway ${sink.smsUrl}; lease ${s.leaseMs} ms`);
    sql = new pg.Pool({ connectionString: database.url, max: 2 });
    sql.on('error', () => {});

    // The data system's token, fetched from whichever API answers (the signing keys are in the database, so a token
    // of one API is good at the other).
    let token: Promise<string> | null = null;
    let tokenRr = 0;
    const fetchToken = async (): Promise<string> => {
      for (let attempt = 1; ; attempt++) {
        const api = apis[tokenRr++ % apis.length]!;
        const c = createClient(api.baseUrl);
        try {
          const res = await c.request('POST', '/api/v1/authn/system/token', { json: SYSTEM });
          const t = (res.body as { accessToken?: unknown } | undefined)?.accessToken;
          if (res.status === 200 && typeof t === 'string') return t;
          if (attempt > 20) throw new Error(`system token: ${api.name} answered ${res.status}: ${res.text.slice(0, 200)}`);
        } catch (err) {
          if (attempt > 20) throw err;
        } finally {
          c.close();
        }
        await sleep(200);
      }
    };
    const getToken = () => {
      if (!token) {
        const p = fetchToken();
        token = p;
        p.catch(() => {
          if (token === p) token = null;
        });
      }
      return token;
    };
    const invalidateToken = async (used: string) => {
      const current = token;
      if (current && (await current.catch(() => null)) === used && token === current) token = null;
    };
    await getToken();

    // 2. The load.
    const subAcks = new Map<string, SubmissionAck>();
    const notAcks = new Map<string, NotificationAck>();
    const orderedByKey = new Map<string, string[][]>();
    const startedSubs = new Set<string>();
    const startedOrders = new Set<string>();
    const abandoned: string[] = [];
    const unexpected: string[] = [];
    const failures: Failure[] = [];
    let requests = 0;
    let retries = 0;
    let replays = 0;
    let replaysSkipped = 0;
    let addressSeq = 0;
    const inFlight = new Map<number, string>();

    /**
     * Sends one operation until it is acknowledged: round-robin over the APIs, so a request that failed on one goes to
     * the other next (the same reference or Idempotency-Key, the same body).
     */
    const perform = async (
      clients: Client[],
      rr: { n: number; downUntil: number[] },
      op: Failure['op'],
      id: string,
      send: (client: Client, tok: string) => Promise<JsonResponse>,
      accept: (res: JsonResponse, attempts: number, api: string) => string | null,
    ): Promise<boolean> => {
      let unexpectedCount = 0;
      let refreshed = false;
      for (let attempts = 1; ; attempts++) {
        if (aborted) return false;
        let i = rr.n++ % apis.length;
        // An API that refused or dropped this client's last request is passed over for a second, if another is not.
        if (rr.downUntil[i]! > now()) {
          const other = apis.findIndex((_, j) => rr.downUntil[j]! <= now());
          if (other >= 0) i = other;
        }
        const api = apis[i]!;
        requests++;
        if (attempts > 1) retries++;
        let res: JsonResponse;
        try {
          const tok = await getToken();
          res = await send(clients[i]!, tok);
          if (res.status === 401 && op === 'submission' && !refreshed) {
            refreshed = true;
            await invalidateToken(tok);
            continue;
          }
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          failures.push({ op, id, api: api.name, at: now(), kind: 'network', detail: e.code ?? e.message.slice(0, 60) });
          rr.downUntil[i] = now() + 1000;
          clients[i]!.close();
          clients[i] = createClient(api.baseUrl);
          // The other API is most likely up: try it at once the first time, then back off a little.
          if (attempts > 1) await sleep(Math.min(1000, 25 * attempts) + Math.random() * 25);
          continue;
        }
        if (res.status >= 500) {
          failures.push({ op, id, api: api.name, at: now(), kind: 'http-5xx', detail: `${res.status} ${res.text.slice(0, 300)}` });
          await sleep(Math.min(1000, 50 * attempts));
          continue;
        }
        const why = res.status === 200 || res.status === 201 ? accept(res, attempts, api.name) : `${res.status} ${res.text.slice(0, 300)}`;
        if (why === null) return true;
        failures.push({ op, id, api: api.name, at: now(), kind: 'unexpected', detail: why });
        unexpected.push(`${id} (attempt ${attempts}, ${api.name}): ${why}`);
        if (++unexpectedCount >= MAX_UNEXPECTED) {
          abandoned.push(id);
          return false;
        }
        await sleep(200);
      }
    };

    const clientLoop = async (c: number) => {
      const clients = apis.map((a) => createClient(a.baseUrl));
      const rr = { n: c, downUntil: apis.map(() => 0) };
      // Acknowledged operations of each kind, for sending every 8th once more.
      const acked = { submission: 0, notification: 0 };
      try {
        for (let n = 1; !stopNew && !aborted; n++) {
          if ((n + c) % 2 === 0) {
            // A form submission.
            const reference = `${prefix}${c}-${n}`;
            const body = shipment(reference, xml);
            startedSubs.add(reference);
            inFlight.set(c, reference);
            const send = (client: Client, tok: string) => client.request('POST', SUBMIT_PATH, { json: body, headers: { authorization: `Bearer ${tok}` } });
            const ok = await perform(clients, rr, 'submission', reference, send, (res, attempts, api) => {
              const parsed = parseSubmissionAck(reference, res);
              if (!parsed.ok) return parsed.why;
              if (res.status === 200 && attempts === 1) unexpected.push(`${reference}: the first attempt answered 200 (a replay), but it was never sent before`);
              subAcks.set(reference, { reference, ...parsed.ack, httpStatus: res.status, attempts, api, at: now() });
              return null;
            });
            inFlight.delete(c);
            const ack = subAcks.get(reference);
            if (ok && ack && ++acked.submission % 8 === 0 && !stopNew) {
              // Sent once more, to the other API: 200 with the same acknowledgement.
              const i = (apis.findIndex((a) => a.name === ack.api) + 1) % apis.length;
              try {
                const res = await send(clients[i]!, await getToken());
                replays++;
                const again = res.status === 200 ? parseSubmissionAck(reference, res) : null;
                if (!again?.ok || !sameSubmission(again.ack, ack)) unexpected.push(`${reference}: sent again to ${apis[i]!.name} after its acknowledgement (${describeSubmission(ack)}): ${res.status} ${again?.ok ? describeSubmission(again.ack) : res.text.slice(0, 200)}`);
              } catch {
                // That API is down (killed): the reference is acknowledged already.
                replaysSkipped++;
              }
            }
          } else {
            // An order of standalone SMS notifications, with an Idempotency-Key.
            const key = `${prefix}n-${c}-${n}`;
            const ordered = Array.from({ length: s.notificationsPerRequest }, () => Array.from({ length: s.recipients }, () => `+479${String(++addressSeq).padStart(7, '0')}`));
            const body = {
              notifications: ordered.map((addresses, j) => ({
                notificationType: 'TokenTextOnly',
                receiverEndPoints: addresses.map((a) => ({ transportType: 'SMS', receiverAddress: a })),
                textTokens: [{ tokenValue: `Kill test ${c}-${n}-${j}` }],
              })),
            };
            startedOrders.add(key);
            orderedByKey.set(key, ordered);
            inFlight.set(c, key);
            const send = (client: Client) => client.request('POST', NOTIFY_PATH, { json: body, headers: { ApiKey: SERVICE_OWNER_API_KEY, 'Idempotency-Key': key } });
            const ok = await perform(clients, rr, 'notification', key, send, (res, attempts, api) => {
              const parsed = parseNotificationAck(ordered, res);
              if (!parsed.ok) return parsed.why;
              if (res.status === 200 && attempts === 1) unexpected.push(`${key}: the first attempt answered 200 (a replay), but it was never sent before`);
              notAcks.set(key, { key, batchId: parsed.batchId, notifications: parsed.notifications, httpStatus: res.status, attempts, api, at: now() });
              return null;
            });
            inFlight.delete(c);
            const ack = notAcks.get(key);
            if (ok && ack && ++acked.notification % 8 === 0 && !stopNew) {
              const i = (apis.findIndex((a) => a.name === ack.api) + 1) % apis.length;
              try {
                const res = await send(clients[i]!);
                replays++;
                const again = res.status === 200 ? parseNotificationAck(ordered, res) : null;
                if (!again?.ok || again.batchId !== ack.batchId || notificationIds(again.notifications) !== notificationIds(ack.notifications)) {
                  unexpected.push(`${key}: sent again to ${apis[i]!.name} after its acknowledgement (batch ${ack.batchId}): ${res.status} ${again?.ok ? `batch ${again.batchId}` : res.text.slice(0, 200)}`);
                }
              } catch {
                // That API is down (killed).
                replaysSkipped++;
              }
            }
          }
        }
      } finally {
        for (const cl of clients) cl.close();
      }
    };

    // 3. Kills: in turn api-1, worker-1, api-2, worker-2, …, at even times over the load; one process down at a time.
    const order = ['api-1', 'worker-1', 'api-2', 'worker-2'];
    const kills: KillRecord[] = [];
    const killAndRestart = async (index: number): Promise<void> => {
      const name = order[(index - 1) % order.length]!;
      const slot = procs.findIndex((p) => p.name === name);
      const victim = procs[slot]!;
      let rightAfterArrival: boolean | null = null;
      if (victim.role === 'worker') rightAfterArrival = await sinkLog.nextArrival(5000);
      const at = now();
      const atEpoch = Date.now();
      victim.child.process.kill('SIGKILL');
      const exitedWith = await Promise.race([victim.child.exited, sleep(10_000, null, { ref: false })]);
      retire(victim, exitedWith);
      const record: KillRecord = {
        index,
        process: name,
        role: victim.role,
        pid: victim.child.process.pid,
        at: round(at),
        atEpoch,
        rightAfterArrival,
        exitedWith,
        restart: { ok: false, killToReadyMs: null },
        failedRequests: 0,
        failuresByDetail: {},
        repeatsAfter: 0,
      };
      kills.push(record);
      log(`kill -9 #${index}: ${name} (pid ${record.pid})${rightAfterArrival ? ' right after an SMS arrived' : ''}, ${exitedWith === null ? 'did NOT exit within 10 s' : `exited (${exitedWith})`}; ${inFlight.size} client operations in flight`);
      await sleep(s.restartDelayMs);
      const again = startProc(victim, victim.generation + 1);
      procs[slot] = again;
      try {
        await waitReady(again);
        record.restart = { ok: true, killToReadyMs: round(now() - at) };
        log(`  ${name} ${again.role === 'api' ? 'ready' : 'running'} again ${record.restart.killToReadyMs} ms after the kill (pid ${again.child.process.pid})`);
      } catch (err) {
        record.restart.error = (err as Error).message.slice(0, 4000);
        aborted = `${name} did not start again after kill -9 #${index}`;
        log(`${aborted}:\n${record.restart.error}`);
      }
    };

    log(`load: ${s.clients} clients alternating submissions and orders of ${s.notificationsPerRequest} × ${s.recipients} SMS, round-robin over ${apis.length} APIs, ${s.seconds} s, ${s.kills} kills`);
    const loadStart = now();
    const loops = Array.from({ length: s.clients }, (_, c) => clientLoop(c + 1));
    for (let k = 1; k <= s.kills && !aborted; k++) {
      const due = loadStart + (k * s.seconds * 1000) / (s.kills + 1);
      if (due > now()) await sleep(due - now());
      await killAndRestart(k);
    }
    const end = loadStart + s.seconds * 1000;
    if (end > now() && !aborted) await sleep(end - now());

    // 4. Drain: no new operations; each client retries its last one until acknowledged.
    stopNew = true;
    log('clients draining: no new operations');
    const drained = await Promise.race([Promise.all(loops).then(() => true), sleep(CLIENT_DRAIN_TIMEOUT_MS, false, { ref: false })]);
    if (!drained) aborted ??= `the clients did not drain within ${CLIENT_DRAIN_TIMEOUT_MS / 1000} s`;
    const loadSeconds = (now() - loadStart) / 1000;
    const expected = new Map<string, { address: string; notificationId: string; key: string }>();
    for (const a of notAcks.values()) for (const n of a.notifications) for (const r of n.recipients) expected.set(r.recipientId, { address: r.address, notificationId: n.notificationId, key: a.key });
    log(`load over after ${loadSeconds.toFixed(1)} s: ${subAcks.size} submissions and ${notAcks.size} orders (${expected.size} SMS) acknowledged; ${requests} requests, ${retries} retries, ${failures.length} failed`);

    // 5. Workers drain: every expected SMS at the gateway, and no job pending or running.
    const deliveryStart = now();
    let lastLog = 0;
    let open = -1;
    for (;;) {
      await sinkLog.poll();
      const missing = [...expected.keys()].filter((id) => !sinkLog.ids.has(id)).length;
      open = Number((await sql.query<{ n: string }>(`select count(*) as n from platform.job where status in ('pending', 'running')`)).rows[0]?.n ?? -1);
      if (missing === 0 && open === 0) break;
      if (now() - deliveryStart > s.drainSeconds * 1000) {
        log(`gave up waiting after ${s.drainSeconds} s: ${missing} SMS not at the gateway, ${open} jobs pending or running`);
        break;
      }
      if (now() - lastLog > 10_000) {
        log(`waiting for the workers: ${missing} SMS not yet at the gateway, ${open} jobs pending or running`);
        lastLog = now();
      }
      await sleep(250);
    }
    const deliveryMs = round(now() - deliveryStart);
    log(`workers drained ${deliveryMs} ms after the clients`);

    // 6. Checks.
    const checks: Check[] = [];
    const notes: string[] = [];
    checks.push({
      name: 'every kill ended its process (SIGKILL) and the process started again',
      ok: !aborted && kills.length === s.kills && kills.every((k) => k.exitedWith === 'SIGKILL' && k.restart.ok),
      measured: `${kills.filter((k) => k.restart.ok).length}/${kills.length} restarts (${kills.filter((k) => k.role === 'api').length} API, ${kills.filter((k) => k.role === 'worker').length} worker)`,
      detail: aborted ? [aborted] : kills.filter((k) => k.exitedWith !== 'SIGKILL').map((k) => `kill #${k.index}: exit ${String(k.exitedWith)}`),
    });
    checks.push({
      name: 'every started submission and order acknowledged',
      ok: abandoned.length === 0 && startedSubs.size === subAcks.size && startedOrders.size === notAcks.size,
      measured: `submissions ${subAcks.size}/${startedSubs.size}, orders ${notAcks.size}/${startedOrders.size}`,
      detail: problems([...[...startedSubs].filter((r) => !subAcks.has(r)), ...[...startedOrders].filter((k) => !notAcks.has(k))].map((id) => `${id}: ${abandoned.includes(id) ? 'given up after unexpected answers' : 'never acknowledged'}`)),
    });
    checks.push({ name: 'no unexpected answers (replays to the other API included)', ok: unexpected.length === 0, measured: String(unexpected.length), detail: problems(unexpected) });
    const fiveHundreds = failures.filter((f) => f.kind === 'http-5xx');
    checks.push({ name: 'no 5xx answers', ok: fiveHundreds.length === 0, measured: String(fiveHundreds.length), detail: problems(fiveHundreds.map((f) => `${f.id} (${f.api}): ${f.detail}`)) });
    const firstKillAt = kills[0]?.at ?? Infinity;
    const early = failures.filter((f) => f.at < firstKillAt);
    checks.push({ name: 'no failed request before the first kill', ok: early.length === 0, measured: String(early.length), detail: problems(early.map((f) => `${f.id}: ${f.kind} ${f.detail}`)) });

    const q = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await sql!.query<T>(text, values)).rows;
    const like = `${prefix}%`;

    // Submissions, by reference (as kill-during-submissions.ts checks them).
    const dups = await q<{ ref: string; n: string }>(`select external_shipment_reference as ref, count(*) as n from submissions.reportee_element where external_shipment_reference like $1 group by 1 having count(*) > 1`, [like]);
    checks.push({ name: 'submissions: no reference with more than one reportee_element', ok: dups.length === 0, measured: String(dups.length), detail: problems(dups.map((d) => `${d.ref}: ${d.n} elements`)) });
    const elements = await q<{ ref: string; id: number; ar: string | null; status: string }>(
      `select external_shipment_reference as ref, reportee_element_id as id, archive_reference as ar, status from submissions.reportee_element where external_shipment_reference like $1`,
      [like],
    );
    const elemRefs = new Set(elements.map((e) => e.ref));
    const elemProblems: string[] = [];
    for (const e of elements) {
      const ack = subAcks.get(e.ref);
      if (!ack) elemProblems.push(`${e.ref}: element ${e.id} but never acknowledged`);
      else if (ack.reporteeElementId !== e.id || ack.archiveReference !== e.ar || e.status !== 'Archive') elemProblems.push(`${e.ref}: element ${e.id} ${e.ar} ${e.status}, acknowledged ${describeSubmission(ack)}`);
    }
    for (const ref of subAcks.keys()) if (!elemRefs.has(ref)) elemProblems.push(`${ref}: acknowledged, no reportee_element (lost)`);
    checks.push({
      name: 'submissions: every acknowledged reference exactly once in reportee_element, as acknowledged; no other',
      ok: elemProblems.length === 0 && elemRefs.size === subAcks.size,
      measured: `${elemRefs.size} in the table, ${subAcks.size} acknowledged`,
      detail: problems(elemProblems),
    });
    const forms = await q<{ ref: string; n: string; same: string }>(
      `select e.external_shipment_reference as ref, count(f.form_id) as n, count(*) filter (where f.form_data = $2) as same
         from submissions.reportee_element e left join submissions.form f using (reportee_element_id)
        where e.external_shipment_reference like $1 group by 1 having count(f.form_id) <> 1 or count(*) filter (where f.form_data = $2) <> 1`,
      [like, xml],
    );
    checks.push({ name: 'submissions: every element has exactly its one form, as sent', ok: forms.length === 0, measured: `${forms.length} elements wrong`, detail: problems(forms.map((f) => `${f.ref}: ${f.n} forms, ${f.same} as sent`)) });
    const receipts = await q<{ ref: string; n: string; ids: number[] }>(
      `select rr.reference_value as ref, count(*) as n, array_agg(r.receipt_id) as ids
         from submissions.receipt r join submissions.receipt_reference rr using (receipt_id)
        where r.parent_receipt_id is null and rr.reference_type = 'ExternalShipmentReference' and rr.reference_value like $1 group by 1`,
      [like],
    );
    const receiptProblems = receipts
      .filter((r) => Number(r.n) !== 1 || subAcks.get(r.ref)?.receiptId !== r.ids[0])
      .map((r) => `${r.ref}: receipts ${r.ids.join(', ')}${subAcks.has(r.ref) ? `, acknowledged ${subAcks.get(r.ref)!.receiptId}` : ', never acknowledged'}`);
    checks.push({
      name: 'submissions: one receipt per acknowledged reference, the acknowledged one',
      ok: receiptProblems.length === 0 && receipts.length === subAcks.size,
      measured: `${receipts.length} references with receipts, ${receipts.reduce((n, r) => n + Number(r.n), 0)} receipts`,
      detail: problems(receiptProblems),
    });
    const claims = await q<{ ref: string; receipt_id: number | null }>(`select external_shipment_reference as ref, receipt_id from submissions.shipment where external_shipment_reference like $1`, [like]);
    const claimProblems = claims.filter((c) => c.receipt_id === null || subAcks.get(c.ref)?.receiptId !== c.receipt_id).map((c) => `${c.ref}: shipment claim with receipt ${c.receipt_id ?? 'null'}`);
    checks.push({ name: 'submissions: one completed shipment claim per acknowledged reference', ok: claimProblems.length === 0 && claims.length === subAcks.size, measured: `${claims.length} claims`, detail: problems(claimProblems) });
    const queue = await q<{ ar: string; n: string }>(
      `select e.archive_reference as ar, count(d.archive_reference) as n from submissions.reportee_element e
         left join submissions.download_queue_item d on d.archive_reference = e.archive_reference
        where e.external_shipment_reference like $1 and e.archive_reference is not null group by 1`,
      [like],
    );
    const queueProblems = queue.filter((x) => Number(x.n) !== 1).map((x) => `${x.ar}: ${x.n} download queue rows`);
    checks.push({
      name: 'submissions: exactly one download_queue_item per archive reference',
      ok: queueProblems.length === 0 && queue.length === subAcks.size,
      measured: `${queue.reduce((n, x) => n + Number(x.n), 0)} rows for ${queue.length} archive references`,
      detail: problems(queueProblems),
    });

    // Notifications: the database holds exactly the acknowledged batches, notifications and recipients.
    const rows = await q<{ batch_id: string; notification_id: string; recipient_id: string; channel: string; address: string | null; status: string; attempts: number }>(
      `select n.batch_id, n.id as notification_id, r.id as recipient_id, r.channel, r.address, r.status, r.attempts
         from notifications.notification n left join notifications.recipient r on r.notification_id = n.id`,
    );
    const ackByBatch = new Map([...notAcks.values()].map((a) => [a.batchId, a]));
    const ackedNotifications = new Map<string, { key: string; recipients: OrderedRecipient[] }>();
    for (const a of notAcks.values()) for (const n of a.notifications) ackedNotifications.set(n.notificationId, { key: a.key, recipients: n.recipients });
    const dbByNotification = new Map<string, typeof rows>();
    const notifProblems: string[] = [];
    for (const r of rows) {
      if (!ackByBatch.has(r.batch_id)) {
        notifProblems.push(`notification ${r.notification_id} in batch ${r.batch_id}, which no client got acknowledged (a second batch for a retried order?)`);
        continue;
      }
      dbByNotification.set(r.notification_id, [...(dbByNotification.get(r.notification_id) ?? []), r]);
    }
    for (const [id, want] of ackedNotifications) {
      const got = dbByNotification.get(id) ?? [];
      if (got.length === 0) {
        notifProblems.push(`${want.key} notification ${id}: acknowledged, not in the database (lost)`);
        continue;
      }
      const gotIds = got.map((r) => `${r.recipient_id}=${r.address}`).sort().join();
      const wantIds = want.recipients.map((r) => `${r.recipientId}=${r.address}`).sort().join();
      if (gotIds !== wantIds) notifProblems.push(`${want.key} notification ${id}: recipients ${gotIds}, acknowledged ${wantIds}`);
    }
    for (const id of dbByNotification.keys()) if (!ackedNotifications.has(id)) notifProblems.push(`notification ${id}: in an acknowledged batch but not in its acknowledgement`);
    checks.push({
      name: 'notifications: every acknowledged notification in the database with exactly its recipients; no other (no second batch for a retried Idempotency-Key)',
      ok: notifProblems.length === 0,
      measured: `${dbByNotification.size} notifications, ${rows.filter((r) => r.recipient_id).length} recipients in the database; ${ackedNotifications.size} and ${expected.size} acknowledged`,
      detail: problems(notifProblems),
    });
    const notSent = rows.filter((r) => r.recipient_id && r.status !== 'Sent');
    checks.push({ name: 'notifications: every recipient Sent in the database', ok: notSent.length === 0, measured: `${rows.filter((r) => r.status === 'Sent').length} Sent of ${rows.filter((r) => r.recipient_id).length}`, detail: problems(notSent.map((r) => `${r.recipient_id} ${r.address}: ${r.status}`)) });

    // The gateway: one id per recipient, every one delivered; repeats of an id counted apart.
    await sinkLog.poll();
    const byId = new Map<string, Arrival[]>();
    const idsByAddress = new Map<string, Set<string>>();
    let withoutId = 0;
    for (const a of sinkLog.arrivals) {
      if (!a.id) {
        withoutId++;
        continue;
      }
      byId.set(a.id, [...(byId.get(a.id) ?? []), a]);
      let ids = idsByAddress.get(a.to);
      if (!ids) idsByAddress.set(a.to, (ids = new Set()));
      ids.add(a.id);
    }
    const lost = [...expected.entries()].filter(([id]) => !byId.has(id));
    const unknown = [...byId.keys()].filter((id) => !expected.has(id));
    const wrongAddress = [...byId.entries()].filter(([id, as]) => expected.has(id) && as.some((a) => a.to !== expected.get(id)!.address));
    const severalIds = [...idsByAddress.entries()].filter(([, ids]) => ids.size > 1);
    checks.push({
      name: 'gateway: every acknowledged recipient delivered (distinct Idempotency-Keys = recipients), none lost',
      ok: lost.length === 0 && byId.size === expected.size && unknown.length === 0 && withoutId === 0,
      measured: `${byId.size} distinct ids for ${expected.size} recipients; ${lost.length} lost, ${unknown.length} unknown, ${withoutId} without id`,
      detail: problems([...lost.map(([id, e]) => `lost: ${id} ${e.address} (${e.key})`), ...unknown.map((id) => `unknown id ${id}`)]),
    });
    checks.push({
      name: 'gateway: no recipient got a second message under a different id, none to a wrong address',
      ok: severalIds.length === 0 && wrongAddress.length === 0,
      measured: `${severalIds.length} addresses with more than one id, ${wrongAddress.length} ids at a wrong address`,
      detail: problems([...severalIds.map(([a, ids]) => `${a}: ${[...ids].join(', ')}`), ...wrongAddress.map(([id, as]) => `${id}: ${as.map((a) => a.to).join(', ')}`)]),
    });
    const repeated = [...byId.entries()].filter(([, as]) => as.length > 1);
    const repeatCount = repeated.reduce((n, [, as]) => n + as.length - 1, 0);
    for (const [, as] of repeated) {
      for (const a of as.slice(1)) {
        const k = [...kills].reverse().find((x) => x.atEpoch <= a.at);
        if (k) k.repeatsAfter++;
      }
    }

    // Jobs: none left, none dead; one delivery job per recipient; a message handed over no more often than its job
    // started sending it, and its job ran more than once only when it was taken over (or retried).
    const jobsByStatus = await q<{ kind: string; status: string; n: string; retried: string }>(
      `select kind, status, count(*) as n, count(*) filter (where attempts > 1) as retried from platform.job group by 1, 2 order by 1, 2`,
    );
    const leftOver = await q<{ id: number; kind: string; status: string; attempts: number; locked_by: string | null; last_error: string | null; payload: unknown }>(
      `select id, kind, status, attempts, locked_by, last_error, payload from platform.job where status <> 'done' order by id`,
    );
    checks.push({
      name: 'jobs: none left pending, running or dead',
      ok: leftOver.length === 0,
      measured: `${leftOver.length} not done (${jobsByStatus.map((j) => `${j.kind} ${j.status} ${j.n}`).join(', ')})`,
      detail: problems(leftOver.map((j) => `job ${j.id} ${j.kind} ${j.status}, attempts ${j.attempts}, locked by ${j.locked_by ?? '–'}: ${j.last_error ?? ''} ${JSON.stringify(j.payload)}`)),
    });
    const deliverJobs = await q<{ recipient_id: string; jobs: string; attempts: number; recipient_attempts: number | null }>(
      `select j.payload->>'recipientId' as recipient_id, count(*) as jobs, max(j.attempts) as attempts, max(r.attempts) as recipient_attempts
         from platform.job j left join notifications.recipient r on r.id::text = j.payload->>'recipientId'
        where j.kind = 'notifications.deliver' group by 1`,
    );
    const jobProblems: string[] = [];
    const jobOf = new Map(deliverJobs.map((j) => [j.recipient_id, j]));
    for (const j of deliverJobs) if (Number(j.jobs) !== 1) jobProblems.push(`recipient ${j.recipient_id}: ${j.jobs} delivery jobs`);
    for (const id of expected.keys()) if (!jobOf.has(id)) jobProblems.push(`recipient ${id}: no delivery job`);
    for (const [id, as] of byId) {
      const j = jobOf.get(id);
      if (!j) continue;
      // Each run of the job marks the message Sending once (recipient.attempts) and hands it over at most once.
      if (as.length > (j.recipient_attempts ?? 0) || (j.recipient_attempts ?? 0) > j.attempts) {
        jobProblems.push(`recipient ${id}: ${as.length} messages at the gateway, ${j.recipient_attempts} sending attempts, ${j.attempts} job runs`);
      }
    }
    const takenOver = deliverJobs.filter((j) => j.attempts > 1).length;
    checks.push({
      name: 'jobs: one delivery job per recipient; no job handed its message over more often than it was claimed (no job ran to completion twice unless taken over)',
      ok: jobProblems.length === 0 && deliverJobs.length === expected.size,
      measured: `${deliverJobs.length} delivery jobs for ${expected.size} recipients; ${takenOver} ran more than once (taken over after a kill or retried)`,
      detail: problems(jobProblems),
    });

    // Per-kill figures.
    for (const [i, k] of kills.entries()) {
      const endAt = kills[i + 1]?.at ?? Infinity;
      const fs = failures.filter((f) => f.at >= k.at && f.at < endAt);
      k.failedRequests = fs.length;
      for (const f of fs) {
        const d = f.kind === 'network' ? `${f.op} ${f.detail}` : `${f.op} ${f.detail.split(' ')[0]}`;
        k.failuresByDetail[d] = (k.failuresByDetail[d] ?? 0) + 1;
      }
    }
    const leaseLost = [...retired, ...procs.map((p) => ({ leaseLost: p.leaseLost }))].reduce((n, p) => n + p.leaseLost, 0);

    // 7. Stop, result.
    await Promise.all(procs.map(async (p) => (await stopChild(p.child), retire(p, await p.child.exited))));
    const errorLines = retired.reduce((n, p) => n + p.errorLines, 0);
    const ok = checks.every((c) => c.ok);
    const figures = {
      loadSeconds: Math.round(loadSeconds * 10) / 10,
      submissionsAcknowledged: subAcks.size,
      submissionsAcknowledged200: [...subAcks.values()].filter((a) => a.httpStatus === 200).length,
      ordersAcknowledged: notAcks.size,
      ordersAcknowledged200: [...notAcks.values()].filter((a) => a.httpStatus === 200).length,
      notifications: ackedNotifications.size,
      smsRecipients: expected.size,
      requests,
      retries,
      replaysToTheOtherApi: replays,
      replaysSkippedOtherApiDown: replaysSkipped,
      failedRequests: failures.length,
      failuresByKind: failures.reduce<Record<string, number>>((m, f) => ((m[`${f.op} ${f.kind}`] = (m[`${f.op} ${f.kind}`] ?? 0) + 1), m), {}),
      gatewayMessages: sinkLog.arrivals.length,
      gatewayDistinctIds: byId.size,
      repeats: repeatCount,
      repeatedIds: repeated.length,
      deliveryJobsRunMoreThanOnce: takenOver,
      workersDrainedMs: deliveryMs,
      leaseLostWarnings: leaseLost,
      tinnErrorLines: errorLines,
      brokenSinkLogLines: sinkLog.brokenLines,
    };
    notes.push(
      `Two API processes (--roles api) and two workers (--roles worker) on one PostgreSQL database and one TINN_BLOB_DIR, each with its own TINN_DATA_DIR; SMS over HTTP to bench/lib/notification-sink.ts; TINN_JOBS_LEASE_MS=${s.leaseMs} (default 300000) so that another worker takes over a killed worker's claimed jobs within the run; other job settings at their defaults.`,
      `Clients alternate a form submission (service 5002, the a-melding example, its own externalShipmentReference) and an order of ${s.notificationsPerRequest} notifications × ${s.recipients} SMS (its own Idempotency-Key), round-robin over the two APIs; a failed request goes to the other API next with the same reference or key. Every 8th acknowledged operation is sent once more to the other API and must answer 200 with the same result.`,
      `Repeats: ${repeatCount} message(s) arrived at the gateway a second time with an Idempotency-Key it had already seen (${repeated.length} id(s)) — a worker killed after the hand-over and before it recorded Sent; the job's next run sends again with the same key, which a deduplicating gateway drops. A lost message or a second, different id for one recipient would fail a check.`,
    );
    if (git.dirty) notes.push('The working tree had uncommitted changes (other work in progress); bin/tinn.js rebuilds its bundle when src/ changes, so a restart could in principle have run newer code.');
    const scenario = 'reliability-kill-processes';
    const result: BenchResult & Record<string, unknown> = {
      scenario,
      title: `kill -9 of API and worker processes under mixed load (PostgreSQL ${postgresVersion})`,
      summary: `Two APIs and two workers share one PostgreSQL database and one blob directory. ${s.clients} clients submit a-meldinger and order SMS notifications round-robin over both APIs for ${s.seconds} s while ${s.kills} kill -9 hit the APIs and the workers in turn, each restarted after ${s.restartDelayMs} ms. Checked: every acknowledged submission exists once, every acknowledged notification has its recipients and each was delivered under its own Idempotency-Key (repeats of a key counted apart), no job left or run twice. Not a timing benchmark: bench/reliability/README.md.`,
      command: `node bin/run-ts.js bench/reliability/kill-processes.ts --seconds ${s.seconds} --kills ${s.kills}`,
      date: started.toISOString(),
      machine: machineInfo(),
      git,
      wallSeconds: Math.round(now() / 100) / 10,
      loadAverageBefore,
      settings: { ...s, run, postgres: { version: postgresVersion, database: database.name } },
      raw: {
        figures,
        kills,
        processes: retired,
        jobsByStatus: jobsByStatus.map((j) => ({ kind: j.kind, status: j.status, n: Number(j.n), ranMoreThanOnce: Number(j.retried) })),
        repeatedIds: repeated.slice(0, 50).map(([id, as]) => ({ id, arrivals: as.map((a) => a.at), jobRuns: jobOf.get(id)?.attempts ?? null })),
        failureSamples: failures.slice(0, 30),
      },
      ratios: {},
      goals: checks.map((c): GoalCheck => ({ name: c.name, goal: 'pass', measured: c.measured, pass: c.ok })),
      table: {
        columns: ['kill', 'process', 'at (s)', 'failed requests until the next kill', 'kill → ready again', 'repeats at the gateway after it'],
        rows: kills.map((k) => [
          String(k.index),
          `${k.process}${k.rightAfterArrival ? ' (right after an SMS arrived)' : ''}`,
          (k.at / 1000).toFixed(1),
          `${k.failedRequests}${k.failedRequests > 0 ? ` (${Object.entries(k.failuresByDetail).map(([d, n]) => `${d} ${n}`).join(', ')})` : ''}`,
          k.restart.killToReadyMs === null ? 'did not start' : `${k.restart.killToReadyMs} ms`,
          String(k.repeatsAfter),
        ]),
      },
      notes,
      checks,
      ok,
    };
    await mkdir(RESULTS_DIR, { recursive: true });
    const file = join('bench', 'results', `${scenario}-${stamp}.json`);
    await writeFile(join(RESULTS_DIR, `${scenario}-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);

    console.log('');
    console.log(`kill -9 of API and worker processes on PostgreSQL ${postgresVersion}: ${ok ? 'ALL CHECKS PASSED' : 'CHECKS FAILED'}`);
    console.log(`  ${JSON.stringify(figures)}`);
    for (const k of kills) {
      console.log(
        `  kill #${k.index} ${k.process}${k.rightAfterArrival ? ' (right after an SMS arrived)' : ''} at ${(k.at / 1000).toFixed(1)} s: ready again after ${k.restart.killToReadyMs ?? '–'} ms, ${k.failedRequests} failed requests (${Object.entries(k.failuresByDetail).map(([d, n]) => `${d} ${n}`).join(', ') || 'none'}), ${k.repeatsAfter} repeats after it`,
      );
    }
    for (const c of checks) {
      console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.measured}`);
      if (!c.ok) for (const d of c.detail.slice(0, 10)) console.log(`         ${d}`);
    }
    console.log(`  Tinn logged ${errorLines} line(s) at error level and ${leaseLost} "job lease lost" warning(s) over ${retired.length} processes`);
    console.log(`  result: ${file}`);
    return ok ? 0 : 1;
  } finally {
    stopNew = true;
    aborted ??= 'finished';
    await sql?.end().catch(() => {});
    await Promise.all([...procs.map((p) => p.child), ...(sink ? [sink.child] : [])].map((c) => stopChild(c).catch(() => {})));
    if (database) await dropDatabase(database).catch((err: Error) => console.error(`could not drop ${database?.name}: ${err.message}`));
    for (const d of [blobDir, ...procDirs]) await removeDataDir(d).catch(() => {});
    await rm(sinkDir, { recursive: true, force: true }).catch(() => {});
  }
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  return 1;
});
