// Notifications through an outage of the SMTP server and the SMS gateway, and kill -9 of a worker mid-send: proof
// that every ordered message is delivered, none lost, and that a message sent twice carries the same idempotency id
// both times (what a gateway drops). See README.md beside this file.
//
//   node bin/run-ts.js bench/reliability/notifications-outage.ts [--db postgres|pglite] [--count N] [--email-every K]
//        [--outage-seconds S] [--kills K] [--workers W] [--clients C] [--per-request P] [--backoff-ms MS] [--lease-ms MS]
//
// Exit code: 0 when every check passed, 1 when one failed, 2 on a bad command line.
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, getStatus, stopChild, type Child } from '../lib/children.ts';
import { createClient, type Client } from '../lib/client.ts';
import { gitInfo, machineInfo } from '../lib/machine.ts';
import { setSmsOutage, startSink, startTinnWorker, waitForBanner, type Sink } from '../lib/notification-sinks.ts';
import { createDatabase, dropDatabase, postgresServer, type PostgresDatabase } from '../lib/postgres.ts';
import { openReferenceDb } from '../lib/reference-db.ts';
import { RESULTS_DIR, timestampForFile } from '../lib/results.ts';
import type { BenchResult, GoalCheck } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir } from '../lib/servers.ts';

// ---------------------------------------------------------------------------------------------------------------
// Settings

interface Settings {
  db: 'postgres' | 'pglite';
  /** Notifications ordered, one message each. */
  count: number;
  /** Every K-th notification is an e-mail, the rest SMS. */
  emailEvery: number;
  outageSeconds: number;
  kills: number;
  /** Worker processes on PostgreSQL (on PGlite one process runs api and worker: one data dir, one process). */
  workers: number;
  clients: number;
  perRequest: number;
  backoffMs: number;
  leaseMs: number;
}

const USAGE =
  'usage: node bin/run-ts.js bench/reliability/notifications-outage.ts [--db postgres|pglite] [--count N] [--email-every K] [--outage-seconds S] [--kills K] [--workers W] [--clients C] [--per-request P] [--backoff-ms MS] [--lease-ms MS]';

function parseArgs(argv: string[]): Settings {
  const s: Settings = { db: 'postgres', count: 10_000, emailEvery: 5, outageSeconds: 60, kills: 3, workers: 2, clients: 8, perRequest: 10, backoffMs: 1000, leaseMs: 15_000 };
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
    } else if (a === '--count') s.count = int(a, next(), 10, 1_000_000);
    else if (a === '--email-every') s.emailEvery = int(a, next(), 1, 1000);
    else if (a === '--outage-seconds') s.outageSeconds = int(a, next(), 0, 600);
    else if (a === '--kills') s.kills = int(a, next(), 0, 10);
    else if (a === '--workers') s.workers = int(a, next(), 1, 8);
    else if (a === '--clients') s.clients = int(a, next(), 1, 64);
    else if (a === '--per-request') s.perRequest = int(a, next(), 1, 1000);
    else if (a === '--backoff-ms') s.backoffMs = int(a, next(), 1, 3_600_000);
    else if (a === '--lease-ms') s.leaseMs = int(a, next(), 1000, 86_400_000);
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return s;
}

const API_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const PATH = '/api/v1/serviceowner/notifications';
/** Deliveries must be complete within this long after the last order. */
const DELIVERY_TIMEOUT_MS = 15 * 60_000;
const SAMPLE = 200;

const t0 = Date.now();
const since = (at: number) => Math.round(at - t0);
const log = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

// ---------------------------------------------------------------------------------------------------------------
// Orders

interface Expected {
  recipientId: string;
  notificationId: string;
  channel: 'sms' | 'email';
  address: string;
}

const addressOf = (i: number, s: Settings) => (i % s.emailEvery === 0 ? { channel: 'email' as const, address: `n${i}@outage.test` } : { channel: 'sms' as const, address: `+479${String(i).padStart(7, '0')}` });

function order(i: number, s: Settings) {
  const { channel, address } = addressOf(i, s);
  return {
    notificationType: 'TokenTextOnly',
    receiverEndPoints: [{ transportType: channel === 'email' ? 'Email' : 'SMS', receiverAddress: address }],
    textTokens: [{ tokenValue: `Outage test ${i}` }, { tokenValue: `Outage ${i}` }],
  };
}

interface OrderStats {
  requests: number;
  answered201: number;
  answered200: number;
  retries: number;
  failures: Record<string, number>;
  unexpected: string[];
}

/** Orders every notification in requests of `perRequest`, each with its own Idempotency-Key, retried until answered. */
async function placeOrders(baseUrl: string, s: Settings, run: string, expected: Map<string, Expected>, stats: OrderStats): Promise<void> {
  const chunks: number[] = [];
  for (let i = 0; i < s.count; i += s.perRequest) chunks.push(i);
  let next = 0;
  await Promise.all(
    Array.from({ length: s.clients }, async () => {
      let client: Client = createClient(baseUrl);
      try {
        while (next < chunks.length) {
          const start = chunks[next++]!;
          const body = { notifications: Array.from({ length: Math.min(s.perRequest, s.count - start) }, (_, j) => order(start + j, s)) };
          const key = `outage-${run}-${start}`;
          for (let attempt = 1; ; attempt++) {
            stats.requests++;
            if (attempt > 1) stats.retries++;
            try {
              const res = await client.request('POST', PATH, { json: body, headers: { apikey: API_KEY, 'idempotency-key': key } });
              if (res.status === 201 || res.status === 200) {
                const b = res.body as { notifications: { notificationId: string; recipients: { recipientId: string; transportType: string; receiverAddress: string; status: string }[] }[] };
                b.notifications.forEach((n, j) => {
                  const want = addressOf(start + j, s);
                  const r = n.recipients[0];
                  if (n.recipients.length !== 1 || !r || r.status !== 'New' || r.receiverAddress !== want.address) {
                    stats.unexpected.push(`${key}/${j}: ${JSON.stringify(n.recipients).slice(0, 200)}`);
                    return;
                  }
                  expected.set(r.recipientId, { recipientId: r.recipientId, notificationId: n.notificationId, channel: want.channel, address: want.address });
                });
                if (res.status === 201) stats.answered201++;
                else stats.answered200++;
                break;
              }
              stats.failures[`HTTP ${res.status}`] = (stats.failures[`HTTP ${res.status}`] ?? 0) + 1;
              if (res.status < 500 && res.status !== 409) {
                stats.unexpected.push(`${key}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
                if (attempt >= 5) break;
              }
            } catch (err) {
              const code = (err as { code?: string }).code ?? (err as Error).message.slice(0, 40);
              stats.failures[code] = (stats.failures[code] ?? 0) + 1;
              client.close();
              client = createClient(baseUrl);
            }
            await sleep(Math.min(2000, 100 * attempt));
          }
        }
      } finally {
        client.close();
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// What the sinks recorded (their log files, appended before each acknowledgement)

interface Delivery {
  channel: 'email' | 'sms';
  id: string | null;
  to: string;
  at: number;
}

class SinkLog {
  readonly deliveries: Delivery[] = [];
  readonly ids = new Set<string>();
  brokenLines = 0;
  #offset = 0;
  #partial = '';
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }
  /** Reads what was appended since the last call. */
  async poll(): Promise<void> {
    let text: string;
    try {
      text = (await readFile(this.file)).subarray(this.#offset).toString('utf8');
    } catch {
      return; // not written yet
    }
    this.#offset += Buffer.byteLength(text);
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line) continue;
      try {
        const d = JSON.parse(line) as Delivery;
        // Tinn's Message-ID is <recipientId@tinn>; the SMS gateway gets the bare recipient id.
        if (d.id) d.id = d.id.replace(/@tinn$/, '');
        this.deliveries.push(d);
        if (d.id) this.ids.add(d.id);
      } catch {
        this.brokenLines++;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The run

interface Event {
  kind: 'kill' | 'outage-start' | 'outage-end';
  at: number;
  detail: Record<string, unknown>;
}

async function main(): Promise<number> {
  let settings: Settings;
  try {
    settings = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const s = settings;
  const started = new Date();
  const stamp = timestampForFile(started);
  const run = stamp.toLowerCase();
  const git = gitInfo();
  const loadAverageBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const dataDir = await makeDataDir();
  const sinkDir = await mkdtemp(join(os.tmpdir(), 'tinn-outage-sinks-'));
  let database: PostgresDatabase | undefined;
  const live: Child[] = [];
  const sinks: Sink[] = [];
  try {
    let postgresVersion: string | null = null;
    if (s.db === 'postgres') {
      const server = await postgresServer();
      if (!server.ok) throw new Error(`PostgreSQL not reachable: ${server.reason}`);
      postgresVersion = server.version;
      database = await createDatabase('notifications_outage');
    }
    const databaseUrl = database?.url;

    // Sinks: an SMTP server and an SMS gateway, each a child process logging every message before acknowledging it.
    const emailLog = new SinkLog(join(sinkDir, 'email.jsonl'));
    const smsLog = new SinkLog(join(sinkDir, 'sms.jsonl'));
    await writeFile(emailLog.file, '');
    await writeFile(smsLog.file, '');
    let smtpSink = await startSink({ smtp: true, logFile: emailLog.file, name: 'smtp-sink' });
    const smsSink = await startSink({ smtp: false, logFile: smsLog.file, name: 'sms-sink' });
    sinks.push(smtpSink, smsSink);
    const env = { TINN_JOBS_BACKOFF_MS: String(s.backoffMs), TINN_JOBS_LEASE_MS: String(s.leaseMs) };

    // Tinn: on PostgreSQL an API process and `workers` worker processes; on PGlite one process with both roles.
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const common = { dataDir, databaseUrl, smtpUrl: smtpSink.smtpUrl!, smsUrl: smsSink.smsUrl, env };
    const startApi = () => startTinnWorker({ ...common, roles: s.db === 'postgres' ? 'api' : 'api,worker', port, name: s.db === 'postgres' ? 'tinn-api' : 'tinn' });
    const waitApi = async (child: Child) => {
      for (;;) {
        if ((await getStatus(`${baseUrl}/health/ready`, 5000)) === 200) return;
        if (child.hasExited()) throw new Error(`Tinn exited. Output:\n${child.output()}`);
        await sleep(50);
      }
    };
    let api = startApi();
    live.push(api);
    await waitApi(api);
    const workers: Child[] = [];
    if (s.db === 'postgres') {
      for (let w = 0; w < s.workers; w++) workers[w] = startTinnWorker({ ...common, name: `tinn-worker-${w + 1}` });
      live.push(...workers);
      await Promise.all(workers.map((w) => waitForBanner(w)));
    }
    log(`Tinn ready on ${s.db} (${s.db === 'postgres' ? `API + ${s.workers} worker processes` : 'one process, api and worker'}), sinks at ${smtpSink.smtpUrl} and ${smsSink.smsUrl}`);
    const generations: { name: string; pid: number | undefined; errorLines: number; samples: string[] }[] = [];
    const retire = (c: Child) => {
      const lines = c
        .output()
        .split('\n')
        .filter((l) => Number(/"level":(\d+)/.exec(l)?.[1] ?? 0) >= 50);
      generations.push({ name: c.name, pid: c.process.pid, errorLines: lines.length, samples: lines.slice(0, 3).map((l) => l.slice(0, 400)) });
    };

    // Orders run in the background; progress is what the sinks logged.
    const expected = new Map<string, Expected>();
    const orderStats: OrderStats = { requests: 0, answered201: 0, answered200: 0, retries: 0, failures: {}, unexpected: [] };
    const ordersStarted = Date.now();
    let ordersDoneAt: number | null = null;
    const ordering = placeOrders(baseUrl, s, run, expected, orderStats).then(() => {
      ordersDoneAt = Date.now();
      log(`all ${s.count} notifications ordered in ${((ordersDoneAt - ordersStarted) / 1000).toFixed(1)} s (${orderStats.requests} requests, ${orderStats.retries} retries)`);
    });
    const delivered = async () => {
      await emailLog.poll();
      await smsLog.poll();
      return emailLog.ids.size + smsLog.ids.size;
    };
    const waitDelivered = async (n: number, timeoutMs: number) => {
      const until = Date.now() + timeoutMs;
      while ((await delivered()) < n && Date.now() < until) await sleep(100);
    };

    /**
     * Resolves as soon as a sink appends a message to its log (inotify through fs.watch), or after `timeoutMs`. A kill
     * right then is likely to land between the gateway's acknowledgement and Tinn recording it as Sent, the window in
     * which a killed worker leaves a message that will be sent again.
     */
    const nextArrival = (timeoutMs: number) =>
      new Promise<boolean>((resolve) => {
        const watchers = [emailLog.file, smsLog.file].map((f) => watch(f, () => done(true)));
        const timer = setTimeout(() => done(false), timeoutMs);
        function done(arrived: boolean) {
          clearTimeout(timer);
          for (const w of watchers) w.close();
          resolve(arrived);
        }
      });

    const events: Event[] = [];
    const kill = async (index: number) => {
      const target = s.db === 'postgres' ? workers[0]! : api;
      const before = await delivered();
      const rightAfterArrival = await nextArrival(10_000);
      const at = Date.now();
      target.process.kill('SIGKILL');
      const exitedWith = await target.exited;
      retire(target);
      log(`kill #${index}: SIGKILL to ${target.name} (pid ${target.process.pid}) with ${before} messages delivered; exited with ${exitedWith}`);
      await sleep(1000);
      const restarted = s.db === 'postgres' ? startTinnWorker({ ...common, name: target.name }) : startApi();
      live.push(restarted);
      if (s.db === 'postgres') {
        await waitForBanner(restarted);
        workers[0] = restarted;
      } else {
        await waitApi(restarted);
        api = restarted;
      }
      const readyMs = Date.now() - at;
      log(`kill #${index}: ${restarted.name} running again ${readyMs} ms after the kill`);
      events.push({ kind: 'kill', at, detail: { index, process: target.name, deliveredBefore: before, rightAfterArrival, exitedWith, readyAfterMs: readyMs } });
    };

    // Timeline: kill #1 at 15 % delivered; the outage at 35 %; kill #2 and more 10 % apart after the outage. Each
    // kill waits for the next message to arrive at a sink and follows it at once.
    const pct = (p: number) => Math.round((s.count * p) / 100);
    if (s.kills >= 1) {
      await waitDelivered(pct(15), DELIVERY_TIMEOUT_MS);
      await kill(1);
    }
    let outageDelivered = 0;
    if (s.outageSeconds > 0) {
      await waitDelivered(pct(35), DELIVERY_TIMEOUT_MS);
      outageDelivered = await delivered();
      const at = Date.now();
      smtpSink.child.process.kill('SIGKILL');
      await smtpSink.child.exited;
      await setSmsOutage(smsSink, true);
      log(`outage: SMTP server killed (connections refused) and SMS gateway answering 503, with ${outageDelivered} delivered`);
      events.push({ kind: 'outage-start', at, detail: { deliveredBefore: outageDelivered } });
      await sleep(s.outageSeconds * 1000);
      const duringOutage = (await delivered()) - outageDelivered;
      smtpSink = await startSink({ smtp: true, logFile: emailLog.file, controlPort: smtpSink.controlPort, smtpPort: smtpSink.smtpPort!, name: 'smtp-sink' });
      sinks[0] = smtpSink;
      await setSmsOutage(smsSink, false);
      log(`outage over after ${s.outageSeconds} s: SMTP server back on the same port, SMS gateway answering 200 (${duringOutage} delivered during the outage)`);
      events.push({ kind: 'outage-end', at: Date.now(), detail: { deliveredDuring: duringOutage } });
    }
    for (let k = 2; k <= s.kills; k++) {
      const base = await delivered();
      await waitDelivered(Math.min(s.count - 1, base + pct(10)), DELIVERY_TIMEOUT_MS);
      await kill(k);
    }
    await ordering;

    // Wait until every ordered message has arrived, then until the database says Sent for all.
    const deliveryDeadline = Date.now() + DELIVERY_TIMEOUT_MS;
    let lastLog = 0;
    let lastChange = { n: -1, at: Date.now() };
    for (;;) {
      const n = await delivered();
      const all = [...expected.keys()].every((id) => emailLog.ids.has(id) || smsLog.ids.has(id));
      if (expected.size === s.count && all) break;
      if (n !== lastChange.n) lastChange = { n, at: Date.now() };
      if (Date.now() > deliveryDeadline || (n >= s.count && Date.now() - lastChange.at > 60_000)) {
        log(`gave up waiting: ${n} distinct ids at the sinks for ${s.count} messages, and not all of them expected`);
        break;
      }
      if (Date.now() - lastLog > 10_000) {
        log(`${n} of ${s.count} delivered`);
        lastLog = Date.now();
      }
      await sleep(250);
    }
    const allDeliveredAt = Date.now();
    log(`every message at the sinks ${((allDeliveredAt - (events.find((e) => e.kind === 'outage-end')?.at ?? allDeliveredAt)) / 1000).toFixed(1)} s after the outage ended`);

    // Sample of statuses through the API (as the service owner sees them), polled until Sent.
    const sample = [...expected.values()].filter((_, i) => i % Math.max(1, Math.floor(expected.size / SAMPLE)) === 0).slice(0, SAMPLE);
    const client = createClient(baseUrl);
    const notSent: string[] = [];
    try {
      for (const e of sample) {
        let status = '';
        for (let attempt = 0; attempt < 50; attempt++) {
          const res = await client.request('GET', `${PATH}/${e.notificationId}`, { headers: { apikey: API_KEY } });
          status = (res.body as { recipients?: { status: string }[] } | undefined)?.recipients?.[0]?.status ?? `HTTP ${res.status}`;
          if (status === 'Sent') break;
          await sleep(200);
        }
        if (status !== 'Sent') notSent.push(`${e.notificationId}: ${status}`);
      }
    } finally {
      client.close();
    }
    log(`status of ${sample.length} sampled notifications through the API: ${sample.length - notSent.length} Sent`);

    // Stop Tinn (PGlite: its database is then free for the SQL checks), then count in the database.
    await Promise.all(live.filter((c) => !c.hasExited()).map(async (c) => (await stopChild(c), retire(c))));
    const db = await openReferenceDb(databaseUrl ? { databaseUrl, poolMax: '1' } : { pgliteDir: join(dataDir, 'pglite') });
    let sql: Record<string, unknown>;
    try {
      const q = async (text: string) => (await db.query<Record<string, unknown>>(text)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' || (typeof v === 'string' && /^\d+$/.test(v)) ? Number(v) : v])));
      sql = {
        notifications: (await q(`select count(*) as n from notifications.notification`))[0]?.n,
        recipientsByStatus: await q(`select channel, status, count(*) as n from notifications.recipient group by 1, 2 order by 1, 2`),
        attempts: await q(`select attempts, count(*) as n from notifications.recipient group by 1 order by 1`),
        jobs: await q(`select status, count(*) as n from platform.job where kind = 'notifications.deliver' group by 1 order by 1`),
        jobAttempts: await q(`select attempts, count(*) as n from platform.job where kind = 'notifications.deliver' group by 1 order by 1`),
      };
    } finally {
      await db.close();
    }

    // Checks.
    const deliveries = [...emailLog.deliveries, ...smsLog.deliveries];
    const byId = new Map<string, Delivery[]>();
    const idsByAddress = new Map<string, Set<string>>();
    let withoutId = 0;
    for (const d of deliveries) {
      if (!d.id) {
        withoutId++;
        continue;
      }
      byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
      let ids = idsByAddress.get(d.to);
      if (!ids) idsByAddress.set(d.to, (ids = new Set()));
      ids.add(d.id);
    }
    const missing = [...expected.values()].filter((e) => !byId.has(e.recipientId));
    const unknown = [...byId.keys()].filter((id) => !expected.has(id));
    const wrongAddress = [...byId.entries()].filter(([id, ds]) => expected.has(id) && ds.some((d) => d.to !== expected.get(id)!.address || d.channel !== expected.get(id)!.channel));
    const severalIds = [...idsByAddress.entries()].filter(([, ids]) => ids.size > 1);
    const repeats = [...byId.values()].filter((ds) => ds.length > 1);
    const repeatCount = repeats.reduce((a, ds) => a + ds.length - 1, 0);
    const repeatsByChannel = { email: repeats.filter((ds) => ds[0]!.channel === 'email').reduce((a, ds) => a + ds.length - 1, 0), sms: repeats.filter((ds) => ds[0]!.channel === 'sms').reduce((a, ds) => a + ds.length - 1, 0) };
    // Which event each repeat followed: the latest event before the repeated arrival.
    const repeatsAfter: Record<string, number> = {};
    for (const ds of repeats) {
      for (const d of ds.slice(1)) {
        const e = [...events].reverse().find((x) => x.at <= d.at);
        const name = e ? (e.kind === 'kill' ? `kill #${String(e.detail.index)}` : e.kind) : 'before any event';
        repeatsAfter[name] = (repeatsAfter[name] ?? 0) + 1;
      }
    }
    const recipients = sql.recipientsByStatus as { channel: string; status: string; n: number }[];
    const sentInDb = recipients.filter((r) => r.status === 'Sent').reduce((a, r) => a + r.n, 0);
    const otherInDb = recipients.filter((r) => r.status !== 'Sent');
    const jobs = sql.jobs as { status: string; n: number }[];
    const cut = (xs: string[]) => xs.slice(0, 20);
    const checks: { name: string; ok: boolean; measured: string; detail: string[] }[] = [
      { name: 'every order acknowledged with one queued message per notification', ok: expected.size === s.count && orderStats.unexpected.length === 0, measured: `${expected.size}/${s.count}`, detail: cut(orderStats.unexpected) },
      { name: 'notifications in the database = ordered (retried orders made no second batch)', ok: sql.notifications === s.count, measured: `${String(sql.notifications)} for ${s.count}`, detail: [] },
      { name: 'every message delivered: distinct ids at the sinks = expected', ok: missing.length === 0 && byId.size === s.count, measured: `${byId.size} distinct ids for ${s.count} messages; ${missing.length} missing`, detail: cut(missing.map((m) => `${m.recipientId} ${m.channel} ${m.address}`)) },
      { name: 'no message with an id Tinn did not give out', ok: unknown.length === 0 && withoutId === 0, measured: `${unknown.length} unknown ids, ${withoutId} without id`, detail: cut(unknown) },
      { name: 'every delivery went to its own address on its own channel', ok: wrongAddress.length === 0, measured: `${wrongAddress.length} wrong`, detail: cut(wrongAddress.map(([id, ds]) => `${id}: ${ds.map((d) => `${d.channel} ${d.to}`).join(', ')}`)) },
      { name: 'no recipient got a second message with a different id', ok: severalIds.length === 0, measured: `${severalIds.length} addresses with more than one id`, detail: cut(severalIds.map(([a, ids]) => `${a}: ${[...ids].join(', ')}`)) },
      { name: 'every message Sent in the database', ok: sentInDb === s.count && otherInDb.length === 0, measured: `${sentInDb} Sent${otherInDb.length > 0 ? `; ${JSON.stringify(otherInDb)}` : ''}`, detail: [] },
      { name: 'every delivery job done, none dead', ok: jobs.length === 1 && jobs[0]?.status === 'done' && jobs[0].n === s.count, measured: JSON.stringify(jobs), detail: [] },
      { name: `sampled statuses through the API are Sent`, ok: notSent.length === 0, measured: `${sample.length - notSent.length}/${sample.length}`, detail: cut(notSent) },
      { name: 'the worker was killed and restarted, the sinks went down and came back', ok: events.filter((e) => e.kind === 'kill').length === s.kills && (s.outageSeconds === 0 || events.some((e) => e.kind === 'outage-end')), measured: `${events.filter((e) => e.kind === 'kill').length} kills, outage ${s.outageSeconds} s`, detail: [] },
    ];
    const ok = checks.every((c) => c.ok);
    const outageStart = events.find((e) => e.kind === 'outage-start');
    const outageEnd = events.find((e) => e.kind === 'outage-end');
    const figures = {
      ordered: s.count,
      email: [...expected.values()].filter((e) => e.channel === 'email').length,
      sms: [...expected.values()].filter((e) => e.channel === 'sms').length,
      orderSeconds: ordersDoneAt ? Math.round((ordersDoneAt - ordersStarted) / 100) / 10 : null,
      orderRequests: orderStats.requests,
      orderRetries: orderStats.retries,
      orderAnswered200: orderStats.answered200,
      orderFailures: orderStats.failures,
      deliveries: deliveries.length,
      distinctIds: byId.size,
      repeats: repeatCount,
      repeatsByChannel,
      repeatsAfter,
      brokenSinkLogLines: emailLog.brokenLines + smsLog.brokenLines,
      deliveredDuringOutage: outageEnd ? outageEnd.detail.deliveredDuring : null,
      outageEndToAllDeliveredSeconds: outageEnd ? Math.round((allDeliveredAt - outageEnd.at) / 100) / 10 : null,
      wallSecondsToAllDelivered: Math.round((allDeliveredAt - t0) / 100) / 10,
    };
    const dbLabel = s.db === 'postgres' ? `PostgreSQL ${postgresVersion ?? ''}`.trim() : 'PGlite (embedded)';
    const notes = [
      `Job settings for the run: TINN_JOBS_BACKOFF_MS=${s.backoffMs} (the default; first retry after ${s.backoffMs} ms, doubling), TINN_JOBS_LEASE_MS=${s.leaseMs} (default 300000: a killed worker's claimed jobs would wait five minutes before another worker may take them), batch size and poll interval at their defaults.`,
      'Sinks log every message before they acknowledge it; a sink killed between logging and acknowledging makes the sender repeat that message with the same id, which counts as a repeat, not as a loss.',
      s.db === 'pglite'
        ? `PGlite: one Tinn process runs api and worker (one process per data dir), so each kill -9 also took the API down; ${orderStats.retries > 0 ? `orders in flight were retried with the same Idempotency-Key (${orderStats.retries} retries, ${orderStats.answered200} answered 200 with the first answer)` : 'ordering had finished before the first kill, so no order was retried'}.`
        : `PostgreSQL: one API process and ${s.workers} worker processes; each kill -9 hit worker 1 and restarted it after 1 s.`,
    ];
    if (git.dirty) notes.push('The working tree had uncommitted changes (other work in progress); bin/tinn.js rebuilds its bundle when src/ changes.');
    const scenario = `reliability-notifications-${s.db}`;
    const result: BenchResult & Record<string, unknown> = {
      scenario,
      title: `notifications through an SMTP/SMS outage and kill -9 of a worker (${dbLabel})`,
      summary: `${s.count} notifications (every ${s.emailEvery}th an e-mail, the rest SMS) ordered through the API, ${s.perRequest} per request with an Idempotency-Key; the SMTP server killed and the SMS gateway answering 503 for ${s.outageSeconds} s in the middle; a worker killed with SIGKILL ${s.kills} times mid-send and restarted. Checked: every message delivered with its own id, none lost, repeats only with an id already seen. Not a timing benchmark: bench/reliability/README.md.`,
      command: `node bin/run-ts.js bench/reliability/notifications-outage.ts --db ${s.db}`,
      date: started.toISOString(),
      machine: machineInfo(),
      git,
      wallSeconds: Math.round((Date.now() - t0) / 100) / 10,
      loadAverageBefore,
      settings: { ...s, run, postgres: s.db === 'postgres' ? { version: postgresVersion, database: database?.name } : null },
      raw: { figures, events: events.map((e) => ({ ...e, atMs: since(e.at) })), sql, generations, outageStartMs: outageStart ? since(outageStart.at) : null },
      ratios: {},
      goals: checks.map((c): GoalCheck => ({ name: c.name, goal: 'pass', measured: c.measured, pass: c.ok })),
      table: {
        columns: ['ordered (e-mail / SMS)', 'order requests / retries', 'delivered (distinct ids)', 'repeats with a seen id (e-mail / SMS)', 'after which event', 'delivered during the outage', 'outage end → all delivered', 'kill → worker running again'],
        rows: [
          [
            `${s.count} (${figures.email} / ${figures.sms})`,
            `${orderStats.requests} / ${orderStats.retries}`,
            String(byId.size),
            `${repeatCount} (${repeatsByChannel.email} / ${repeatsByChannel.sms})`,
            Object.entries(repeatsAfter)
              .map(([k, v]) => `${k}: ${v}`)
              .join(', ') || '–',
            String(figures.deliveredDuringOutage ?? '–'),
            figures.outageEndToAllDeliveredSeconds === null ? '–' : `${figures.outageEndToAllDeliveredSeconds} s`,
            events
              .filter((e) => e.kind === 'kill')
              .map((e) => `${String(e.detail.readyAfterMs)} ms`)
              .join(', ') || '–',
          ],
        ],
      },
      notes,
      checks,
      ok,
    };
    await mkdir(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `${scenario}-${stamp}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);

    console.log('');
    console.log(`notifications through an outage on ${dbLabel}: ${ok ? 'ALL CHECKS PASSED' : 'CHECKS FAILED'}`);
    console.log(`  ${JSON.stringify(figures)}`);
    for (const c of checks) {
      console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.measured}`);
      if (!c.ok) for (const d of c.detail.slice(0, 10)) console.log(`         ${d}`);
    }
    console.log(`  SQL: ${JSON.stringify(sql)}`);
    const errorLines = generations.reduce((n, g) => n + g.errorLines, 0);
    console.log(`  Tinn logged ${errorLines} line(s) at error level over ${generations.length} processes`);
    console.log(`  result: ${join('bench', 'results', `${scenario}-${stamp}.json`)}`);
    return ok ? 0 : 1;
  } finally {
    await Promise.all([...live, ...sinks.map((x) => x.child)].map((c) => stopChild(c).catch(() => {})));
    if (database) await dropDatabase(database).catch((err: Error) => console.error(`could not drop ${database?.name}: ${err.message}`));
    await removeDataDir(dataDir).catch(() => {});
    await rm(sinkDir, { recursive: true, force: true }).catch(() => {});
  }
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  return 1;
});
