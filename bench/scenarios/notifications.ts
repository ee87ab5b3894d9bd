// notifications: accepting standalone notifications (POST /api/v1/serviceowner/notifications, one SMS each, by the
// demo service owner's ApiKey) at 1, 8 and 32 connections against a floor that parses the order and inserts one row;
// and dispatching 300 queued e-mails and 2,000 SMS through a Tinn worker process to a loopback SMTP server and SMS
// gateway, against a floor that hands the same number of messages to the same sink with nodemailer's pool and fetch.
// Both on the embedded database and on PostgreSQL.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT, stopChild, waitUntilReady, type Child } from '../lib/children.ts';
import { createClient } from '../lib/client.ts';
import { DB_KIND_LABEL, POOL_MAX, startDbReference, startTinnOn, warningLines, type DbKind, type DbTarget } from '../lib/db-servers.ts';
import type { LoadRequest } from '../lib/load.ts';
import { resetSink, runSendReference, startSink, startTinnWorker, waitForBanner, waitForSink, type Sink, type SinkChannelStats } from '../lib/notification-sinks.ts';
import { createDatabase, dropDatabase, postgresServer, redactedUrl, POSTGRES_ADMIN_URL, type PostgresDatabase } from '../lib/postgres.ts';
import { runRecordedLoad, type RecordedLoadNumbers } from '../lib/recorded-load.ts';
import { openReferenceDb } from '../lib/reference-db.ts';
import { startInProcessTinn, summarizeStatements } from '../lib/statement-count.ts';
import { type GoalCheck, type Scenario, type ScenarioOutcome, databaseRunsRaw } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir, type Server } from '../lib/servers.ts';
import { formatInt, median, round } from '../lib/stats.ts';
import { createWorker } from '../../src/roles/worker/start-worker.ts';

const PATH = '/api/v1/serviceowner/notifications';
const API_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';
const TEMPLATE = 'TokenTextOnly';

const CONCURRENCIES = [1, 8, 32] as const;
/** Context: the same endpoint with this many notifications per request, at BATCH_CONNECTIONS (Tinn only). */
const BATCH_NOTIFICATIONS = 10;
const BATCH_CONNECTIONS = 8;
const ROUNDS = 3;
const DURATION_SECONDS = 4;
const WARMUP_SECONDS = 1;
/** Distinct requests (addresses) each autocannon connection cycles through. */
const DISTINCT_REQUESTS = 500;

/**
 * Messages per dispatch run. E-mail is few because a worker sent about 8 a second to the sink before commit e027e16
 * (one SMTP connection per mail): 2,000 took four minutes a run. The unpooled floor gets fewer still (context).
 */
const DISPATCH_EMAILS = 300;
const DISPATCH_SMS = 2000;
const AS_TINN_EMAILS = 100;
const DISPATCH_ROUNDS = 2;
const ENQUEUE_PER_REQUEST = 100;
const ENQUEUE_CONNECTIONS = 4;
const DISPATCH_TIMEOUT_MS = 300_000;
/** nodemailer's pool in src/platform/messages/smtp.ts. */
const SMTP_POOL_CONNECTIONS = 5;

const GOAL_PER_SECOND = 1000;
const GOAL_P95_MS = 50;
const GOAL_RATIO = 0.5;
const GOAL_DISPATCH_RATIO = 0.5;
const ISSUE_GOALS =
  '"≥ 1,000 notifications/s accepted with p95 < 50 ms on PostgreSQL; ratio ≥ 0.5 of the reference" for acceptance, and "dispatch ≥ 0.5 of raw pooled nodemailer to the same sink" for sending.';

type ServerKind = 'tinn' | 'reference';

interface AcceptMeasurement {
  kind: DbKind;
  round: number;
  server: ServerKind | 'tinnBatch';
  connections: number;
  numbers: RecordedLoadNumbers;
}

interface DispatchChannel {
  /** Messages that arrived at the sink (all ids), distinct ids, repeats. */
  messages: number;
  distinctIds: number;
  repeats: number;
  addressesWithSeveralIds: number;
  /** From the first to the last arrival at the sink. */
  spanMs: number;
  /** (messages − 1) ÷ span: the rate at which messages arrived. */
  perSecond: number;
}

interface DispatchMeasurement {
  kind: DbKind;
  round: number;
  /**
   * tinn: one worker process. referencePooled: every mail handed to a nodemailer pool of 5 at once (5 fetch loops for
   * SMS). referenceSequential: the same pool, one mail after another (one fetch loop). referenceAsTinn: one mail
   * after another through the call smtp.ts had before commit e027e16, createTransport(url, options), which makes no
   * pool (e-mail only).
   */
  variant: 'tinn' | 'referencePooled' | 'referenceSequential' | 'referenceAsTinn';
  email: DispatchChannel | null;
  sms: DispatchChannel | null;
  /** SMTP connections the sender opened to the sink for its e-mails. */
  smtpConnections: number;
  /** Tinn: spawn of the worker → its banner, → first and last message at the sink (ms). */
  workerStartMs?: number;
  spawnToFirstMs?: number;
  spawnToLastMs?: number;
  /** Tinn: time to queue the messages through the API (not part of the rate). */
  enqueueMs?: number;
  reached: boolean;
}

interface KindRun {
  kind: DbKind;
  accept: AcceptMeasurement[];
  dispatch: DispatchMeasurement[];
  checks: Record<string, unknown>;
  stored: Record<string, unknown>;
  tinnLog: { warnings: number; errors: number; lines: string[] };
  database: string;
  tinnFirstStartMs: number;
}

function fail(what: string, res: { status: number; text: string }): never {
  throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 400)}`);
}

const mobile = (i: number) => `+479${String(i % 10_000_000).padStart(7, '0')}`;

function smsOrder(address: string, text: string) {
  return { notificationType: TEMPLATE, receiverEndPoints: [{ transportType: 'SMS', receiverAddress: address }], textTokens: [{ tokenValue: text }] };
}
function emailOrder(address: string, text: string, subject: string) {
  return { notificationType: TEMPLATE, receiverEndPoints: [{ transportType: 'Email', receiverAddress: address }], textTokens: [{ tokenValue: text }, { tokenValue: subject }] };
}

/** The load's requests: DISTINCT_REQUESTS orders of `perRequest` SMS notifications each, to different numbers. */
function acceptRequests(headers: Record<string, string>, perRequest: number, offset: number): LoadRequest[] {
  return Array.from({ length: DISTINCT_REQUESTS }, (_, i) => ({
    method: 'POST' as const,
    path: PATH,
    headers,
    body: JSON.stringify({ notifications: Array.from({ length: perRequest }, (_, j) => smsOrder(mobile(offset + i * perRequest + j), `Din kode er ${100000 + i}. Hilsen Tinn bench.`)) }),
  }));
}

interface PostAnswer {
  status: number;
  batchId?: string;
  recipients: { recipientId: string; status: string; transportType: string }[];
}

async function post(server: Server, body: unknown, headers: Record<string, string>): Promise<PostAnswer & { text: string }> {
  const client = createClient(server.baseUrl);
  try {
    const res = await client.request('POST', PATH, { json: body, headers });
    const b = res.body as { batchId?: string; notifications?: { recipients?: PostAnswer['recipients'] }[] } | undefined;
    return { status: res.status, ...(b?.batchId ? { batchId: b.batchId } : {}), recipients: (b?.notifications ?? []).flatMap((n) => n.recipients ?? []), text: res.text };
  } finally {
    client.close();
  }
}

/** Queues `orders` through Tinn's API, ENQUEUE_PER_REQUEST per request on ENQUEUE_CONNECTIONS clients. */
async function enqueue(server: Server, orders: unknown[]): Promise<number> {
  const chunks: unknown[][] = [];
  for (let i = 0; i < orders.length; i += ENQUEUE_PER_REQUEST) chunks.push(orders.slice(i, i + ENQUEUE_PER_REQUEST));
  let next = 0;
  let recipients = 0;
  await Promise.all(
    Array.from({ length: ENQUEUE_CONNECTIONS }, async () => {
      const client = createClient(server.baseUrl);
      try {
        while (next < chunks.length) {
          const chunk = chunks[next++]!;
          const res = await client.request('POST', PATH, { json: { notifications: chunk }, headers: { apikey: API_KEY } });
          if (res.status !== 201) fail(`queueing ${chunk.length} notifications`, res);
          const b = res.body as { notifications: { recipients: { status: string }[] }[] };
          recipients += b.notifications.reduce((a, n) => a + n.recipients.filter((r) => r.status === 'New').length, 0);
        }
      } finally {
        client.close();
      }
    }),
  );
  return recipients;
}

function channelNumbers(s: SinkChannelStats): DispatchChannel {
  const spanMs = s.firstAt !== null && s.lastAt !== null ? s.lastAt - s.firstAt : 0;
  return {
    messages: s.messages,
    distinctIds: s.distinctIds,
    repeats: s.repeats,
    addressesWithSeveralIds: s.addressesWithSeveralIds,
    spanMs: round(spanMs, 1),
    perSecond: spanMs > 0 ? round(((s.messages - 1) / spanMs) * 1000, 1) : 0,
  };
}

async function startTinnApi(dir: string, target: DbTarget, timeoutMs = 180_000): Promise<{ server: Server; ms: number }> {
  const server = await startTinnOn(dir, target.kind === 'postgres' ? target.url : undefined);
  const ms = await waitUntilReady(server.child, `${server.baseUrl}/health/ready`, 50, timeoutMs);
  return { server, ms };
}

async function runKind(kind: DbKind): Promise<KindRun> {
  const tinnDir = await makeDataDir();
  const referenceDir = await makeDataDir();
  const databases: PostgresDatabase[] = [];
  const children: Child[] = [];
  let sink: Sink | undefined;
  const logs: string[] = [];
  try {
    let tinnTarget: DbTarget;
    let referenceTarget: DbTarget;
    if (kind === 'postgres') {
      const t = await createDatabase('notifications_tinn');
      databases.push(t);
      const r = await createDatabase('notifications_ref');
      databases.push(r);
      tinnTarget = { kind, url: t.url };
      referenceTarget = { kind, url: r.url };
    } else {
      tinnTarget = { kind, dataDir: join(tinnDir, 'pglite') };
      referenceTarget = { kind, dataDir: join(referenceDir, 'pglite') };
    }
    const reference = await startDbReference('notification-reference-server.ts', referenceTarget);
    children.push(reference.child);
    const first = await startTinnApi(tinnDir, tinnTarget);
    let tinn = first.server;
    children.push(tinn.child);
    await waitUntilReady(reference.child, `${reference.baseUrl}/health/ready`, 50);

    // Checks before loading: one notification is accepted with one SMS message queued (status New); an
    // Idempotency-Key makes the same order answer 200 with the same batch; the floor answers 201.
    const so = { apikey: API_KEY };
    const one = await post(tinn, { notifications: [smsOrder('+4799000001', 'check')] }, so);
    if (one.status !== 201 || one.recipients.length !== 1 || one.recipients[0]?.status !== 'New' || one.recipients[0]?.transportType !== 'SMS') fail(`Tinn POST ${PATH}`, one);
    const keyed = await post(tinn, { notifications: [smsOrder('+4799000002', 'check')] }, { ...so, 'idempotency-key': `check-${kind}` });
    const again = await post(tinn, { notifications: [smsOrder('+4799000002', 'check')] }, { ...so, 'idempotency-key': `check-${kind}` });
    if (keyed.status !== 201 || again.status !== 200 || again.batchId !== keyed.batchId) fail(`Tinn POST ${PATH} with the same Idempotency-Key twice (${keyed.status}, then)`, again);
    const ref = await post(reference, { notifications: [smsOrder('+4799000001', 'check')] }, {});
    if (ref.status !== 201) fail(`floor POST ${PATH}`, ref);
    const checks: Record<string, unknown> = { tinnRecipient: one.recipients[0], idempotencyReplay: { first: keyed.status, second: again.status, sameBatch: true }, reference: ref.status };
    console.log(`  ${kind}: checks passed (Tinn queued ${one.recipients[0]?.recipientId}; the same Idempotency-Key answered ${again.status} with the same batch)`);

    // Acceptance: floor, then Tinn, at each concurrency, then Tinn with batches; ROUNDS rounds.
    const accept: AcceptMeasurement[] = [];
    const json = { 'content-type': 'application/json' };
    for (let r = 1; r <= ROUNDS; r++) {
      for (const c of CONCURRENCIES) {
        for (const server of ['reference', 'tinn'] as const) {
          const target = server === 'tinn' ? tinn : reference;
          const requests = acceptRequests(server === 'tinn' ? { ...json, apikey: API_KEY } : json, 1, r * 1000);
          const numbers = await runRecordedLoad(target.baseUrl, requests, { connections: c, durationSeconds: DURATION_SECONDS, warmupSeconds: WARMUP_SECONDS }, 201);
          accept.push({ kind, round: r, server, connections: c, numbers });
          const bad = numbers.non2xx + numbers.errors + numbers.timeouts;
          console.log(
            `  ${kind} round ${r} c=${String(c).padEnd(2)} ${server.padEnd(9)} ${formatInt(numbers.countedPerSecond)} notifications/s, p50 ${numbers.latencyP50Ms} ms, p95 ${numbers.latencyP95Ms} ms, p99 ${numbers.latencyP99Ms} ms` +
              (bad > 0 ? `; ${bad} non-2xx/errors/timeouts ${JSON.stringify(numbers.statusCodes)}` : ''),
          );
        }
      }
      const numbers = await runRecordedLoad(tinn.baseUrl, acceptRequests({ ...json, apikey: API_KEY }, BATCH_NOTIFICATIONS, r * 1000), { connections: BATCH_CONNECTIONS, durationSeconds: DURATION_SECONDS, warmupSeconds: WARMUP_SECONDS }, 201);
      accept.push({ kind, round: r, server: 'tinnBatch', connections: BATCH_CONNECTIONS, numbers });
      console.log(`  ${kind} round ${r} c=${BATCH_CONNECTIONS} Tinn, ${BATCH_NOTIFICATIONS} per request: ${formatInt(numbers.countedPerSecond * BATCH_NOTIFICATIONS)} notifications/s, p95 ${numbers.latencyP95Ms} ms`);
    }
    await stopChild(reference.child);

    // Acceptance queued delivery jobs for every accepted SMS; the dispatch rounds must not send them. They are
    // marked done in the database (the sink would otherwise count them), after counting what was accepted.
    await stopChild(tinn.child);
    logs.push(tinn.child.output());
    const acceptedDb = await openReferenceDb(tinnTarget.kind === 'postgres' ? { databaseUrl: tinnTarget.url, poolMax: '1' } : { pgliteDir: tinnTarget.dataDir });
    let acceptedRecipients: number;
    let acceptedJobs: number;
    try {
      const [n] = await acceptedDb.query<{ n: number | string }>(`select count(*) as n from notifications.recipient where status = 'New'`);
      const [j] = await acceptedDb.query<{ n: number | string }>(`select count(*) as n from platform.job where kind = 'notifications.deliver' and status = 'pending'`);
      acceptedRecipients = Number(n?.n);
      acceptedJobs = Number(j?.n);
      await acceptedDb.query(`update platform.job set status = 'done', finished_at = now() where kind = 'notifications.deliver' and status = 'pending'`);
      await acceptedDb.query(`update notifications.recipient set status = 'Failed', last_error = 'bench: accepted only' where status = 'New'`);
    } finally {
      await acceptedDb.close();
    }
    console.log(`  ${kind}: ${formatInt(acceptedRecipients)} SMS accepted and queued (${formatInt(acceptedJobs)} delivery jobs), set aside before dispatch`);

    // Dispatch: per round the floor (pooled, then one at a time) and a Tinn worker, to the same sink.
    sink = await startSink({ smtp: true });
    children.push(sink.child);
    const dispatch: DispatchMeasurement[] = [];
    for (let r = 1; r <= DISPATCH_ROUNDS; r++) {
      for (const variant of ['referencePooled', 'referenceSequential', 'referenceAsTinn'] as const) {
        const m: DispatchMeasurement = { kind, round: r, variant, email: null, sms: null, smtpConnections: 0, reached: true };
        for (const channel of variant === 'referenceAsTinn' ? (['email'] as const) : (['email', 'sms'] as const)) {
          await resetSink(sink);
          const count = channel === 'sms' ? DISPATCH_SMS : variant === 'referenceAsTinn' ? AS_TINN_EMAILS : DISPATCH_EMAILS;
          const out = await runSendReference({
            channel,
            count,
            concurrency: variant === 'referencePooled' ? (channel === 'email' ? 'all' : SMTP_POOL_CONNECTIONS) : 1,
            url: channel === 'email' ? sink.smtpUrl! : sink.smsUrl,
            prefix: `${kind}-r${r}-${variant}`,
            smtpTransport: variant === 'referenceAsTinn' ? 'as-tinn' : 'pooled',
          });
          const { stats, reached } = await waitForSink(sink, (s) => s[channel].distinctIds >= count, 30_000);
          m[channel] = channelNumbers(stats[channel]);
          if (channel === 'email') m.smtpConnections = stats.smtpConnections;
          m.reached &&= reached && out.failed === 0;
        }
        dispatch.push(m);
        console.log(`  ${kind} round ${r} dispatch ${variant.padEnd(19)} e-mail ${formatInt(m.email!.perSecond)}/s over ${m.smtpConnections} SMTP connections${m.sms ? `, SMS ${formatInt(m.sms.perSecond)}/s` : ''}`);
      }

      // Tinn: queue DISPATCH_EMAILS e-mails, then DISPATCH_SMS SMS, through the API; stop the API; start one worker.
      const api = await startTinnApi(tinnDir, tinnTarget);
      tinn = api.server;
      children.push(tinn.child);
      const enqueueStarted = performance.now();
      const emails = Array.from({ length: DISPATCH_EMAILS }, (_, i) => emailOrder(`r${r}-${i}@bench.test`, `Benchmark message ${kind} r${r} ${i}`, `Bench ${i}`));
      const sms = Array.from({ length: DISPATCH_SMS }, (_, i) => smsOrder(mobile(r * 100_000 + i), `Benchmark message ${kind} r${r} ${i}`));
      const queuedEmail = await enqueue(tinn, emails);
      const queuedSms = await enqueue(tinn, sms);
      const enqueueMs = performance.now() - enqueueStarted;
      if (queuedEmail !== DISPATCH_EMAILS || queuedSms !== DISPATCH_SMS) throw new Error(`queued ${queuedEmail} e-mails and ${queuedSms} SMS, expected ${DISPATCH_EMAILS} and ${DISPATCH_SMS}`);
      await stopChild(tinn.child);
      logs.push(tinn.child.output());
      await resetSink(sink);
      const spawnedAtEpoch = Date.now();
      const worker = startTinnWorker({ dataDir: tinnDir, databaseUrl: tinnTarget.kind === 'postgres' ? tinnTarget.url : undefined, smtpUrl: sink.smtpUrl!, smsUrl: sink.smsUrl });
      children.push(worker);
      const workerStartMs = await waitForBanner(worker);
      const { stats, reached } = await waitForSink(sink, (s) => s.email.distinctIds >= DISPATCH_EMAILS && s.sms.distinctIds >= DISPATCH_SMS, DISPATCH_TIMEOUT_MS, 50);
      await stopChild(worker);
      logs.push(worker.output());
      const firsts = [stats.email.firstAt, stats.sms.firstAt].filter((x): x is number => x !== null);
      const lasts = [stats.email.lastAt, stats.sms.lastAt].filter((x): x is number => x !== null);
      const m: DispatchMeasurement = {
        kind,
        round: r,
        variant: 'tinn',
        email: channelNumbers(stats.email),
        sms: channelNumbers(stats.sms),
        smtpConnections: stats.smtpConnections,
        workerStartMs: round(workerStartMs),
        spawnToFirstMs: firsts.length > 0 ? round(Math.min(...firsts) - spawnedAtEpoch) : undefined,
        spawnToLastMs: lasts.length > 0 ? round(Math.max(...lasts) - spawnedAtEpoch) : undefined,
        enqueueMs: round(enqueueMs),
        reached,
      } as DispatchMeasurement;
      dispatch.push(m);
      console.log(
        `  ${kind} round ${r} dispatch tinn worker         e-mail ${formatInt(m.email!.perSecond)}/s, SMS ${formatInt(m.sms!.perSecond)}/s` +
          ` (${m.smtpConnections} SMTP connections; queued ${formatInt(DISPATCH_EMAILS + DISPATCH_SMS)} in ${(enqueueMs / 1000).toFixed(1)} s; worker ready after ${(workerStartMs / 1000).toFixed(1)} s${reached ? '' : '; NOT ALL DELIVERED in time'})`,
      );
    }

    // What was stored: every dispatched message Sent, every delivery job done.
    const tinnLog = warningLines(logs.join('\n'));
    const countDb = await openReferenceDb(tinnTarget.kind === 'postgres' ? { databaseUrl: tinnTarget.url, poolMax: '1' } : { pgliteDir: tinnTarget.dataDir });
    let stored: Record<string, unknown>;
    try {
      const recipients = await countDb.query<{ channel: string; status: string; n: number | string }>(
        `select channel, status, count(*) as n from notifications.recipient where address like '%@bench.test' or address like '+479%' group by 1, 2 order by 1, 2`,
      );
      const jobs = await countDb.query<{ status: string; n: number | string }>(`select status, count(*) as n from platform.job where kind = 'notifications.deliver' group by 1 order by 1`);
      const attempts = await countDb.query<{ n: number | string }>(`select count(*) as n from notifications.recipient where status = 'Sent' and attempts > 1`);
      stored = {
        acceptedRecipients,
        acceptedJobs,
        recipients: Object.fromEntries(recipients.map((x) => [`${x.channel} ${x.status}`, Number(x.n)])),
        deliveryJobs: Object.fromEntries(jobs.map((x) => [x.status, Number(x.n)])),
        sentAfterMoreThanOneAttempt: Number(attempts[0]?.n),
      };
    } finally {
      await countDb.close();
    }
    console.log(`  ${kind}: stored ${JSON.stringify(stored)}`);
    const database =
      kind === 'postgres'
        ? `PostgreSQL ${((await postgresServer()) as { version?: string }).version ?? '?'} at ${redactedUrl(POSTGRES_ADMIN_URL).replace(/\/[^/]*$/, '')}, a fresh database each for Tinn and the floor`
        : 'PGlite, a fresh data dir each for Tinn and the floor';
    return { kind, accept, dispatch, checks, stored, tinnLog, database, tinnFirstStartMs: round(first.ms) };
  } finally {
    await Promise.all(children.map((c) => stopChild(c)));
    for (const db of databases) await dropDatabase(db).catch((err) => console.error(`  could not drop ${db.name}: ${(err as Error).message}`));
    await removeDataDir(tinnDir);
    await removeDataDir(referenceDir);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Statements, counted untimed in-process on PGlite (lib/statement-count.ts)

interface Statements {
  /** One request with one SMS notification. */
  acceptOne: string[];
  /** One request with BATCH_NOTIFICATIONS. */
  acceptBatch: string[];
  /** One worker turn that claims and runs BATCH_NOTIFICATIONS delivery jobs (outbox transport in-process). */
  workerTurn: string[];
  /** One worker turn with nothing due. */
  idleTurn: string[];
}

async function countStatements(): Promise<Statements> {
  const t = await startInProcessTinn();
  try {
    let n = 0;
    const send = async (count: number) => {
      const res = await t.app.inject({
        method: 'POST',
        url: PATH,
        headers: { apikey: API_KEY, 'content-type': 'application/json' },
        remoteAddress: '127.0.0.1',
        payload: JSON.stringify({ notifications: Array.from({ length: count }, () => smsOrder(mobile(++n), `Din kode er ${n}`)) }),
      });
      if (res.statusCode !== 201) throw new Error(`in-process POST ${PATH} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    };
    await send(1); // caches (API key, template) as under load
    await send(1);
    const acceptOne = await t.statements(() => send(1));
    const acceptBatch = await t.statements(() => send(BATCH_NOTIFICATIONS));
    const worker = createWorker(t.tinn);
    const settings = t.tinn.config.jobs;
    // Due now: the jobs of the requests above. Run all but the last batch's, then count one turn on a full batch.
    await worker.drain();
    await send(settings.batchSize);
    const workerTurn = await t.statements(() => worker.runOnce());
    const idleTurn = await t.statements(() => worker.runOnce());
    return { acceptOne, acceptBatch, workerTurn, idleTurn };
  } finally {
    await t.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Summaries and the result

function acceptSummary(all: AcceptMeasurement[], kind: DbKind, server: AcceptMeasurement['server'], connections: number) {
  const runs = all.filter((m) => m.kind === kind && m.server === server && m.connections === connections).map((m) => m.numbers);
  return {
    perSecond: median(runs.map((n) => n.countedPerSecond)),
    perRound: runs.map((n) => n.countedPerSecond),
    p50: median(runs.map((n) => n.latencyP50Ms)),
    p95: median(runs.map((n) => n.latencyP95Ms)),
    p99: median(runs.map((n) => n.latencyP99Ms)),
    problems: runs.reduce((a, n) => a + n.non2xx + n.errors + n.timeouts, 0),
  };
}

function dispatchSummary(all: DispatchMeasurement[], kind: DbKind, variant: DispatchMeasurement['variant']) {
  const runs = all.filter((m) => m.kind === kind && m.variant === variant);
  const rates = (c: 'email' | 'sms') => runs.map((m) => m[c]?.perSecond ?? 0);
  return {
    email: median(rates('email')),
    emailPerRound: rates('email'),
    sms: median(rates('sms')),
    smsPerRound: rates('sms'),
    repeats: runs.reduce((a, m) => a + (m.email?.repeats ?? 0) + (m.sms?.repeats ?? 0), 0),
    severalIds: runs.reduce((a, m) => a + (m.email?.addressesWithSeveralIds ?? 0) + (m.sms?.addressesWithSeveralIds ?? 0), 0),
    allReached: runs.every((m) => m.reached),
    smtpConnections: runs.map((m) => m.smtpConnections),
    workerStartMs: runs.map((m) => m.workerStartMs ?? 0),
    enqueueMs: runs.map((m) => m.enqueueMs ?? 0),
  };
}

const ms = (v: number) => (Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : formatInt(v));
const rate = (v: number) => (v < 100 ? v.toFixed(1) : formatInt(v));

async function run(): Promise<ScenarioOutcome> {
  const statements = await countStatements();
  console.log(`  accepting one notification sends ${statements.acceptOne.length} SQL statements: ${summarizeStatements(statements.acceptOne)}`);
  console.log(`  accepting ${BATCH_NOTIFICATIONS} in one request sends ${statements.acceptBatch.length}: ${summarizeStatements(statements.acceptBatch)}`);
  console.log(`  a worker turn with a full batch sends ${statements.workerTurn.length}: ${summarizeStatements(statements.workerTurn)}; an idle turn ${statements.idleTurn.length}: ${summarizeStatements(statements.idleTurn)}`);
  const pgServer = await postgresServer();
  const kinds: DbKind[] = pgServer.ok ? ['pglite', 'postgres'] : ['pglite'];
  if (!pgServer.ok) console.log(`  PostgreSQL at ${redactedUrl(POSTGRES_ADMIN_URL)} not reachable (${pgServer.reason}): measuring the embedded database only`);

  const runs: KindRun[] = [];
  for (const kind of kinds) runs.push(await runKind(kind));
  const accept = runs.flatMap((r) => r.accept);
  const dispatch = runs.flatMap((r) => r.dispatch);

  const columns = ['database', 'measured', 'Tinn', 'floor', 'Tinn ÷ floor'];
  const rows: string[][] = [];
  const goals: GoalCheck[] = [];
  const ratios: Record<string, number> = {};
  const medians: Record<string, unknown> = {};
  const notes: string[] = [`The issue's goals: ${ISSUE_GOALS}`];
  const outboxInserts = statements.workerTurn.filter((s) => s === 'insert platform.outbox_message').length;
  const turnWithoutOutbox = statements.workerTurn.length - outboxInserts;

  for (const kind of kinds) {
    const label = DB_KIND_LABEL[kind];
    const isPg = kind === 'postgres';
    rows.push([label, 'SQL statements to accept one notification (counted in-process, untimed)', `${statements.acceptOne.length}`, '1', '']);
    const kindMedians: Record<string, unknown> = {};
    for (const c of CONCURRENCIES) {
      const t = acceptSummary(accept, kind, 'tinn', c);
      const f = acceptSummary(accept, kind, 'reference', c);
      const ratio = t.perSecond / f.perSecond;
      kindMedians[`c${c}`] = { tinn: t, reference: f };
      ratios[`${kind}AcceptC${c}`] = round(ratio, 3);
      rows.push(
        [label, `accepted/s (201), c=${c}, median of ${ROUNDS} (per round)`, `${rate(t.perSecond)} (${t.perRound.map(rate).join(', ')})`, `${rate(f.perSecond)} (${f.perRound.map(rate).join(', ')})`, ratio.toFixed(2)],
        [label, `c=${c}: p50 / p95 / p99 (ms)`, `${ms(t.p50)} / ${ms(t.p95)} / ${ms(t.p99)}`, `${ms(f.p50)} / ${ms(f.p95)} / ${ms(f.p99)}`, ''],
      );
      goals.push({ name: `accepted/s ratio Tinn ÷ floor at c=${c} on ${label}`, goal: `≥ ${GOAL_RATIO}`, measured: ratio.toFixed(2), pass: ratio >= GOAL_RATIO });
    }
    const top = acceptSummary(accept, kind, 'tinn', 32);
    goals.push(
      { name: `Tinn notifications/s accepted at c=32 on ${label}${isPg ? '' : ' (the goal is for PostgreSQL)'}`, goal: `≥ ${formatInt(GOAL_PER_SECOND)}`, measured: rate(top.perSecond), pass: isPg ? top.perSecond >= GOAL_PER_SECOND : null },
      { name: `Tinn p95 at c=32 on ${label}${isPg ? '' : ' (the goal is for PostgreSQL)'}`, goal: `< ${GOAL_P95_MS} ms`, measured: `${ms(top.p95)} ms`, pass: isPg ? top.p95 < GOAL_P95_MS : null },
    );
    const b = acceptSummary(accept, kind, 'tinnBatch', BATCH_CONNECTIONS);
    kindMedians.batch = b;
    rows.push([
      label,
      `context: ${BATCH_NOTIFICATIONS} notifications per request, c=${BATCH_CONNECTIONS}: notifications/s; p95 of a request (ms)`,
      `${rate(b.perSecond * BATCH_NOTIFICATIONS)}; ${ms(b.p95)}`,
      '',
      '',
    ]);

    const td = dispatchSummary(dispatch, kind, 'tinn');
    const fp = dispatchSummary(dispatch, kind, 'referencePooled');
    const fs = dispatchSummary(dispatch, kind, 'referenceSequential');
    const fa = dispatchSummary(dispatch, kind, 'referenceAsTinn');
    kindMedians.dispatch = { tinn: td, referencePooled: fp, referenceSequential: fs, referenceAsTinn: fa };
    const emailRatio = td.email / fp.email;
    const smsRatio = td.sms / fs.sms;
    ratios[`${kind}DispatchEmail`] = round(emailRatio, 3);
    ratios[`${kind}DispatchSmsToSequential`] = round(smsRatio, 3);
    rows.push(
      [label, `e-mails/s to the SMTP sink (${formatInt(DISPATCH_EMAILS)} per round, median of ${DISPATCH_ROUNDS}; per round); floor: nodemailer pool of ${SMTP_POOL_CONNECTIONS}, every mail handed over at once`, `${rate(td.email)} (${td.emailPerRound.map(rate).join(', ')})`, `${rate(fp.email)} (${fp.emailPerRound.map(rate).join(', ')})`, emailRatio.toFixed(2)],
      [label, 'context: e-mails/s, floor sending one mail after another on the same pool', '', `${rate(fs.email)} (${fs.emailPerRound.map(rate).join(', ')})`, (td.email / fs.email).toFixed(2)],
      [label, `context: e-mails/s, floor sending one after another through createTransport(url, options), smtp.ts's call before e027e16 (no pool; ${AS_TINN_EMAILS} mails)`, '', `${rate(fa.email)} (${fa.emailPerRound.map(rate).join(', ')})`, (td.email / fa.email).toFixed(2)],
      [label, `SMS/s to the HTTP sink (${formatInt(DISPATCH_SMS)} per round); floor: a fetch loop, one at a time`, `${rate(td.sms)} (${td.smsPerRound.map(rate).join(', ')})`, `${rate(fs.sms)} (${fs.smsPerRound.map(rate).join(', ')})`, smsRatio.toFixed(2)],
      [label, `context: SMS/s, floor with ${SMTP_POOL_CONNECTIONS} fetch loops`, '', `${rate(fp.sms)} (${fp.smsPerRound.map(rate).join(', ')})`, (td.sms / fp.sms).toFixed(2)],
      [label, `SMTP connections opened (per round); floor: pooled all at once; pooled one at a time; no pool`, td.smtpConnections.map(formatInt).join(', '), `${fp.smtpConnections.map(formatInt).join(', ')}; ${fs.smtpConnections.map(formatInt).join(', ')}; ${fa.smtpConnections.map(formatInt).join(', ')}`, ''],
      [label, 'repeats at the sink (same id twice); addresses with more than one id', `${td.repeats}; ${td.severalIds}`, `${fp.repeats + fs.repeats + fa.repeats}; ${fp.severalIds + fs.severalIds + fa.severalIds}`, ''],
      [label, 'worker process start → ready (ms, per round); queueing 4 000 through the API (s)', `${td.workerStartMs.map(formatInt).join(', ')}; ${td.enqueueMs.map((x) => (x / 1000).toFixed(1)).join(', ')}`, '', ''],
    );
    goals.push(
      { name: `e-mail dispatch ratio Tinn worker ÷ pooled nodemailer on ${label}`, goal: `≥ ${GOAL_DISPATCH_RATIO}`, measured: emailRatio.toFixed(2), pass: emailRatio >= GOAL_DISPATCH_RATIO },
      { name: `SMS dispatch ratio Tinn worker ÷ sequential fetch loop on ${label}`, goal: 'reported', measured: smsRatio.toFixed(2), pass: null },
      { name: `every dispatched message arrived once with its own id on ${label}`, goal: 'all, no repeat', measured: `${td.allReached ? 'all' : 'NOT all'}; ${td.repeats} repeats; ${td.severalIds} addresses with several ids`, pass: td.allReached && td.repeats === 0 && td.severalIds === 0 },
    );
    medians[kind] = kindMedians;
  }

  notes.push(
    `Acceptance request: \`POST ${PATH}\` with the demo service owner's \`apikey\` header (TTD, allowed from 127.0.0.1), one notification of template ${TEMPLATE} to an explicit SMS address (${formatInt(DISTINCT_REQUESTS)} different numbers that every autocannon connection cycles through; text "Din kode er …"), answered 201 with the queued message. ` +
      `Tinn runs \`--roles api\` only (TINN_LOG_LEVEL=warn, TINN_DB_POOL_MAX=${POOL_MAX}), so no worker sends while it accepts; the delivery jobs pile up and are set aside before the dispatch part.`,
    `Acceptance floor: \`bench/lib/notification-reference-server.ts\`, bare Fastify 5 in its own process through \`bin/run-ts.js\` (no logger, hooks, schemas or authentication), which checks the order's shape by hand and inserts one row (autocommit, uuid primary key and an index on the address) on the same kind of database: its own PGlite data dir, or its own database on the same PostgreSQL server with a pg pool of ${POOL_MAX}.`,
    `Load: autocannon in the benchmark process at ${CONCURRENCIES.join(', ')} connections, at least ${WARMUP_SECONDS} s warm-up on the same connections, then ${DURATION_SECONDS} s measured; ${ROUNDS} rounds, in each round floor then Tinn at each concurrency, then Tinn with ${BATCH_NOTIFICATIONS} notifications per request at c=${BATCH_CONNECTIONS} (context); medians of the rounds. Latency of every 201 recorded by the client (sub-millisecond, nearest rank).`,
    `Dispatch: per round, Tinn's API (then stopped) queues ${formatInt(DISPATCH_EMAILS)} e-mails (TokenTextOnly, subject and body from tokens) and then ${formatInt(DISPATCH_SMS)} SMS, ${ENQUEUE_PER_REQUEST} per request; then one \`tinn start --roles worker\` process (TINN_MAIL_TRANSPORT=smtp, TINN_SMS_TRANSPORT=http, job settings at their defaults: batch 10, poll 500 ms) sends them to \`bench/lib/notification-sink.ts\`, a loopback smtp-server and HTTP gateway in a child process that records every message's Message-ID / Idempotency-Key and arrival time. ` +
      'The rate is (messages − 1) ÷ the time from the first to the last arrival at the sink, for each channel, so the worker\'s start is not in it (it is in the table). Jobs are claimed oldest first, so the e-mails go before the SMS. ' +
      `Floor (\`bench/lib/notification-send-reference.ts\`, its own process): nodemailer with the pool settings src/platform/messages/smtp.ts asks for (pool: true, maxConnections: ${SMTP_POOL_CONNECTIONS}, given as \`createTransport({ url, pool, maxConnections })\`) and Tinn's Message-ID form, the same number of mails to the same sink, all handed over at once; and for SMS a fetch loop with Tinn's request shape, one at a time. Both floors also ran the other way round (one mail at a time on the pool; ${SMTP_POOL_CONNECTIONS} fetch loops), and ${AS_TINN_EMAILS} mails went one at a time through \`createTransport(url, { pool: true, maxConnections: 5 })\`, the call smtp.ts had until commit e027e16: nodemailer reads a second argument as defaults for every message, so that call makes no pool and opens a connection per mail (this scenario found it), as context. Order in each round: floors, then Tinn.`,
    `SQL statements (lib/statement-count.ts, in-process on PGlite, untimed; the same code path runs on PostgreSQL): accepting one notification ${statements.acceptOne.length}: ${summarizeStatements(statements.acceptOne)}. ` +
      `Accepting ${BATCH_NOTIFICATIONS} in one request ${statements.acceptBatch.length}: ${summarizeStatements(statements.acceptBatch)}. ` +
      `One worker turn that claims and runs a full batch of 10 delivery jobs ${statements.workerTurn.length}: ${summarizeStatements(statements.workerTurn)}` +
      (outboxInserts > 0 ? ` (the ${outboxInserts} outbox inserts are the in-process outbox transport; with SMTP or the HTTP gateway a turn sends ${turnWithoutOutbox})` : '') +
      `; a turn with nothing due ${statements.idleTurn.length}: ${summarizeStatements(statements.idleTurn)}.`,
  );
  for (const r of runs) {
    notes.push(
      `${DB_KIND_LABEL[r.kind]}: ${r.database}. Tinn's first start (migrations, demo world) took ${(r.tinnFirstStartMs / 1000).toFixed(1)} s. Checked before loading: one notification answered 201 with one SMS message New; the same order twice with one Idempotency-Key answered 201, then 200 with the same batch; the floor answered 201. ` +
        `Stored afterwards: ${JSON.stringify(r.stored)} (the accepted SMS were set aside as Failed "bench: accepted only" and their jobs done before the dispatch rounds).`,
    );
    const problems = r.accept.filter((m) => m.numbers.non2xx + m.numbers.errors + m.numbers.timeouts > 0);
    for (const m of problems) notes.push(`Warning: ${DB_KIND_LABEL[r.kind]} round ${m.round} ${m.server} c=${m.connections}: status ${JSON.stringify(m.numbers.statusCodes)}, ${m.numbers.errors} errors, ${m.numbers.timeouts} timeouts.`);
    if (r.tinnLog.errors + r.tinnLog.warnings > 0) {
      notes.push(`Tinn logged ${r.tinnLog.errors} errors and ${r.tinnLog.warnings} warnings on ${DB_KIND_LABEL[r.kind]} (in the last 8 KB of each process's output), e.g. \`${r.tinnLog.lines[0]?.replaceAll('`', "'")}\`.`);
    }
  }
  if (!pgServer.ok) notes.push(`PostgreSQL was not measured: ${redactedUrl(POSTGRES_ADMIN_URL)} was not reachable (${pgServer.reason}).`);
  // Whether the measured worker still runs a claimed batch one job after another (before commit 84f1564).
  const sequentialWorker = /for \(const job of claimed\) await this\.#run\(job\)/.test(await readFile(join(REPO_ROOT, 'src', 'platform', 'jobs', 'worker.ts'), 'utf8'));
  notes.push(...explainMisses(kinds, accept, dispatch, statements, sequentialWorker));
  notes.push("autocannon, Tinn, the floors, the sink and PostgreSQL share the machine's 2 cores (the load average before the run is in the heading); absolute numbers depend on that, the ratios less so.");

  return {
    settings: {
      tool: 'autocannon 8 (in the benchmark process), latencies recorded per response; a loopback SMTP/HTTP sink in a child process',
      connections: CONCURRENCIES.join(', '),
      durationSeconds: DURATION_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      rounds: ROUNDS,
      dispatch: { emails: DISPATCH_EMAILS, sms: DISPATCH_SMS, emailsAsSmtpTs: AS_TINN_EMAILS },
      dispatchRounds: DISPATCH_ROUNDS,
      databases: kinds.map((k) => DB_KIND_LABEL[k]).join(', '),
      tinnCommand: `node bin/tinn.js start --testenv --roles api (acceptance, queueing) and --roles worker (dispatch: TINN_MAIL_TRANSPORT=smtp, TINN_SMS_TRANSPORT=http); TINN_LOG_LEVEL=warn, TINN_DB_POOL_MAX=${POOL_MAX}; DATABASE_URL for PostgreSQL`,
    },
    raw: {
      statements,
      ...databaseRunsRaw(pgServer, runs),
      medians,
      accept,
      dispatch,
    },
    ratios,
    goals,
    table: { columns, rows },
    notes,
  };
}

/** Why a goal was missed, from this run's numbers and the statements counted above. */
function explainMisses(kinds: DbKind[], accept: AcceptMeasurement[], dispatch: DispatchMeasurement[], statements: Statements, sequentialWorker: boolean): string[] {
  const out: string[] = [];
  const n = statements.acceptOne.length;
  const batchPerNotification = statements.acceptBatch.length / BATCH_NOTIFICATIONS;
  let explainedAccept = false;
  let explainedDispatch = false;
  for (const kind of kinds) {
    const label = DB_KIND_LABEL[kind];
    const t32 = acceptSummary(accept, kind, 'tinn', 32);
    const f32 = acceptSummary(accept, kind, 'reference', 32);
    const b = acceptSummary(accept, kind, 'tinnBatch', BATCH_CONNECTIONS);
    const missedRatio = CONCURRENCIES.filter((c) => acceptSummary(accept, kind, 'tinn', c).perSecond / acceptSummary(accept, kind, 'reference', c).perSecond < GOAL_RATIO);
    if (kind === 'postgres' && (t32.perSecond < GOAL_PER_SECOND || t32.p95 >= GOAL_P95_MS)) {
      out.push(
        `Missed on ${label}: Tinn accepted ${rate(t32.perSecond)} notifications/s at c=32 with p95 ${ms(t32.p95)} ms; the floor ${rate(f32.perSecond)}/s (p95 ${ms(f32.p95)} ms) on the same server` +
          (f32.perSecond < GOAL_PER_SECOND ? `, itself below ${formatInt(GOAL_PER_SECOND)}/s: on this machine no server doing one insert per request reaches the absolute goal with one notification per request` : '') +
          `. With 32 connections in a closed loop the mean latency is about 32 ÷ rate (${ms((32 / t32.perSecond) * 1000)} ms at Tinn's rate), so p95 < ${GOAL_P95_MS} ms at c=32 needs well over ${formatInt((32 / GOAL_P95_MS) * 1000)} requests/s. ` +
          `Orders of ${BATCH_NOTIFICATIONS} per request reached ${rate(b.perSecond * BATCH_NOTIFICATIONS)} notifications/s on ${label} (${ms(batchPerNotification)} statements per notification instead of ${n}): the volume goal is met by batching, which Altinn's API allows (up to 1,000 per request).`,
      );
    }
    if (missedRatio.length > 0) {
      out.push(
        `Ratio missed on ${label} at c=${missedRatio.join(', ')}. ` +
          (explainedAccept
            ? `The same ${n} statements against 1, and the same fix.`
            : `Accepting one notification sends ${n} SQL statements (${summarizeStatements(statements.acceptOne)}) where the floor sends 1; each is a round trip on PostgreSQL and a turn of the single embedded connection on PGlite (which runs inside Tinn's one thread). ` +
              "A CPU profile of Tinn's process accepting at c=32 on PostgreSQL, taken by hand when this scenario was written (commit 01cf4b1, 360 notifications/s during the profile): 35 % of the samples in socket writes (writev and writeBuffer: statements to PostgreSQL and answers to the clients, where the process hands the CPU to the database backends and autocannon), 17 % idle, 14 % in Tinn's bundled code (hooks, route, use case, Kysely, TypeBox), 5 % in pg and its pool, 3 % garbage collection. The number of statements per request, not Tinn's own code, decides the rate. " +
              'What would fix it: look the API key up once per process and cache it (it changes rarely; a revocation can be pushed through the change feed Tinn already has), read the template from a per-process cache keyed by owner and type, and write notification, recipient and job rows in one statement (data-modifying CTEs) inside the transaction; without an Idempotency-Key the idempotency claim is already skipped. ' +
              'At the limit that is begin, one insert, commit: three statements against one.'),
      );
      explainedAccept = true;
    }
    const td = dispatchSummary(dispatch, kind, 'tinn');
    const fp = dispatchSummary(dispatch, kind, 'referencePooled');
    const fs = dispatchSummary(dispatch, kind, 'referenceSequential');
    const fa = dispatchSummary(dispatch, kind, 'referenceAsTinn');
    if (td.email / fp.email < GOAL_DISPATCH_RATIO) {
      const perTurn = statements.workerTurn.length - statements.workerTurn.filter((s) => s === 'insert platform.outbox_message').length;
      const housekeepingPerTurn = statements.workerTurn.includes('insert platform.job');
      out.push(
        `E-mail dispatch ratio missed on ${label}: the worker sent ${rate(td.email)} mails/s, the pooled floor ${rate(fp.email)}/s, the floor sending one mail at a time ${rate(fs.email)}/s. ` +
          (explainedDispatch
            ? 'Same causes as above.'
            : (median(td.smtpConnections) > DISPATCH_EMAILS / 2
                ? `Tinn's e-mail port did not pool: until commit e027e16, src/platform/messages/smtp.ts called \`nodemailer.createTransport(settings.url, { pool: true, maxConnections: 5 } as never)\`, and nodemailer takes the second argument as defaults for every message, not as transport options, so with a URL it built a plain SMTPTransport that opens a new connection for every mail (the \`as never\` cast hid the type error). The sink counted ${td.smtpConnections.map(formatInt).join(' and ')} SMTP connections for ${formatInt(DISPATCH_EMAILS)} mails from the worker, against ${fp.smtpConnections.map(formatInt).join(' and ')} for the pooled floor. Every new connection waits for the server's greeting, which smtp-server holds back 100 ms to catch clients that talk too early (real MTAs pause too, e.g. Postfix's postscreen, and a real relay adds TLS), so each mail takes about ${ms(1000 / td.email)} ms; the floor made the same way, one mail at a time, managed ${rate(fa.email)}/s, as the worker did. ` +
                  'The fix is one line, made in e027e16: `nodemailer.createTransport({ url: settings.url, pool: true, maxConnections: 5 })`. '
                : `Tinn's e-mail port pools its connections (since commit e027e16; the worker opened ${td.smtpConnections.map(formatInt).join(' and ')} SMTP connections for ${formatInt(DISPATCH_EMAILS)} mails; before, one per mail at ${rate(fa.email)}/s as the context row shows). `) +
              (sequentialWorker
                ? `The worker (src/platform/jobs/worker.ts) claims a batch (TINN_JOBS_BATCH_SIZE, 10 by default) and runs its jobs one after another (\`for (const job of claimed) await this.#run(job)\`), so at most one message is in flight and the pool's ${SMTP_POOL_CONNECTIONS} connections are never busy at once, which is what the floor sending one mail at a time on the pool shows (${rate(fs.email)}/s against ${rate(fp.email)}/s all at once). Fix: run a claimed batch concurrently (Promise.all over the batch, or a pool of in-flight jobs per worker at least as large as the SMTP pool). `
                : `The worker (src/platform/jobs/worker.ts) runs a claimed batch side by side (since commit 84f1564), but in turns: it claims TINN_JOBS_BATCH_SIZE (10) jobs, runs them together and claims again only when the slowest is done, so the SMTP pool of ${SMTP_POOL_CONNECTIONS} and the database connections sit partly idle at the end of every turn${kind === 'pglite' ? ', and on the embedded database the statements of the 10 jobs still queue on its one connection' : ''}. Fix: keep jobs in flight continuously (claim more as jobs finish, about twice the SMTP pool), or claim larger batches. `) +
              `Around each send the job does 4 statements one after another (select the recipient, mark Sending, mark Sent, complete the job), and every turn adds the claim${housekeepingPerTurn ? ' and the housekeeping schedule' : ''} (${perTurn} statements per turn of 10 jobs: ${summarizeStatements(statements.workerTurn.filter((s) => s !== 'insert platform.outbox_message'))}); that is what keeps SMS, which have no connection to open, at ${rate(td.sms)}/s against ${rate(fs.sms)}/s for a fetch loop. ` +
              `Fix: ${housekeepingPerTurn ? 'schedule the recurring housekeeping once per period instead of on every turn, and ' : ''}fold "mark Sending" into the claim and "mark Sent" into completing the job (one statement); more worker processes also help because claims use SKIP LOCKED.`),
      );
      explainedDispatch = true;
    }
  }
  return out;
}

export const notifications: Scenario = {
  name: 'notifications',
  title: 'acceptance and dispatch of standalone notifications, embedded database and PostgreSQL',
  summary:
    'Notifications accepted per second and latency of `POST /api/v1/serviceowner/notifications` (one SMS each, ApiKey of the demo service owner) at 1, 8 and 32 connections against a floor that parses the order and inserts one row into an indexed table on a database of the same kind; ' +
    'and messages per second a Tinn worker process delivers from the queue to a loopback SMTP server and SMS gateway, against raw pooled nodemailer and a fetch loop sending to the same sink. On the embedded database and on PostgreSQL.',
  run,
};
