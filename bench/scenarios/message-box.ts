// message-box: GET /api/v1/reportees/310000116/messagebox?limit=50 (the first page, the 20th and the middle of the
// box through the returned nextCursor) for a reportee with 100 000 archived elements, as its managing director, on the embedded
// database and on PostgreSQL, against a floor that runs the equivalent indexed SQL on the same data.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { stopChild, waitUntilReady } from '../lib/children.ts';
import { createClient } from '../lib/client.ts';
import { DB_KIND_LABEL, POOL_MAX, startDbReference, startTinnOn, warningLines, type DbKind, type DbTarget } from '../lib/db-servers.ts';
import type { LoadRequest } from '../lib/load.ts';
import { createDatabase, dropDatabase, postgresServer, redactedUrl, POSTGRES_ADMIN_URL, type PostgresDatabase } from '../lib/postgres.ts';
import { runRecordedLoad, type RecordedLoadNumbers } from '../lib/recorded-load.ts';
import { openReferenceDb, type Queryable } from '../lib/reference-db.ts';
import { startInProcessTinn, summarizeStatements } from '../lib/statement-count.ts';
import type { GoalCheck, Scenario, ScenarioOutcome } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir, type Server } from '../lib/servers.ts';
import { formatInt, median, round } from '../lib/stats.ts';

const REPORTEE = '310000116';
const PERSON = { ssn: '14837501777', name: 'Kari Nordmann', securityLevel: 2 };
const LOGIN = '/api/v1/testenv/login';
const BOX = `/api/v1/reportees/${REPORTEE}/messagebox`;
const LIMIT = 50;
const ELEMENTS = 100_000;
/** A page loaded through its cursor (1-based), found by following nextCursor from the first page. */
const MIDDLE_PAGE = 20;
/** The middle of the box: the page after this many elements, its cursor found by paging with WALK_LIMIT. */
const DEEP_AFTER = 50_000;
const WALK_LIMIT = 200;

const CONNECTIONS = 10;
const ROUNDS = 3;
const DURATION_SECONDS = 5;
const WARMUP_SECONDS = 1;

const GOAL_P95_MS = 50;
const GOAL_RATIO = 0.5;
const ISSUE_GOALS = '"message box p95 < 50 ms" for a reportee with 100,000 elements, and "ratio ≥ 0.5".';

const VARIANTS = ['referenceFirst', 'tinnFirst', 'referenceMiddle', 'tinnMiddle', 'referenceDeep', 'tinnDeep'] as const;
type Variant = (typeof VARIANTS)[number];
const SERVER_OF: Record<Variant, 'tinn' | 'reference'> = { referenceFirst: 'reference', tinnFirst: 'tinn', referenceMiddle: 'reference', tinnMiddle: 'tinn', referenceDeep: 'reference', tinnDeep: 'tinn' };
const PAGES = {
  first: 'first page',
  middle: `page ${MIDDLE_PAGE} (through nextCursor)`,
  deep: `page ${formatInt(DEEP_AFTER / LIMIT + 1)} (elements ${formatInt(DEEP_AFTER + 1)}–${formatInt(DEEP_AFTER + LIMIT)}, the middle of the box)`,
} as const;
type Page = keyof typeof PAGES;
const PAGE_LIST: Page[] = ['first', 'middle', 'deep'];
const PAGE_OF: Record<Variant, Page> = { referenceFirst: 'first', tinnFirst: 'first', referenceMiddle: 'middle', tinnMiddle: 'middle', referenceDeep: 'deep', tinnDeep: 'deep' };
const VARIANT_OF: Record<Page, { tinn: Variant; reference: Variant }> = {
  first: { tinn: 'tinnFirst', reference: 'referenceFirst' },
  middle: { tinn: 'tinnMiddle', reference: 'referenceMiddle' },
  deep: { tinn: 'tinnDeep', reference: 'referenceDeep' },
};

interface Measurement {
  kind: DbKind;
  round: number;
  variant: Variant;
  numbers: RecordedLoadNumbers;
}

interface BoxPage {
  items: { reporteeElementId: number; status: string; serviceCode: string }[];
  nextCursor: string | null;
}

interface Walk {
  /** Query strings of the first page, page MIDDLE_PAGE and the page after DEEP_AFTER elements. */
  firstQuery: string;
  middleQuery: string;
  deepQuery: string;
  firstIds: number[];
  middleIds: number[];
  deepIds: number[];
  firstBytes: number;
  middleBytes: number;
  deepBytes: number;
  /** Milliseconds the DEEP_AFTER ÷ WALK_LIMIT requests of the walk to the deep page took together. */
  deepWalkMs: number;
}

/** EXPLAIN ANALYZE of the page after DEEP_AFTER elements, with both shapes of the keyset condition. */
interface KeysetPlans {
  /** `last_changed_at < $t or (last_changed_at = $t and reportee_element_id < $id)`, the shape of Tinn's condition. */
  orForm: { executionMs: number; rowsRemovedByFilter: number; indexCond: string };
  /** `(last_changed_at, reportee_element_id) < ($t, $id)`, the floor's. */
  rowForm: { executionMs: number; rowsRemovedByFilter: number; indexCond: string };
}

interface KindRun {
  kind: DbKind;
  measurements: Measurement[];
  seedMs: number;
  tinnFirstStartMs: number;
  tinnRestartMs: number | null;
  partyId: number;
  walks: { tinn: Walk; reference: Walk };
  plans: KeysetPlans | null;
  tinnLog: { warnings: number; errors: number; lines: string[] };
  database: string;
}

function fail(what: string, res: { status: number; text: string }): never {
  throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 400)}`);
}

async function personToken(server: Server): Promise<string> {
  const client = createClient(server.baseUrl);
  try {
    const res = await client.request('POST', LOGIN, { json: { ssn: PERSON.ssn, securityLevel: PERSON.securityLevel } });
    const token = (res.body as { accessToken?: unknown } | undefined)?.accessToken;
    if (res.status !== 200 || typeof token !== 'string') fail(`POST ${LOGIN}`, res);
    return token;
  } finally {
    client.close();
  }
}

/**
 * Pages from the first to MIDDLE_PAGE through nextCursor (every page must be full and of archived 5002 elements), then
 * to the page after DEEP_AFTER elements.
 */
async function walk(server: Server, token: string | null): Promise<Walk> {
  const client = createClient(server.baseUrl);
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  try {
    let query = `?limit=${LIMIT}`;
    const result: Partial<Walk> = {};
    for (let page = 1; page <= MIDDLE_PAGE; page++) {
      const res = await client.request('GET', `${BOX}${query}`, headers ? { headers } : {});
      const body = res.body as BoxPage | undefined;
      if (res.status !== 200 || !body || !Array.isArray(body.items)) fail(`${server.child.name}: GET ${BOX}${query} (page ${page})`, res);
      if (body.items.length !== LIMIT || typeof body.nextCursor !== 'string' || body.items.some((i) => i.status !== 'Archive' || i.serviceCode !== '5002')) {
        throw new Error(`${server.child.name}: page ${page} of the message box has ${body.items.length} items (expected ${LIMIT} archived 5002 elements and a nextCursor): ${res.text.slice(0, 300)}`);
      }
      if (page === 1) Object.assign(result, { firstQuery: query, firstIds: body.items.map((i) => i.reporteeElementId), firstBytes: Buffer.byteLength(res.text) });
      if (page === MIDDLE_PAGE) Object.assign(result, { middleQuery: query, middleIds: body.items.map((i) => i.reporteeElementId), middleBytes: Buffer.byteLength(res.text) });
      query = `?limit=${LIMIT}&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    // The middle of the box: WALK_LIMIT elements a page up to DEEP_AFTER, then that cursor with LIMIT.
    const started = performance.now();
    let cursor = '';
    for (let page = 1; page <= DEEP_AFTER / WALK_LIMIT; page++) {
      const q = `?limit=${WALK_LIMIT}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await client.request('GET', `${BOX}${q}`, headers ? { headers } : {});
      const body = res.body as BoxPage | undefined;
      if (res.status !== 200 || !body || body.items.length !== WALK_LIMIT || typeof body.nextCursor !== 'string') fail(`${server.child.name}: GET ${BOX}${q} (page ${page} of ${WALK_LIMIT})`, res);
      cursor = body.nextCursor;
    }
    const deepWalkMs = performance.now() - started;
    const deepQuery = `?limit=${LIMIT}&cursor=${encodeURIComponent(cursor)}`;
    const deep = await client.request('GET', `${BOX}${deepQuery}`, headers ? { headers } : {});
    const deepBody = deep.body as BoxPage | undefined;
    if (deep.status !== 200 || !deepBody || deepBody.items.length !== LIMIT) fail(`${server.child.name}: GET ${BOX}${deepQuery}`, deep);
    Object.assign(result, { deepQuery, deepIds: deepBody.items.map((i) => i.reporteeElementId), deepBytes: Buffer.byteLength(deep.text), deepWalkMs: round(deepWalkMs) });
    return result as Walk;
  } finally {
    client.close();
  }
}

/** `$1` party id, `$2` how many: archived 5002 elements, one every 5 minutes back from now in whole seconds. */
const SEED_ELEMENTS = `insert into submissions.reportee_element (reportee_party_id, service_code, service_edition_code, service_owner_code, status, signatures_required,
    external_shipment_reference, sender_key, created_at, last_changed_at, archive_reference, archived_at, content_sha256)
  select $1, '5002', 1, 'TTD', 'Archive', 0, 'bench-' || n, 'bench', t, t, 'ARB' || n, t, 'x'
    from (select n, date_trunc('second', now()) - n * interval '5 minutes' as t from generate_series(1, $2::integer) as n) s`;
const SEED_SERVICE = `insert into submissions.reportee_service (reportee_party_id, service_code, service_edition_code) values ($1, '5002', 1) on conflict do nothing`;

/**
 * Writes ELEMENTS archived 5002 elements for the party with set-based SQL, as Tinn would store them (times with
 * millisecond precision, as Tinn's clock gives them; one every 5 minutes back from now, so about a year), plus
 * the reportee's service row; then ANALYZE.
 */
async function seed(target: DbTarget, partyId: number): Promise<{ ms: number; plans: KeysetPlans }> {
  const db = await openReferenceDb(target.kind === 'postgres' ? { databaseUrl: target.url, poolMax: '1' } : { pgliteDir: target.dataDir });
  const started = performance.now();
  try {
    await db.transaction(async (q) => {
      await q.query(SEED_ELEMENTS, [partyId, ELEMENTS]);
      await q.query(SEED_SERVICE, [partyId]);
    });
    await db.query('analyze submissions.reportee_element');
    const [c] = await db.query<{ n: number | string }>('select count(*) as n from submissions.reportee_element where reportee_party_id = $1', [partyId]);
    if (Number(c?.n) !== ELEMENTS) throw new Error(`seeded ${c?.n} elements for party ${partyId}, expected ${ELEMENTS}`);
    const ms = performance.now() - started;
    return { ms, plans: await keysetPlans(db, partyId) };
  } finally {
    await db.close();
  }
}

/**
 * EXPLAIN ANALYZE of the page after DEEP_AFTER elements with the two shapes of a keyset condition: Tinn's
 * (message-box-store: `last_changed_at < $t or (last_changed_at = $t and reportee_element_id < $id)`, with its
 * visibility filter) and the floor's row comparison. Run on the loaded data before the servers use it.
 */
async function keysetPlans(db: Queryable, partyId: number): Promise<KeysetPlans> {
  const [last] = await db.query<{ t: Date | string; id: number }>(
    'select last_changed_at as t, reportee_element_id as id from submissions.reportee_element where reportee_party_id = $1 order by last_changed_at desc, reportee_element_id desc offset $2 limit 1',
    [partyId, DEEP_AFTER - 1],
  );
  if (!last) throw new Error(`fewer than ${DEEP_AFTER} elements`);
  const at = new Date(last.t).toISOString();
  const columns = 'reportee_element_id, service_code, service_edition_code, service_owner_code, status, case_id, external_shipment_reference, created_at, last_changed_at, archive_reference';
  const order = `order by last_changed_at desc, reportee_element_id desc limit ${LIMIT + 1}`;
  const explain = async (text: string, params: unknown[]) => {
    const [row] = await db.query<Record<string, unknown>>(`explain (analyze, format json) ${text}`, params);
    const raw = row ? Object.values(row)[0] : undefined;
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { 'Execution Time': number; Plan: Record<string, unknown> }[];
    let removed = 0;
    let indexCond = '';
    const visit = (node: Record<string, unknown>) => {
      removed += Number(node['Rows Removed by Filter'] ?? 0);
      if (typeof node['Index Cond'] === 'string' && !indexCond) indexCond = node['Index Cond'];
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) visit(child);
    };
    visit(plan[0]!.Plan);
    return { executionMs: round(plan[0]!['Execution Time'], 3), rowsRemovedByFilter: removed, indexCond };
  };
  return {
    orForm: await explain(
      `select ${columns} from submissions.reportee_element where reportee_party_id = $1 and deleted_at is null
         and ((status <> 'Archive' and (service_code, service_edition_code) in (('5002', 1))) or (status = 'Archive' and (service_code, service_edition_code) in (('5002', 1))))
         and (last_changed_at < $2 or (last_changed_at = $2 and reportee_element_id < $3)) ${order}`,
      [partyId, at, last.id],
    ),
    rowForm: await explain(`select ${columns} from submissions.reportee_element where reportee_party_id = $1 and (last_changed_at, reportee_element_id) < ($2, $3) ${order}`, [partyId, at, last.id]),
  };
}

/** The statements one first page sends, counted in-process on PGlite with a few hundred elements (untimed; lib/statement-count.ts). */
async function messageBoxStatements(): Promise<string[]> {
  const t = await startInProcessTinn();
  try {
    const pglite = t.db.pglite!;
    const party = (await pglite.query<{ party_id: number }>('select party_id from register.organization where orgno = $1', [REPORTEE])).rows[0]?.party_id;
    if (party === undefined) throw new Error(`no organisation ${REPORTEE} in the demo world`);
    await pglite.query(SEED_ELEMENTS, [party, 500]);
    await pglite.query(SEED_SERVICE, [party]);
    const login = await t.app.inject({ method: 'POST', url: LOGIN, payload: { ssn: PERSON.ssn, securityLevel: PERSON.securityLevel } });
    if (login.statusCode !== 200) throw new Error(`in-process POST ${LOGIN} answered ${login.statusCode}: ${login.body.slice(0, 300)}`);
    const token = (login.json() as { accessToken: string }).accessToken;
    const page = async () => {
      const res = await t.app.inject({ method: 'GET', url: `${BOX}?limit=${LIMIT}`, headers: { authorization: `Bearer ${token}` } });
      if (res.statusCode !== 200 || (res.json() as BoxPage).items.length !== LIMIT) throw new Error(`in-process GET ${BOX} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    };
    await page(); // caches as under load
    await page();
    return await t.statements(page);
  } finally {
    await t.close();
  }
}

async function partyIdOf(target: DbTarget, orgno: string): Promise<number> {
  const db = await openReferenceDb(target.kind === 'postgres' ? { databaseUrl: target.url, poolMax: '1' } : { pgliteDir: target.dataDir });
  try {
    const [row] = await db.query<{ party_id: number }>('select party_id from register.organization where orgno = $1', [orgno]);
    if (!row) throw new Error(`no organisation ${orgno} in Tinn's database`);
    return Number(row.party_id);
  } finally {
    await db.close();
  }
}

async function runKind(kind: DbKind): Promise<KindRun> {
  const tinnDir = await makeDataDir();
  const referenceDir = await makeDataDir();
  let database: PostgresDatabase | undefined;
  const servers: Server[] = [];
  try {
    if (kind === 'postgres') database = await createDatabase('message_box');
    const tinnTarget: DbTarget = database ? { kind: 'postgres', url: database.url } : { kind: 'pglite', dataDir: join(tinnDir, 'pglite') };
    let tinn = await startTinnOn(tinnDir, database?.url);
    servers.push(tinn);
    const tinnFirstStartMs = await waitUntilReady(tinn.child, `${tinn.baseUrl}/health/ready`, 50, 180_000);

    // The 100 000 elements, straight into Tinn's tables. PGlite allows one process per data dir: Tinn is stopped
    // for the load, the floor gets a copy of the loaded data dir, and Tinn starts again on it.
    let tinnRestartMs: number | null = null;
    let referenceTarget: DbTarget = tinnTarget;
    let partyId: number;
    let seedMs: number;
    let plans: KeysetPlans;
    if (tinnTarget.kind === 'pglite') {
      await stopChild(tinn.child);
      partyId = await partyIdOf(tinnTarget, REPORTEE);
      ({ ms: seedMs, plans } = await seed(tinnTarget, partyId));
      referenceTarget = { kind: 'pglite', dataDir: join(referenceDir, 'pglite') };
      await cp(tinnTarget.dataDir, referenceTarget.dataDir, { recursive: true });
      tinn = await startTinnOn(tinnDir);
      servers.push(tinn);
      tinnRestartMs = await waitUntilReady(tinn.child, `${tinn.baseUrl}/health/ready`, 50, 120_000);
    } else {
      partyId = await partyIdOf(tinnTarget, REPORTEE);
      ({ ms: seedMs, plans } = await seed(tinnTarget, partyId));
    }
    console.log(`  ${kind}: ${formatInt(ELEMENTS)} elements for party ${partyId} written in ${(seedMs / 1000).toFixed(1)} s`);
    const reference = await startDbReference('message-box-reference-server.ts', referenceTarget);
    servers.push(reference);
    await waitUntilReady(reference.child, `${reference.baseUrl}/health/ready`, 50);

    // Checks: both walk to page MIDDLE_PAGE with full pages and list the same elements on the first and that page.
    let token = await personToken(tinn);
    const walks = { tinn: await walk(tinn, token), reference: await walk(reference, null) };
    for (const page of PAGE_LIST) {
      const ids = (w: Walk) => (page === 'first' ? w.firstIds : page === 'middle' ? w.middleIds : w.deepIds);
      if (ids(walks.tinn).join(',') !== ids(walks.reference).join(',')) {
        throw new Error(`Tinn and the floor list different elements on the ${PAGES[page]}: ${ids(walks.tinn).slice(0, 5).join(',')}… vs ${ids(walks.reference).slice(0, 5).join(',')}…`);
      }
    }
    console.log(
      `  ${kind}: checks passed (the ${PAGE_LIST.length} pages list the same elements on both; ${walks.tinn.firstBytes} vs ${walks.reference.firstBytes} bytes; walking ${DEEP_AFTER / WALK_LIMIT} pages of ${WALK_LIMIT} took ${formatInt(walks.tinn.deepWalkMs)} ms on Tinn, ${formatInt(walks.reference.deepWalkMs)} ms on the floor)`,
    );

    const measurements: Measurement[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      token = await personToken(tinn);
      for (const variant of VARIANTS) {
        const isTinn = SERVER_OF[variant] === 'tinn';
        const server = isTinn ? tinn : reference;
        const w = isTinn ? walks.tinn : walks.reference;
        const page = PAGE_OF[variant];
        const request: LoadRequest = { method: 'GET', path: `${BOX}${page === 'first' ? w.firstQuery : page === 'middle' ? w.middleQuery : w.deepQuery}`, ...(isTinn ? { headers: { authorization: `Bearer ${token}` } } : {}) };
        const numbers = await runRecordedLoad(server.baseUrl, [request], { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, warmupSeconds: WARMUP_SECONDS });
        measurements.push({ kind, round: r, variant, numbers });
        const bad = numbers.non2xx + numbers.errors + numbers.timeouts;
        console.log(
          `  ${kind} round ${r} ${variant.padEnd(16)} ${formatInt(numbers.countedPerSecond)} req/s, p50 ${numbers.latencyP50Ms} ms, p95 ${numbers.latencyP95Ms} ms, p99 ${numbers.latencyP99Ms} ms${bad > 0 ? `; ${bad} non-2xx/errors/timeouts ${JSON.stringify(numbers.statusCodes)}` : ''}`,
        );
      }
    }
    await Promise.all(servers.map((s) => stopChild(s.child)));
    const tinnLog = warningLines(tinn.child.output());
    const databaseText =
      kind === 'postgres'
        ? `PostgreSQL ${((await postgresServer()) as { version?: string }).version ?? '?'} at ${redactedUrl(POSTGRES_ADMIN_URL).replace(/\/[^/]*$/, '')}, a fresh database; the floor reads Tinn's database through its own pg pool of ${POOL_MAX}`
        : "PGlite, a fresh data dir; the floor reads a copy of Tinn's data dir taken after the load";
    return { kind, measurements, seedMs: round(seedMs), tinnFirstStartMs: round(tinnFirstStartMs), tinnRestartMs: tinnRestartMs === null ? null : round(tinnRestartMs), partyId, walks, plans, tinnLog, database: databaseText };
  } finally {
    await Promise.all(servers.map((s) => stopChild(s.child)));
    if (database) await dropDatabase(database).catch((err) => console.error(`  could not drop ${database!.name}: ${(err as Error).message}`));
    await removeDataDir(tinnDir);
    await removeDataDir(referenceDir);
  }
}

function summarize(measurements: Measurement[], kind: DbKind, variant: Variant) {
  const runs = measurements.filter((m) => m.kind === kind && m.variant === variant).map((m) => m.numbers);
  return {
    requestsPerSecond: median(runs.map((n) => n.countedPerSecond)),
    perRound: runs.map((n) => n.countedPerSecond),
    latencyP50Ms: median(runs.map((n) => n.latencyP50Ms)),
    latencyP95Ms: median(runs.map((n) => n.latencyP95Ms)),
    latencyP99Ms: median(runs.map((n) => n.latencyP99Ms)),
    p95PerRound: runs.map((n) => n.latencyP95Ms),
    warmupMaxMs: Math.max(...runs.map((n) => n.warmupMaxMs)),
    warmupSeconds: Math.max(...runs.map((n) => n.warmupSecondsActual)),
    requests: runs.reduce((a, n) => a + n.responses, 0),
    problems: runs.reduce((a, n) => a + n.non2xx + n.errors + n.timeouts, 0),
  };
}

const ms = (v: number) => (Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : formatInt(v));
const rate = (v: number) => (v < 100 ? v.toFixed(1) : formatInt(v));

async function run(): Promise<ScenarioOutcome> {
  // Untimed, before any load: what one page sends to the database.
  const statements = await messageBoxStatements();
  console.log(`  one page sends ${statements.length} SQL statements: ${summarizeStatements(statements)}`);
  const pgServer = await postgresServer();
  const kinds: DbKind[] = pgServer.ok ? ['pglite', 'postgres'] : ['pglite'];
  if (!pgServer.ok) console.log(`  PostgreSQL at ${redactedUrl(POSTGRES_ADMIN_URL)} not reachable (${pgServer.reason}): measuring the embedded database only`);
  const runs: KindRun[] = [];
  for (const kind of kinds) runs.push(await runKind(kind));
  const measurements = runs.flatMap((r) => r.measurements);

  const columns = ['database', 'page', 'measured', 'Tinn', 'floor (bare Fastify, one indexed SQL statement)', 'Tinn ÷ floor'];
  const rows: string[][] = [];
  const goals: GoalCheck[] = [];
  const ratios: Record<string, number> = {};
  const medians: Record<string, unknown> = {};
  for (const kind of kinds) {
    const label = DB_KIND_LABEL[kind];
    for (const page of PAGE_LIST) {
      const t = summarize(measurements, kind, VARIANT_OF[page].tinn);
      const f = summarize(measurements, kind, VARIANT_OF[page].reference);
      medians[`${kind}.${page}`] = { tinn: t, reference: f };
      const ratio = t.requestsPerSecond / f.requestsPerSecond;
      ratios[`${kind}${page[0]!.toUpperCase()}${page.slice(1)}PageRequestsPerSecond`] = round(ratio, 3);
      rows.push(
        ...(page === 'first' ? [[label, 'any', 'SQL statements per page (counted in-process, untimed)', `${statements.length}`, '1', '']] : []),
        [label, PAGES[page], `req/s, c=${CONNECTIONS}, median of ${ROUNDS}`, rate(t.requestsPerSecond), rate(f.requestsPerSecond), ratio.toFixed(2)],
        [label, PAGES[page], 'req/s per round', t.perRound.map(rate).join(', '), f.perRound.map(rate).join(', '), ''],
        [label, PAGES[page], 'latency p50 (ms)', ms(t.latencyP50Ms), ms(f.latencyP50Ms), ''],
        [label, PAGES[page], 'latency p95 (ms), per round', `${ms(t.latencyP95Ms)} (${t.p95PerRound.map(ms).join(', ')})`, `${ms(f.latencyP95Ms)} (${f.p95PerRound.map(ms).join(', ')})`, ''],
        [label, PAGES[page], 'latency p99 (ms)', ms(t.latencyP99Ms), ms(f.latencyP99Ms), ''],
        [label, PAGES[page], 'requests measured', formatInt(t.requests), formatInt(f.requests), ''],
        [label, PAGES[page], `warm-up until all ${CONNECTIONS} connections had an answer (s, slowest round); slowest answer then (ms)`, `${t.warmupSeconds.toFixed(1)}; ${ms(t.warmupMaxMs)}`, `${f.warmupSeconds.toFixed(1)}; ${ms(f.warmupMaxMs)}`, ''],
      );
      goals.push(
        { name: `Tinn p95, ${PAGES[page]}, ${label}`, goal: `< ${GOAL_P95_MS} ms`, measured: `${ms(t.latencyP95Ms)} ms`, pass: t.latencyP95Ms < GOAL_P95_MS },
        { name: `req/s ratio Tinn ÷ floor, ${PAGES[page]}, ${label}`, goal: `≥ ${GOAL_RATIO}`, measured: ratio.toFixed(2), pass: ratio >= GOAL_RATIO },
      );
    }
  }

  const notes = [
    `The issue's goals: ${ISSUE_GOALS}`,
    `Data: the demo world plus ${formatInt(ELEMENTS)} archived elements of service 5002 for Fjordlys Regnskap AS (${REPORTEE}), written after Tinn's first start with one \`insert … select from generate_series\` straight into submissions.reportee_element (one every 5 minutes back from now, about a year, whole seconds like Tinn's millisecond clock) plus its submissions.reportee_service row, then ANALYZE. ` +
      'On PGlite Tinn is stopped for the load (one process per data dir), the floor gets a copy of the loaded data dir, and Tinn is started again on it.',
    `Request: \`GET ${BOX}?limit=${LIMIT}\` as ${PERSON.name} (${PERSON.ssn}, managing director, may Read and ArchiveRead 5002), Bearer token from \`POST ${LOGIN}\` at level ${PERSON.securityLevel}, a new one every round; page ${MIDDLE_PAGE}, whose cursor was found by following nextCursor from the first page; and the middle of the box, the ${LIMIT} elements after the first ${formatInt(DEEP_AFTER)}, whose cursor was found by following nextCursor ${DEEP_AFTER / WALK_LIMIT} times with limit=${WALK_LIMIT}. ` +
      `Before loading, both servers are walked that way: every page is full (archived 5002 elements and a nextCursor), and both list the same elements on the three pages that are loaded.`,
    `Load: autocannon in the benchmark process, ${CONNECTIONS} connections, one run per measurement on the same connections: a warm-up of at least ${WARMUP_SECONDS} s that lasts until every connection has had an answer (not counted), then ${DURATION_SECONDS} s measured; ${ROUNDS} rounds, each in the order ${VARIANTS.join(', ')}; medians of the rounds. Latency of every answer is recorded by the client with sub-millisecond resolution; p95 by nearest rank per run.`,
    `Floor: \`bench/lib/message-box-reference-server.ts\`, a bare Fastify 5 server in its own process (started through \`bin/run-ts.js\`; no logger, hooks, schemas, authentication or authorisation; organisation numbers to party ids read once at start) answering \`select … from submissions.reportee_element where reportee_party_id = $1 [and (last_changed_at, reportee_element_id) < ($2, $3)] order by last_changed_at desc, reportee_element_id desc limit 51\` ` +
      '(the index reportee_element_box_idx) with items of the same shape and a cursor of the same kind. What separates Tinn from the floor: the token check, resolving the reportee, the reportee\'s services, an authz decision for Read and for ArchiveRead per service, the visibility filter in the SQL (status, service, deleted_at), and the response schema.',
  ];
  for (const r of runs) {
    notes.push(
      `${DB_KIND_LABEL[r.kind]}: ${r.database}. Tinn's first start took ${(r.tinnFirstStartMs / 1000).toFixed(1)} s${r.tinnRestartMs !== null ? `, its start after the load ${(r.tinnRestartMs / 1000).toFixed(1)} s` : ''}; the ${formatInt(ELEMENTS)} elements took ${(r.seedMs / 1000).toFixed(1)} s to write. ` +
        `Answer size of the first page: Tinn ${formatInt(r.walks.tinn.firstBytes)} bytes, floor ${formatInt(r.walks.reference.firstBytes)} bytes. ` +
        `Walking to the middle (${DEEP_AFTER / WALK_LIMIT} pages of ${WALK_LIMIT}, one client) took ${formatInt(r.walks.tinn.deepWalkMs)} ms on Tinn and ${formatInt(r.walks.reference.deepWalkMs)} ms on the floor` +
        (r.plans ? `; EXPLAIN ANALYZE of the middle page: Tinn's keyset shape ${ms(r.plans.orForm.executionMs)} ms (${formatInt(r.plans.orForm.rowsRemovedByFilter)} rows filtered out), the floor's ${ms(r.plans.rowForm.executionMs)} ms (${formatInt(r.plans.rowForm.rowsRemovedByFilter)}).` : '.'),
    );
    for (const m of r.measurements.filter((x) => x.numbers.non2xx + x.numbers.errors + x.numbers.timeouts > 0)) {
      notes.push(`Warning: ${DB_KIND_LABEL[r.kind]} round ${m.round} ${m.variant}: status ${JSON.stringify(m.numbers.statusCodes)}, ${m.numbers.errors} errors, ${m.numbers.timeouts} timeouts.`);
    }
    if (r.tinnLog.errors + r.tinnLog.warnings > 0) {
      notes.push(`Tinn logged ${r.tinnLog.errors} errors and ${r.tinnLog.warnings} warnings on ${DB_KIND_LABEL[r.kind]} (in the last 8 KB of its output), e.g. \`${r.tinnLog.lines[0]?.replaceAll('`', "'")}\`.`);
    }
  }
  if (!pgServer.ok) notes.push(`PostgreSQL was not measured: ${redactedUrl(POSTGRES_ADMIN_URL)} was not reachable (${pgServer.reason}). Set BENCH_POSTGRES_URL to a server where a fresh database may be created.`);
  notes.push(...explainMisses(runs, measurements, statements));
  notes.push("autocannon, Tinn, the floor and PostgreSQL share the machine's 2 cores (the load average before the run is in the heading); absolute numbers depend on that, the ratios less so.");

  return {
    settings: {
      tool: 'autocannon 8 (in the benchmark process), latencies recorded per response',
      connections: CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      rounds: ROUNDS,
      order: `${VARIANTS.join(', ')} in every round, per database`,
      elements: ELEMENTS,
      pageSize: LIMIT,
      middlePage: MIDDLE_PAGE,
      databases: kinds.map((k) => DB_KIND_LABEL[k]).join(', '),
      tinnCommand: `node bin/tinn.js start --testenv --roles api (TINN_LOG_LEVEL=warn, TINN_DB_POOL_MAX=${POOL_MAX}; DATABASE_URL for PostgreSQL)`,
    },
    raw: {
      postgres: pgServer.ok ? { version: pgServer.version } : { unreachable: pgServer.reason },
      statementsPerPage: statements,
      medians,
      kinds: runs.map((r) => ({ kind: r.kind, database: r.database, partyId: r.partyId, seedMs: r.seedMs, tinnFirstStartMs: r.tinnFirstStartMs, tinnRestartMs: r.tinnRestartMs, walks: r.walks, keysetPlans: r.plans, tinnLog: r.tinnLog })),
      measurements,
    },
    ratios,
    goals,
    table: { columns, rows },
    notes,
  };
}

/** Why a goal was missed, from the numbers of this run and what was found when the scenario was written. */
function explainMisses(runs: KindRun[], measurements: Measurement[], statements: string[]): string[] {
  const out: string[] = [];
  let explained = false;
  let explainedKeyset = false;
  for (const { kind, plans } of runs) {
    const first = summarize(measurements, kind, 'tinnFirst');
    for (const page of PAGE_LIST) {
      const t = summarize(measurements, kind, VARIANT_OF[page].tinn);
      const f = summarize(measurements, kind, VARIANT_OF[page].reference);
      const ratio = t.requestsPerSecond / f.requestsPerSecond;
      const p95Missed = t.latencyP95Ms >= GOAL_P95_MS;
      const ratioMissed = ratio < GOAL_RATIO;
      if (!p95Missed && !ratioMissed) continue;
      const parts = [`Missed on ${DB_KIND_LABEL[kind]}, ${PAGES[page]}: ${[p95Missed ? `p95 ${ms(t.latencyP95Ms)} ms` : '', ratioMissed ? `ratio ${ratio.toFixed(2)} (${rate(t.requestsPerSecond)} ÷ ${rate(f.requestsPerSecond)} req/s)` : ''].filter(Boolean).join(', ')}.`];
      if (p95Missed) {
        parts.push(
          `With ${CONNECTIONS} connections in a closed loop a request mostly waits for the others (mean latency about ${CONNECTIONS} ÷ rate = ${ms((CONNECTIONS / t.requestsPerSecond) * 1000)} ms at Tinn's rate${kind === 'pglite' ? ', all of them behind the one embedded connection' : ''}), so p95 follows the rate: the floor at ${rate(f.requestsPerSecond)}/s has p95 ${ms(f.latencyP95Ms)} ms.`,
        );
      }
      const slowdown = first.requestsPerSecond / t.requestsPerSecond;
      if (page !== 'first' && slowdown > 1.15 && plans) {
        parts.push(
          `Tinn's rate on this page is ${slowdown.toFixed(1)}× lower than on its first page (the floor's: ${(summarize(measurements, kind, VARIANT_OF.first.reference).requestsPerSecond / f.requestsPerSecond).toFixed(1)}×)` +
            (explainedKeyset
              ? ': the same keyset condition.'
              : `: Tinn's keyset condition \`last_changed_at < $t or (last_changed_at = $t and reportee_element_id < $id)\` is not an index condition, so the database walks the index from the newest element and filters out every element before the cursor. ` +
                `EXPLAIN ANALYZE of the page after ${formatInt(DEEP_AFTER)} elements on this data (run before loading): ${formatInt(plans.orForm.rowsRemovedByFilter)} rows removed by the filter, ${ms(plans.orForm.executionMs)} ms, against ${formatInt(plans.rowForm.rowsRemovedByFilter)} rows and ${ms(plans.rowForm.executionMs)} ms with the floor's row comparison \`(last_changed_at, reportee_element_id) < ($t, $id)\`, which is an index condition. ` +
                "So a page costs Tinn more the deeper it is. Fix: the row comparison in message-box-store's keyset (Kysely: eb(eb.refTuple('last_changed_at', 'reportee_element_id'), '<', eb.tuple(lastChangedAt, id)))."),
        );
        explainedKeyset = true;
      }
      const keysetHere = page !== 'first' && slowdown > 1.15 && plans !== null;
      if (explained) {
        parts.push(`${keysetHere ? 'Besides, the' : 'The'} same ${statements.length} statements against 1 as explained above; the same fix.`);
      } else {
        parts.push(
          `Tinn sends ${statements.length} SQL statements per page where the floor sends 1 (counted untimed in-process on PGlite for one first page after two, by wrapping the PGlite instance's query and exec; the same code path runs on PostgreSQL): ${summarizeStatements(statements)}. ` +
            'When this scenario was written (commit ffef983: the reportee\'s services, two authz version checks of the person\'s cached roles for Read and ArchiveRead, and the page), the three small statements took about 0.4 ms each in-process on PGlite against 1.2 ms for the page, and a CPU profile put about 55 % of the time in PGlite and about 5 % in Tinn\'s own code; on PostgreSQL each is a round trip, and the profile of Tinn\'s process was dominated by socket writes and reading rows, not by its JavaScript. ' +
            "What would fix it: one version check per request (decide Read and ArchiveRead together, or rely on the NOTIFY-driven invalidation Tinn already uses for its organisation cache) and the reportee's services cached per process (dropped when a new reportee-service row is written), leaving the page query alone as in the floor.",
        );
        explained = true;
      }
      out.push(parts.join(' '));
    }
  }
  return out;
}

export const messageBox: Scenario = {
  name: 'message-box',
  title: 'message box of a reportee with 100 000 elements, embedded database and PostgreSQL',
  summary:
    'Requests per second and latency of `GET /api/v1/reportees/310000116/messagebox?limit=50` (the first page, page 20 and the middle of the box, elements 50 001–50 050, through nextCursor) for a reportee with 100 000 archived elements, as its managing director at 10 connections, on the embedded database and on PostgreSQL, ' +
    'against a floor in its own process that runs the equivalent indexed SQL statement on the same data.',
  run,
};
