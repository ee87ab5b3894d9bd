// submission: POST /api/v1/reportees/310000116/formtasks (service 5002, a payroll report archived at once) by
// the demo world's data system, on the embedded database and on PostgreSQL, against a floor that validates the
// same XSD and inserts the form in one transaction on a database of the same kind; and the small forms' p99
// while 1 MB forms are submitted in parallel.
import { join } from 'node:path';
import { OFF_THREAD_BYTES } from '../../src/platform/xml/index.ts';
import { buildAMelding, type AMelding } from '../lib/a-melding.ts';
import { stopChild, waitUntilReady } from '../lib/children.ts';
import { countArchived, PATH, shipment, submitOnce, SYSTEM_TOKEN, systemToken } from '../lib/form-task.ts';
import { DB_KIND_LABEL, POOL_MAX, startDbReference, startTinnOn, warningLines, type DbKind, type DbTarget } from '../lib/db-servers.ts';
import type { LoadRequest } from '../lib/load.ts';
import { createDatabase, dropDatabase, postgresServer, redactedUrl, POSTGRES_ADMIN_URL, type PostgresDatabase } from '../lib/postgres.ts';
import { startRecordedLoad, type RecordedLoadNumbers } from '../lib/recorded-load.ts';
import { openReferenceDb } from '../lib/reference-db.ts';
import { startInProcessTinn, summarizeStatements } from '../lib/statement-count.ts';
import { type GoalCheck, type Scenario, type ScenarioOutcome, databaseRunsRaw } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir, type Server } from '../lib/servers.ts';
import { formatInt, median, round } from '../lib/stats.ts';
import { worldDataSystems } from '../lib/world.ts';

const CONNECTIONS = 32;
const LARGE_CONNECTIONS = 2;
const ROUNDS = 3;
const DURATION_SECONDS = 6;
/** At least; the measured part also waits until every connection has had an answer (lib/recorded-load.ts). */
const WARMUP_SECONDS = 2;
const SMALL_FORM_BYTES = 5 * 1024;
/** "1 MB" forms: just above Tinn's threshold for validating a document on its worker thread (1 MiB). */
const LARGE_FORM_BYTES = OFF_THREAD_BYTES + 50 * 1024;

const GOAL_SUBMISSIONS_PER_SECOND = 1000;
const GOAL_P99_MS = 100;
const GOAL_RATIO = 0.5;
const GOAL_LARGE_P99_FACTOR = 2;
const ISSUE_GOALS = '"≥ 1,000 submissions/s on PostgreSQL with p99 < 100 ms; ratio ≥ 0.5" and, with 1 MB forms submitted in parallel, "small-form p99 at most doubles".';

/** What each round measures, in this order: the floor first, then Tinn, each without and with the 1 MB forms. */
const VARIANTS = ['reference', 'tinn', 'tinnWithLarge', 'referenceWithLarge'] as const;
type Variant = (typeof VARIANTS)[number];
const SERVER_OF: Record<Variant, 'tinn' | 'reference'> = { reference: 'reference', tinn: 'tinn', tinnWithLarge: 'tinn', referenceWithLarge: 'reference' };

interface Measurement {
  kind: DbKind;
  round: number;
  variant: Variant;
  small: RecordedLoadNumbers;
  large: RecordedLoadNumbers | null;
}

interface KindRun {
  kind: DbKind;
  measurements: Measurement[];
  tinnFirstStartMs: number;
  checks: Record<string, unknown>;
  stored: { tinnArchived: number; tinnQueued: number; tinn201: number; reference201: number; referenceStored: number };
  tinnLog: { warnings: number; errors: number; lines: string[] };
  database: string;
}

const count201 = (n: RecordedLoadNumbers | null) => (n ? (n.statusCodes['201'] ?? 0) + (n.warmupStatusCodes['201'] ?? 0) + (n.afterStatusCodes['201'] ?? 0) : 0);

async function runKind(kind: DbKind, small: AMelding, large: AMelding): Promise<KindRun> {
  const tinnDir = await makeDataDir();
  const referenceDir = await makeDataDir();
  const databases: PostgresDatabase[] = [];
  const servers: Server[] = [];
  try {
    let tinnTarget: DbTarget;
    let referenceTarget: DbTarget;
    if (kind === 'postgres') {
      const t = await createDatabase('submission_tinn');
      databases.push(t);
      const r = await createDatabase('submission_ref');
      databases.push(r);
      tinnTarget = { kind, url: t.url };
      referenceTarget = { kind, url: r.url };
    } else {
      tinnTarget = { kind, dataDir: join(tinnDir, 'pglite') };
      referenceTarget = { kind, dataDir: join(referenceDir, 'pglite') };
    }
    const tinn = await startTinnOn(tinnDir, tinnTarget.kind === 'postgres' ? tinnTarget.url : undefined);
    servers.push(tinn);
    const reference = await startDbReference('submission-reference-server.ts', referenceTarget);
    servers.push(reference);
    const [tinnFirstStartMs] = await Promise.all([
      waitUntilReady(tinn.child, `${tinn.baseUrl}/health/ready`, 50, 180_000),
      waitUntilReady(reference.child, `${reference.baseUrl}/health/ready`, 50),
    ]);

    // Checks before loading: one small and one large submission each archived at once (201, status Archive,
    // an AR reference); the same shipment again answers the stored receipt with 200, which is why every
    // request of the load has its own externalShipmentReference and only 201s count.
    let token = await systemToken(tinn);
    const checks = {
      tinnSmall: await submitOnce(tinn, token, `check-${kind}-small`, small, 201),
      tinnReplay: await submitOnce(tinn, token, `check-${kind}-small`, small, 200),
      tinnLarge: await submitOnce(tinn, token, `check-${kind}-large`, large, 201),
      referenceSmall: await submitOnce(reference, null, `check-${kind}-small`, small, 201),
      referenceLarge: await submitOnce(reference, null, `check-${kind}-large`, large, 201),
    };
    console.log(`  ${kind}: checks passed (Tinn ${checks.tinnSmall.archiveReference}, first submissions ${checks.tinnSmall.ms} ms small, ${checks.tinnLarge.ms} ms large)`);

    const measurements: Measurement[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      token = await systemToken(tinn); // tokens live 15 minutes: a fresh one for every round
      for (const variant of VARIANTS) {
        const server = SERVER_OF[variant] === 'tinn' ? tinn : reference;
        const headers: Record<string, string> = { 'content-type': 'application/json', ...(SERVER_OF[variant] === 'tinn' ? { authorization: `Bearer ${token}` } : {}) };
        const request = (form: AMelding, size: string): LoadRequest => ({ method: 'POST', path: PATH, headers, body: shipment(`bench-${kind}-${variant}-r${r}-${size}-[<id>]`, form) });
        const withLarge = variant === 'tinnWithLarge' || variant === 'referenceWithLarge';
        const smallLoad = startRecordedLoad(server.baseUrl, [request(small, 'small')], { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, warmupSeconds: WARMUP_SECONDS, uniqueIds: true }, 201);
        // The 1 MB forms start with the small ones and are measured exactly while they are.
        const largeLoad = withLarge
          ? startRecordedLoad(server.baseUrl, [request(large, 'large')], { connections: LARGE_CONNECTIONS, durationSeconds: 0, warmupSeconds: 0, measureWhile: smallLoad, uniqueIds: true, requireAnswers: false }, 201)
          : undefined;
        const [smallNumbers, largeNumbers] = await Promise.all([smallLoad.result, largeLoad ? largeLoad.result : Promise.resolve(null)]);
        measurements.push({ kind, round: r, variant, small: smallNumbers, large: largeNumbers });
        const lg = largeNumbers ? `; 1 MB: ${largeNumbers.countedPerSecond}/s, p50 ${largeNumbers.latencyP50Ms} ms` : '';
        const wu = `warm-up ${smallNumbers.warmupSecondsActual} s (slowest ${formatInt(smallNumbers.warmupMaxMs)} ms)`;
        const bad = smallNumbers.non2xx + smallNumbers.errors + smallNumbers.timeouts + (largeNumbers ? largeNumbers.non2xx + largeNumbers.errors + largeNumbers.timeouts : 0);
        console.log(
          `  ${kind} round ${r} ${variant.padEnd(18)} ${formatInt(smallNumbers.countedPerSecond)} submissions/s, p50 ${smallNumbers.latencyP50Ms} ms, p99 ${smallNumbers.latencyP99Ms} ms, ${wu}${lg}${bad > 0 ? `; ${bad} non-2xx/errors/timeouts ${JSON.stringify({ small: [smallNumbers.statusCodes, smallNumbers.errors, smallNumbers.timeouts], large: largeNumbers ? [largeNumbers.statusCodes, largeNumbers.errors, largeNumbers.timeouts] : null })}` : ''}`,
        );
      }
    }

    // What was stored: every archived element of Tinn must be in the download queue (service 5002 has it on).
    await Promise.all(servers.map((s) => stopChild(s.child)));
    const tinnLog = warningLines(tinn.child.output());
    const { archived: tinnArchived, queued: tinnQueued } = await countArchived(tinnTarget);
    const countRef = await openReferenceDb(referenceTarget.kind === 'postgres' ? { databaseUrl: referenceTarget.url, poolMax: '1' } : { pgliteDir: referenceTarget.dataDir });
    let referenceStored: number;
    try {
      const [s] = await countRef.query<{ n: number | string }>('select count(*) as n from bench_reference.submission');
      referenceStored = Number(s?.n);
    } finally {
      await countRef.close();
    }
    const sum201 = (server: 'tinn' | 'reference') =>
      measurements.filter((m) => SERVER_OF[m.variant] === server).reduce((a, m) => a + count201(m.small) + count201(m.large), 0) + 2; // + the two checks
    const stored = { tinnArchived, tinnQueued, tinn201: sum201('tinn'), reference201: sum201('reference'), referenceStored };
    console.log(`  ${kind}: Tinn archived ${formatInt(tinnArchived)} (download queue ${formatInt(tinnQueued)}) for ${formatInt(stored.tinn201)} 201 answers; floor stored ${formatInt(referenceStored)} for ${formatInt(stored.reference201)}`);
    const database = kind === 'postgres' ? `PostgreSQL ${((await postgresServer()) as { version?: string }).version ?? '?'} at ${redactedUrl(POSTGRES_ADMIN_URL).replace(/\/[^/]*$/, '')}, a fresh database each for Tinn and the floor` : 'PGlite, a fresh data dir each for Tinn and the floor';
    return { kind, measurements, tinnFirstStartMs: round(tinnFirstStartMs), checks, stored, tinnLog, database };
  } finally {
    await Promise.all(servers.map((s) => stopChild(s.child)));
    for (const db of databases) await dropDatabase(db).catch((err) => console.error(`  could not drop ${db.name}: ${(err as Error).message}`));
    await removeDataDir(tinnDir);
    await removeDataDir(referenceDir);
  }
}

function summarize(measurements: Measurement[], kind: DbKind, variant: Variant) {
  const runs = measurements.filter((m) => m.kind === kind && m.variant === variant);
  const s = runs.map((m) => m.small);
  const l = runs.map((m) => m.large).filter((x): x is RecordedLoadNumbers => x !== null);
  return {
    submissionsPerSecond: median(s.map((n) => n.countedPerSecond)),
    perRound: s.map((n) => n.countedPerSecond),
    latencyP50Ms: median(s.map((n) => n.latencyP50Ms)),
    latencyP99Ms: median(s.map((n) => n.latencyP99Ms)),
    p99PerRound: s.map((n) => n.latencyP99Ms),
    latencyMaxMs: Math.max(...s.map((n) => n.latencyMaxMs)),
    warmupMaxMs: Math.max(...s.map((n) => n.warmupMaxMs)),
    warmupSeconds: Math.max(...s.map((n) => n.warmupSecondsActual)),
    problems: s.reduce((a, n) => a + n.non2xx + n.errors + n.timeouts, 0),
    large:
      l.length > 0
        ? {
            submissionsPerSecond: median(l.map((n) => n.countedPerSecond)),
            latencyP50Ms: median(l.map((n) => n.latencyP50Ms)),
            latencyP99Ms: median(l.map((n) => n.latencyP99Ms)),
            problems: l.reduce((a, n) => a + n.non2xx + n.errors + n.timeouts, 0),
          }
        : null,
  };
}

const ms = (v: number) => (Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : formatInt(v));
const rate = (v: number) => (v < 100 ? v.toFixed(1) : formatInt(v));

async function run(): Promise<ScenarioOutcome> {
  const small = await buildAMelding(SMALL_FORM_BYTES);
  const large = await buildAMelding(LARGE_FORM_BYTES);
  // Untimed, before any load: what one submission sends to the database.
  const statements = await submissionStatements(small);
  console.log(`  one submission sends ${statements.length} SQL statements: ${summarizeStatements(statements)}`);
  const pgServer = await postgresServer();
  const kinds: DbKind[] = pgServer.ok ? ['pglite', 'postgres'] : ['pglite'];
  if (!pgServer.ok) console.log(`  PostgreSQL at ${redactedUrl(POSTGRES_ADMIN_URL)} not reachable (${pgServer.reason}): measuring the embedded database only`);

  const runs: KindRun[] = [];
  for (const kind of kinds) runs.push(await runKind(kind, small, large));
  const measurements = runs.flatMap((r) => r.measurements);

  const columns = ['database', 'measured', 'Tinn', 'floor (bare Fastify, same XSD check, one insert transaction)', 'Tinn ÷ floor'];
  const rows: string[][] = [];
  const goals: GoalCheck[] = [];
  const ratios: Record<string, number> = {};
  const medians: Record<string, unknown> = {};
  const notes: string[] = [`The issue's goals: ${ISSUE_GOALS}`];
  for (const kind of kinds) {
    const label = DB_KIND_LABEL[kind];
    const t = summarize(measurements, kind, 'tinn');
    const f = summarize(measurements, kind, 'reference');
    const tl = summarize(measurements, kind, 'tinnWithLarge');
    const fl = summarize(measurements, kind, 'referenceWithLarge');
    medians[kind] = { tinn: t, reference: f, tinnWithLarge: tl, referenceWithLarge: fl };
    const ratio = t.submissionsPerSecond / f.submissionsPerSecond;
    const largeFactor = tl.latencyP99Ms / t.latencyP99Ms;
    const largeFactorFloor = fl.latencyP99Ms / f.latencyP99Ms;
    ratios[`${kind}SubmissionsPerSecond`] = round(ratio, 3);
    ratios[`${kind}SmallP99WithLargeFactor`] = round(largeFactor, 3);
    rows.push(
      [label, 'SQL statements per submission (counted in-process, untimed)', `${statements.length}`, '3', ''],
      [label, `submissions/s (201), c=${CONNECTIONS}, median of ${ROUNDS}`, rate(t.submissionsPerSecond), rate(f.submissionsPerSecond), ratio.toFixed(2)],
      [label, 'submissions/s per round', t.perRound.map(rate).join(', '), f.perRound.map(rate).join(', '), ''],
      [label, 'latency p50 (ms)', ms(t.latencyP50Ms), ms(f.latencyP50Ms), ''],
      [label, 'latency p99 (ms)', ms(t.latencyP99Ms), ms(f.latencyP99Ms), ''],
      [label, `warm-up until all ${CONNECTIONS} connections had an answer (s, slowest round); slowest answer then (ms)`, `${t.warmupSeconds.toFixed(1)}; ${ms(t.warmupMaxMs)}`, `${f.warmupSeconds.toFixed(1)}; ${ms(f.warmupMaxMs)}`, ''],
      [label, `with ${LARGE_CONNECTIONS} connections posting 1 MB forms: small submissions/s`, rate(tl.submissionsPerSecond), rate(fl.submissionsPerSecond), (tl.submissionsPerSecond / fl.submissionsPerSecond).toFixed(2)],
      [label, 'with 1 MB forms: small-form p50 (ms)', ms(tl.latencyP50Ms), ms(fl.latencyP50Ms), ''],
      [label, 'with 1 MB forms: small-form p99 (ms), per round', `${ms(tl.latencyP99Ms)} (${tl.p99PerRound.map(ms).join(', ')})`, `${ms(fl.latencyP99Ms)} (${fl.p99PerRound.map(ms).join(', ')})`, ''],
      [label, 'small-form p99 with ÷ without 1 MB forms', largeFactor.toFixed(2), largeFactorFloor.toFixed(2), ''],
      [label, '1 MB submissions/s; their p50 (ms)', `${rate(tl.large?.submissionsPerSecond ?? 0)}; ${ms(tl.large?.latencyP50Ms ?? Number.NaN)}`, `${rate(fl.large?.submissionsPerSecond ?? 0)}; ${ms(fl.large?.latencyP50Ms ?? Number.NaN)}`, ''],
    );
    const isPg = kind === 'postgres';
    goals.push(
      {
        name: `Tinn submissions/s on ${label}${isPg ? '' : ' (the goal is for PostgreSQL)'}`,
        goal: `≥ ${formatInt(GOAL_SUBMISSIONS_PER_SECOND)}`,
        measured: rate(t.submissionsPerSecond),
        pass: isPg ? t.submissionsPerSecond >= GOAL_SUBMISSIONS_PER_SECOND : null,
      },
      {
        name: `Tinn p99 at c=${CONNECTIONS} on ${label}${isPg ? '' : ' (the goal is for PostgreSQL)'}`,
        goal: `< ${GOAL_P99_MS} ms`,
        measured: `${ms(t.latencyP99Ms)} ms`,
        pass: isPg ? t.latencyP99Ms < GOAL_P99_MS : null,
      },
      { name: `submissions/s ratio Tinn ÷ floor on ${label}`, goal: `≥ ${GOAL_RATIO}`, measured: ratio.toFixed(2), pass: ratio >= GOAL_RATIO },
      {
        name: `small-form p99 with 1 MB forms in parallel ÷ without, on ${label}`,
        goal: `≤ ${GOAL_LARGE_P99_FACTOR}`,
        measured: `${largeFactor.toFixed(2)} (${ms(tl.latencyP99Ms)} ÷ ${ms(t.latencyP99Ms)} ms)`,
        pass: largeFactor <= GOAL_LARGE_P99_FACTOR,
      },
    );
  }

  notes.push(
    `Request: \`POST ${PATH}\` as data system ${(await worldDataSystems())[0]?.systemId} (Bearer token from \`POST ${SYSTEM_TOKEN}\` with SystemID and password, level 0; a new token every round), service 5002 edition 1 (payroll report, no signing step: archived at once and put in the download queue), one form 6101 v1 of ${formatInt(small.bytes)} bytes (${small.recipients} <inntektsmottaker> elements; examples/melding.xml repeated with the demo world's national ids). ` +
      `Every request has its own externalShipmentReference (\`[<id>]\` replaced per request through autocannon's setupRequest): a reused one answers the stored receipt with 200 instead of 201, so only 201s count as submissions; any other answer is reported below.`,
    `Load: autocannon in the benchmark process, ${CONNECTIONS} connections, one run per measurement on the same connections: a warm-up of at least ${WARMUP_SECONDS} s that lasts until every connection has had an answer (answers arriving then are not counted, nor latencies of requests sent then), then ${DURATION_SECONDS} s measured; ${ROUNDS} rounds, in each round ${VARIANTS.join(', ')}; medians of the rounds. ` +
      `Latency of every 2xx answer is recorded by the client with sub-millisecond resolution (nearest rank), from sending the request to the last byte of the answer.`,
    `1 MB forms: a second autocannon with ${LARGE_CONNECTIONS} connections posts a valid ${formatInt(large.bytes)}-byte a-melding (${formatInt(large.recipients)} recipients; Tinn validates documents from ${formatInt(OFF_THREAD_BYTES)} bytes on a worker thread) to the same endpoint, starting with the small forms and measured exactly while they are; the goal compares the small forms' p99 to Tinn's runs without them in the same rounds. ` +
      `The floor validates every document on its event loop, so its row with 1 MB forms shows what a server without that worker thread suffers (context, no goal).`,
    `Floor: \`bench/lib/submission-reference-server.ts\`, a bare Fastify 5 server in its own process started through \`bin/run-ts.js\`: no logger, hooks, schemas or authentication; \`compileSchema\` from src/platform/xml (libxml2-wasm, the a-melding schema files compiled once at start) validates the form, then one transaction inserts it into a table (\`insert … on conflict do nothing returning\`) on the same kind of database: its own PGlite data dir for the embedded run, a pg pool of ${POOL_MAX} connections (as Tinn's TINN_DB_POOL_MAX) on its own database of the same server for PostgreSQL. ` +
      'What separates Tinn from the floor is everything else a submission does: the token check, the service catalog and authz (Write for the data system on behalf of 310000116), the idempotency claim, receipts with references and sub-receipts, the element, form and download-queue rows, and the content hash (the first row of the table counts its SQL statements).',
  );
  for (const r of runs) {
    const c = r.checks as Record<string, { ms: number; archiveReference: string }>;
    notes.push(
      `${DB_KIND_LABEL[r.kind]}: ${r.database}. Tinn's first start (migrations, demo world) took ${(r.tinnFirstStartMs / 1000).toFixed(1)} s. ` +
        `Checked before loading: a ${formatInt(small.bytes)}-byte and a ${formatInt(large.bytes)}-byte submission each answered 201 with status Archive (Tinn ${c.tinnSmall?.archiveReference}, ${c.tinnSmall?.ms} ms and ${c.tinnLarge?.ms} ms as the first of their size), the small one again answered 200 (the stored receipt), and the floor answered 201 to both. ` +
        `Afterwards Tinn's database held ${formatInt(r.stored.tinnArchived)} archived 5002 elements and ${formatInt(r.stored.tinnQueued)} download-queue items for ${formatInt(r.stored.tinn201)} 201 answers received (warm-ups included; a request in flight when autocannon stopped can be stored without its answer arriving, up to ${CONNECTIONS + LARGE_CONNECTIONS} per run); the floor stored ${formatInt(r.stored.referenceStored)} for ${formatInt(r.stored.reference201)}.`,
    );
    const problems = r.measurements.filter((m) => m.small.non2xx + m.small.errors + m.small.timeouts + (m.large ? m.large.non2xx + m.large.errors + m.large.timeouts : 0) > 0);
    for (const m of problems) {
      const describe = (n: RecordedLoadNumbers) => `status ${JSON.stringify(n.statusCodes)}, ${n.errors} errors, ${n.timeouts} timeouts`;
      notes.push(`Warning: ${DB_KIND_LABEL[r.kind]} round ${m.round} ${m.variant}: small forms ${describe(m.small)}${m.large ? `; 1 MB forms ${describe(m.large)}` : ''}.`);
    }
    if (r.tinnLog.errors + r.tinnLog.warnings > 0) {
      notes.push(`Tinn logged ${r.tinnLog.errors} errors and ${r.tinnLog.warnings} warnings on ${DB_KIND_LABEL[r.kind]} (in the last 8 KB of its output), e.g. \`${r.tinnLog.lines[0]?.replaceAll('`', "'")}\`.`);
    }
  }
  if (!pgServer.ok) notes.push(`PostgreSQL was not measured: ${redactedUrl(POSTGRES_ADMIN_URL)} was not reachable (${pgServer.reason}). Set BENCH_POSTGRES_URL to a server where a fresh database may be created.`);
  notes.push(...explainMisses(kinds, measurements, statements));
  for (const kind of kinds) {
    const t = summarize(measurements, kind, 'tinn');
    const f = summarize(measurements, kind, 'reference');
    if (t.warmupSeconds > WARMUP_SECONDS + 1) {
      notes.push(
        `Connections opened under load on ${DB_KIND_LABEL[kind]}: it took up to ${t.warmupSeconds.toFixed(1)} s until all ${CONNECTIONS} connections had a first answer from Tinn (slowest ${ms(t.warmupMaxMs)} ms), ${f.warmupSeconds.toFixed(1)} s from the floor. ` +
          'Seen when this scenario was written (with autocannon and with plain node:http clients, on Tinn and the floor): while the server is saturated, new connections are accepted one at a time between rounds of the queued work, and on the embedded database a round lasts as long as the statements of every request waiting for the one connection, so a client that connects during load waits seconds for its first answer. ' +
          'The measured part starts once every connection has been answered; a saturated Tinn on PGlite is slow to let new clients in.',
      );
    }
  }
  notes.push("autocannon, Tinn, the floor and PostgreSQL share the machine's 2 cores (the load average before the run is in the heading); absolute numbers depend on that, the ratios less so.");

  return {
    settings: {
      tool: 'autocannon 8 (in the benchmark process), latencies recorded per response',
      connections: CONNECTIONS,
      largeFormConnections: LARGE_CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      rounds: ROUNDS,
      order: `${VARIANTS.join(', ')} in every round, per database`,
      databases: kinds.map((k) => DB_KIND_LABEL[k]).join(', '),
      formBytes: { small: small.bytes, large: large.bytes },
      tinnCommand: `node bin/tinn.js start --testenv --roles api (TINN_LOG_LEVEL=warn, TINN_DB_POOL_MAX=${POOL_MAX}; DATABASE_URL for PostgreSQL)`,
    },
    raw: {
      formBytes: { small: small.bytes, large: large.bytes, smallRecipients: small.recipients, largeRecipients: large.recipients },
      statementsPerSubmission: statements,
      ...databaseRunsRaw(pgServer, runs),
      medians,
      measurements,
    },
    ratios,
    goals,
    table: { columns, rows },
    notes,
  };
}

/** The statements one small submission sends, counted in-process on PGlite (untimed; lib/statement-count.ts). */
async function submissionStatements(form: AMelding): Promise<string[]> {
  const system = (await worldDataSystems())[0];
  if (!system) throw new Error('testdata/world.yaml has no data system with a password');
  const t = await startInProcessTinn();
  try {
    const login = await t.app.inject({ method: 'POST', url: SYSTEM_TOKEN, payload: { systemId: String(system.systemId), systemPassword: system.password } });
    if (login.statusCode !== 200) throw new Error(`in-process POST ${SYSTEM_TOKEN} answered ${login.statusCode}: ${login.body.slice(0, 300)}`);
    const token = (login.json() as { accessToken: string }).accessToken;
    let n = 0;
    const submit = async () => {
      const res = await t.app.inject({ method: 'POST', url: PATH, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: shipment(`count-${++n}`, form) });
      if (res.statusCode !== 201) throw new Error(`in-process POST ${PATH} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    };
    await submit(); // caches (catalog, schema, authz) as under load
    await submit();
    return await t.statements(submit);
  } finally {
    await t.close();
  }
}

/** Why a goal was missed, from the numbers of this run and the statements one submission sends. */
function explainMisses(kinds: DbKind[], measurements: Measurement[], statements: string[]): string[] {
  const out: string[] = [];
  const lastCommit = statements.lastIndexOf('commit');
  const readBack = lastCommit >= 0 ? statements.slice(lastCommit + 1).filter((x) => x.startsWith('select')).length : 0;
  const receiptWrites = statements.filter((x) => /^insert submissions\.receipt/.test(x)).length;
  const has = (name: string) => statements.includes(name);
  const counted =
    `A Tinn submission sends ${statements.length} SQL statements (counted untimed in-process on PGlite for one submission after two, by wrapping the PGlite instance's query and exec; the same code path runs on PostgreSQL): ${summarizeStatements(statements)}. ` +
    'The floor sends 3 (begin, insert, commit).';
  const savings = [
    readBack > 0 ? `build the answer from what was just written instead of reading the receipt back (−${readBack})` : '',
    has('select nextval') ? 'take the archive number in the element insert (−1)' : '',
    receiptWrites > 1 ? `write the receipts and their references in one statement (data-modifying CTEs or multi-row inserts, −${receiptWrites - 1})` : '',
    has('insert submissions.reportee_service') ? 'record the reportee-service row only when this process has not seen that reportee and service yet (−1)' : '',
    has('update submissions.shipment') ? "set the receipt in the shipment claim instead of updating it afterwards (−1)" : '',
  ].filter(Boolean);
  const fix = `What would fix it is fewer statements per submission${savings.length > 0 ? `: ${savings.join('; ')}` : ''}; at the limit, one round trip for the whole transaction (a single statement of data-modifying CTEs).`;
  let explained = false;
  for (const kind of kinds) {
    const t = summarize(measurements, kind, 'tinn');
    const f = summarize(measurements, kind, 'reference');
    const tl = summarize(measurements, kind, 'tinnWithLarge');
    const fl = summarize(measurements, kind, 'referenceWithLarge');
    const ratio = t.submissionsPerSecond / f.submissionsPerSecond;
    const label = DB_KIND_LABEL[kind];
    if (kind === 'postgres' && (t.submissionsPerSecond < GOAL_SUBMISSIONS_PER_SECOND || t.latencyP99Ms >= GOAL_P99_MS)) {
      out.push(
        `Missed on ${label}: Tinn ${rate(t.submissionsPerSecond)} submissions/s with p99 ${ms(t.latencyP99Ms)} ms, while the floor reached ${rate(f.submissionsPerSecond)}/s (p99 ${ms(f.latencyP99Ms)} ms) on the same server` +
          (f.submissionsPerSecond < GOAL_SUBMISSIONS_PER_SECOND
            ? `, itself below ${formatInt(GOAL_SUBMISSIONS_PER_SECOND)}/s: on this machine, whose 2 cores carry the load generator, PostgreSQL and the server under test (and whatever else ran; see the load average), no server doing this work reaches the absolute goal, which needs PostgreSQL on cores of its own. `
            : '. ') +
          `With ${CONNECTIONS} connections in a closed loop the mean latency is about ${CONNECTIONS} ÷ rate (${ms((CONNECTIONS / t.submissionsPerSecond) * 1000)} ms at Tinn's rate), so the p99 goal follows from the rate: p99 < ${GOAL_P99_MS} ms at c=${CONNECTIONS} needs well over ${formatInt((CONNECTIONS / GOAL_P99_MS) * 1000)} submissions/s. ` +
          `Tinn reaches ${(ratio * 100).toFixed(0)} % of the floor, for the reason in the next note.`,
      );
    }
    if (ratio < GOAL_RATIO) {
      out.push(
        `Ratio missed on ${label} (${ratio.toFixed(2)}). ${explained ? `The same ${statements.length} statements against 3, and the same fix.` : counted} ` +
          (kind === 'pglite'
            ? "On the embedded database every statement runs in Tinn's one thread, one after another; a CPU profile of in-process submissions when this scenario was written (commit ffef983) put about two thirds of the time inside PGlite (its WebAssembly Postgres and file-system calls) and 4 % in Tinn's own code."
            : "On PostgreSQL each statement is a round trip; a CPU profile of Tinn's process under this load when this scenario was written (commit ffef983) had about half its samples inside socket writes to PostgreSQL, i.e. waiting for a core while the database backends ran, and little in Tinn's own code.") +
          (explained ? '' : ` ${fix}`),
      );
      explained = true;
    }
    if (tl.latencyP99Ms / t.latencyP99Ms > GOAL_LARGE_P99_FACTOR) {
      out.push(
        `Small-form p99 more than doubled with 1 MB forms on ${label} (${ms(t.latencyP99Ms)} → ${ms(tl.latencyP99Ms)} ms): the XSD check runs on Tinn's worker thread, but the rest of a 1 MB submission still runs on the event loop or holds a database connection: parsing the 1 MB JSON body, hashing the shipment and the archive content, and writing the 1 MB form_data` +
          (kind === 'pglite' ? ' through the single embedded connection, which every small submission then waits for.' : '.') +
          " Storing large forms in the blob store (as attachments are) and hashing them off the event loop would keep them out of the small forms' way.",
      );
    }
    const tlRate = tl.large?.submissionsPerSecond ?? 0;
    const flRate = fl.large?.submissionsPerSecond ?? 0;
    if (tl.large && tlRate < 0.5 * flRate) {
      out.push(
        `Context on ${label}: next to the small forms Tinn completed ${rate(tlRate)} 1 MB submissions/s (p50 ${ms(tl.large.latencyP50Ms)} ms), the floor ${rate(flRate)}/s. Part of why the small forms keep their p99 is that the large ones get few turns: each queues as many statements as a small one behind ${CONNECTIONS} small-form connections.`,
      );
    }
  }
  return out;
}

export const submission: Scenario = {
  name: 'submission',
  title: 'form task submissions (archived at once), embedded database and PostgreSQL',
  summary:
    'Submissions per second and latency of `POST /api/v1/reportees/310000116/formtasks` (service 5002, a 5 KB payroll report archived at once) by a data system at 32 connections, on the embedded database and on PostgreSQL, ' +
    'against a floor in its own process that validates the same XSD with the same library and inserts the form in one transaction on a database of the same kind; and the small forms\' p99 while 1 MB forms are submitted in parallel.',
  run,
};
