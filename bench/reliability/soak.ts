// Soak: form submissions at a fixed arrival rate, 70 % of the maximum measured just before, for 10 minutes, with the
// resident memory of the Tinn process sampled every 5 s. Proof that memory stays flat, nothing fails and latency does
// not drift under steady load. See README.md beside this file.
//
//   node bin/run-ts.js bench/reliability/soak.ts [--db postgres|pglite] [--minutes M] [--measure-seconds S]
//        [--percent P] [--connections C] [--open-connections O] [--sample-seconds S] [--max-slope-mb-per-minute X]
//
// Exit code: 0 when every check passed, 1 when one failed, 2 on a bad command line.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildAMelding } from '../lib/a-melding.ts';
import { freePort, startChild, stopChild, waitUntilReady, type Child } from '../lib/children.ts';
import { POOL_MAX, warningLines, type DbTarget } from '../lib/db-servers.ts';
import { countArchived, PATH, shipment, submitOnce, systemToken } from '../lib/form-task.ts';
import { gitInfo, machineInfo } from '../lib/machine.ts';
import { runClosedLoop, runOpenLoop, type LoadSummary, type Outcome, type PlannedRequest } from '../lib/open-loop.ts';
import { createDatabase, dropDatabase, postgresServer, redactedUrl, POSTGRES_ADMIN_URL, type PostgresDatabase } from '../lib/postgres.ts';
import { cpuMs, rssBytes } from '../lib/process-stats.ts';
import { RESULTS_DIR, timestampForFile } from '../lib/results.ts';
import type { BenchResult, GoalCheck } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir } from '../lib/servers.ts';
import { percentile, round } from '../lib/stats.ts';

// ---------------------------------------------------------------------------------------------------------------
// Settings

interface Settings {
  db: 'postgres' | 'pglite';
  minutes: number;
  /** Seconds of the closed-loop measurement of the maximum rate (after a warm-up of WARMUP_SECONDS). */
  measureSeconds: number;
  /** The soak's arrival rate, in percent of the measured maximum. */
  percent: number;
  /** Concurrent requests of the closed-loop measurement (the `submission` benchmark's c=32). */
  connections: number;
  /** Keep-alive sockets of the open-loop load; requests beyond them wait in the client, and that wait counts. */
  openConnections: number;
  sampleSeconds: number;
  /** The memory check: RSS growth over the soak's second half (slope of a linear fit) at most this many MB per minute. */
  maxSlopeMbPerMinute: number;
}

const USAGE =
  'usage: node bin/run-ts.js bench/reliability/soak.ts [--db postgres|pglite] [--minutes M] [--measure-seconds S] [--percent P] [--connections C] [--open-connections O] [--sample-seconds S] [--max-slope-mb-per-minute X]';

function parseArgs(argv: string[]): Settings {
  const s: Settings = { db: 'postgres', minutes: 10, measureSeconds: 20, percent: 70, connections: 32, openConnections: 64, sampleSeconds: 5, maxSlopeMbPerMinute: 2 };
  const num = (name: string, v: string | undefined, min: number, max: number, integer = true): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) throw new Error(`${name} needs a ${integer ? 'whole ' : ''}number from ${min} to ${max}, not ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--db') {
      const v = next();
      if (v !== 'postgres' && v !== 'pglite') throw new Error(`--db is postgres or pglite, not ${v ?? 'nothing'}`);
      s.db = v;
    } else if (a === '--minutes') s.minutes = num(a, next(), 1, 1440);
    else if (a === '--measure-seconds') s.measureSeconds = num(a, next(), 5, 600);
    else if (a === '--percent') s.percent = num(a, next(), 1, 100);
    else if (a === '--connections') s.connections = num(a, next(), 1, 512);
    else if (a === '--open-connections') s.openConnections = num(a, next(), 1, 1024);
    else if (a === '--sample-seconds') s.sampleSeconds = num(a, next(), 1, 60);
    else if (a === '--max-slope-mb-per-minute') s.maxSlopeMbPerMinute = num(a, next(), 0, 1000, false);
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return s;
}

/** The `submission` benchmark's small form. */
const FORM_BYTES = 5 * 1024;
const WARMUP_SECONDS = 5;
/** Tokens live 15 minutes: the soak takes a fresh one this often. */
const TOKEN_REFRESH_MS = 5 * 60_000;
/** Open loop: requests unanswered beyond this many are skipped (and fail the errors check) rather than piling up. */
const MAX_OUTSTANDING = 5000;

const t0 = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const mb = (bytes: number) => round(bytes / 1024 ** 2, 1);

// ---------------------------------------------------------------------------------------------------------------
// Statistics

interface Bucket {
  minute: number;
  due: number;
  ok: number;
  /** Non-201 answers, network errors, timeouts and skipped requests, by status or error. */
  failures: Record<string, number>;
  latencies: number[];
}

function bucketOf(buckets: Bucket[], minute: number): Bucket {
  while (buckets.length <= minute) buckets.push({ minute: buckets.length + 1, due: 0, ok: 0, failures: {}, latencies: [] });
  return buckets[minute]!;
}

function latencySummary(values: number[]) {
  if (values.length === 0) return { p50: null, p90: null, p99: null, max: null };
  // No Math.max(...values): a soak has more values than a call takes arguments.
  const max = values.reduce((m, v) => (v > m ? v : m), -Infinity);
  return { p50: round(percentile(values, 50), 1), p90: round(percentile(values, 90), 1), p99: round(percentile(values, 99), 1), max: round(max, 1) };
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

interface Sample {
  phase: 'measure' | 'soak' | 'after';
  /** Seconds since the soak started (negative during the measurement). */
  t: number;
  /** performance.now() of the sample (not written to the result). */
  at?: number;
  rssMb: number;
  /** The process's CPU use since the previous sample, in percent of one core. */
  cpuPercent: number | null;
  /** Submissions answered 201 so far in the phase, and requests unanswered at the moment. */
  ok: number;
  outstanding: number;
  loadAverage1: number;
}

const sumFailures = (f: Record<string, number>) => Object.values(f).reduce((a, n) => a + n, 0);

// ---------------------------------------------------------------------------------------------------------------

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
  const git = gitInfo();
  const loadAverageBefore = os.loadavg().map((l) => round(l, 2));
  const dataDir = await makeDataDir();
  let database: PostgresDatabase | undefined;
  let tinn: { child: Child; baseUrl: string } | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    let postgresVersion: string | null = null;
    let target: DbTarget;
    if (s.db === 'postgres') {
      const server = await postgresServer();
      if (!server.ok) throw new Error(`PostgreSQL at ${redactedUrl(POSTGRES_ADMIN_URL)} not reachable: ${server.reason}`);
      postgresVersion = server.version;
      database = await createDatabase('soak');
      target = { kind: 'postgres', url: database.url };
    } else target = { kind: 'pglite', dataDir: join(dataDir, 'pglite') };
    const form = await buildAMelding(FORM_BYTES);

    // One Tinn process with both roles (the worker role has nothing to do for service 5002 but its housekeeping; on
    // PGlite it could not be another process anyway), otherwise as lib/db-servers.ts starts it for the benchmarks.
    const port = await freePort();
    tinn = {
      baseUrl: `http://127.0.0.1:${port}`,
      child: startChild('tinn', ['bin/tinn.js', 'start', '--testenv', '--roles', 'api,worker', '--port', String(port)], {
        TINN_DATA_DIR: dataDir,
        TINN_LOG_LEVEL: 'warn',
        TINN_AUTHN_RATE_LIMIT_IP_PER_MINUTE: '1000000',
        TINN_AUTHN_RATE_LIMIT_ACCOUNT_PER_HOUR: '1000000',
        TINN_AUTHN_RATE_LIMIT_SYSTEM_PER_MINUTE: '1000000',
        TINN_DB_POOL_MAX: String(POOL_MAX),
        ...(database ? { DATABASE_URL: database.url } : {}),
      }),
    };
    const pid = tinn.child.process.pid!;
    const firstStartMs = round(await waitUntilReady(tinn.child, `${tinn.baseUrl}/health/ready`, 50, 180_000));
    let token = await systemToken(tinn);
    const check = await submitOnce(tinn, token, `soak-${run}-check`, form, 201);
    log(`Tinn (api,worker, pid ${pid}) ready on ${s.db === 'postgres' ? `PostgreSQL ${postgresVersion} (database ${database!.name})` : 'PGlite'} after ${firstStartMs} ms; a first submission was archived as ${check.archiveReference}`);

    const request = (phase: string) => (i: number): PlannedRequest => ({
      method: 'POST',
      path: PATH,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: shipment(`soak-${run}-${phase}-${i}`, form),
    });

    // RSS and CPU of the process every sampleSeconds, from the measurement on.
    const samples: Sample[] = [];
    let phase: Sample['phase'] = 'measure';
    let soakStart = Number.NaN;
    let phaseOk = 0;
    let outstanding = 0;
    // The first sample has no interval to measure CPU over.
    let lastCpu = { ms: Number.NaN, at: performance.now() };
    const takeSample = async () => {
      const [rss, cpu] = await Promise.all([rssBytes(pid), cpuMs(pid)]);
      const at = performance.now();
      const cpuPercent = Number.isNaN(cpu) || Number.isNaN(lastCpu.ms) ? null : round(((cpu - lastCpu.ms) / (at - lastCpu.at)) * 100, 1);
      lastCpu = { ms: cpu, at };
      samples.push({ phase, t: 0, at, rssMb: mb(rss), cpuPercent, ok: phaseOk, outstanding, loadAverage1: round(os.loadavg()[0]!, 2) });
    };
    await takeSample();
    sampler = setInterval(() => void takeSample(), s.sampleSeconds * 1000);

    // 1. The maximum rate: a closed loop of `connections` clients, first WARMUP_SECONDS not counted.
    log(`closed loop, c=${s.connections}: ${WARMUP_SECONDS} s warm-up, then ${s.measureSeconds} s measured`);
    const warm: Outcome[] = [];
    await runClosedLoop(tinn.baseUrl, request('warmup'), { connections: s.connections, durationMs: WARMUP_SECONDS * 1000 }, (o) => warm.push(o));
    const measured: Outcome[] = [];
    const closed = await runClosedLoop(tinn.baseUrl, request('max'), { connections: s.connections, durationMs: s.measureSeconds * 1000 }, (o) => {
      measured.push(o);
      if (o.status === 201) phaseOk++;
    });
    const max201 = measured.filter((o) => o.status === 201);
    const maxRate = max201.length / (closed.elapsedMs / 1000);
    const maxFailures = measured.length - max201.length + warm.filter((o) => o.status !== 201).length;
    const maxLatency = latencySummary(max201.map((o) => o.latencyMs));
    const rate = round((maxRate * s.percent) / 100, 1);
    log(`maximum: ${maxRate.toFixed(1)} submissions/s (p50 ${maxLatency.p50} ms, p99 ${maxLatency.p99} ms, ${maxFailures} not 201); soak at ${s.percent} % = ${rate}/s for ${s.minutes} min`);

    // 2. The soak: open loop at `rate`, a fresh token every 5 minutes.
    const buckets: Bucket[] = [];
    const errorSamples: string[] = [];
    let soakOk = 0;
    phase = 'soak';
    phaseOk = 0;
    soakStart = performance.now();
    await takeSample();
    const refresher = setInterval(() => {
      systemToken(tinn!).then(
        (t) => (token = t),
        (err: Error) => errorSamples.push(`token refresh: ${err.message}`),
      );
    }, TOKEN_REFRESH_MS);
    let lastMinuteLogged = -1;
    let summary: LoadSummary;
    try {
      summary = await runOpenLoop(
        tinn.baseUrl,
        (i) => {
          outstanding++;
          return request('soak')(i);
        },
        { ratePerSecond: rate, durationMs: s.minutes * 60_000, connections: s.openConnections, maxOutstanding: MAX_OUTSTANDING },
        (o) => {
          if (o.error !== 'skipped') outstanding--;
          const b = bucketOf(buckets, Math.floor(o.dueMs / 60_000));
          b.due++;
          if (o.status === 201) {
            b.ok++;
            soakOk++;
            phaseOk++;
            b.latencies.push(o.latencyMs);
          } else {
            const k = o.error ?? String(o.status);
            b.failures[k] = (b.failures[k] ?? 0) + 1;
            if (errorSamples.length < 20) errorSamples.push(`request ${o.index} at ${(o.dueMs / 1000).toFixed(1)} s: ${k}`);
          }
          const minute = Math.floor((performance.now() - soakStart) / 60_000);
          if (minute > lastMinuteLogged && minute >= 1) {
            lastMinuteLogged = minute;
            const prev = buckets[minute - 1];
            const last = samples.at(-1);
            if (prev) log(`minute ${minute}: ${prev.ok} × 201, ${sumFailures(prev.failures)} failed, p99 ${latencySummary(prev.latencies).p99} ms; RSS ${last?.rssMb} MB, CPU ${last?.cpuPercent} %`);
          }
        },
      );
    } finally {
      clearInterval(refresher);
    }
    const soakEnd = performance.now();
    phase = 'after';
    await takeSample();
    clearInterval(sampler);
    sampler = undefined;
    const exitedDuringRun = tinn.child.hasExited();
    for (const x of samples) {
      x.t = round((x.at! - soakStart) / 1000, 1);
      delete x.at;
    }

    // 3. What was stored: every 201 is an archived element (a fresh database: nothing else is there).
    await stopChild(tinn.child);
    const tinnLog = warningLines(tinn.child.output());
    const all201 = 1 + warm.filter((o) => o.status === 201).length + max201.length + soakOk;
    const stored = await countArchived(target);

    // 4. Figures and checks.
    const soakSamples = samples.filter((x) => x.phase === 'soak' || (x.phase === 'after' && x.t <= s.minutes * 60 + s.sampleSeconds));
    const half = (s.minutes * 60) / 2;
    const secondHalf = soakSamples.filter((x) => x.t >= half && !Number.isNaN(x.rssMb));
    const slopePerMinute = round(slope(secondHalf.map((x) => ({ x: x.t / 60, y: x.rssMb }))), 2);
    const rssStart = soakSamples[0]?.rssMb ?? Number.NaN;
    const rssEnd = soakSamples.at(-1)?.rssMb ?? Number.NaN;
    const rssMax = Math.max(...soakSamples.map((x) => x.rssMb));
    const rssAtHalf = secondHalf[0]?.rssMb ?? Number.NaN;
    const allLatencies = buckets.flatMap((b) => b.latencies);
    const soakLatency = latencySummary(allLatencies);
    const failures = buckets.reduce((a, b) => a + sumFailures(b.failures), 0);
    const failuresByKind = buckets.reduce<Record<string, number>>((m, b) => {
      for (const [k, n] of Object.entries(b.failures)) m[k] = (m[k] ?? 0) + n;
      return m;
    }, {});
    const perMinute = buckets.map((b) => {
      const endSample = soakSamples.filter((x) => x.t <= b.minute * 60).at(-1);
      const inMinute = soakSamples.filter((x) => x.t > (b.minute - 1) * 60 && x.t <= b.minute * 60 && x.cpuPercent !== null);
      return {
        minute: b.minute,
        due: b.due,
        ok: b.ok,
        failed: sumFailures(b.failures),
        ...latencySummary(b.latencies),
        rssMbAtEnd: endSample?.rssMb ?? null,
        cpuPercent: inMinute.length > 0 ? round(inMinute.reduce((a, x) => a + x.cpuPercent!, 0) / inMinute.length, 0) : null,
        loadAverage1: endSample?.loadAverage1 ?? null,
      };
    });
    const achievedRate = round(summary.requests / ((soakEnd - soakStart) / 1000), 1);

    const checks: { name: string; ok: boolean; measured: string }[] = [
      { name: 'Tinn ran through the whole soak (no crash, no restart)', ok: !exitedDuringRun, measured: exitedDuringRun ? 'exited' : `pid ${pid} throughout` },
      { name: 'closed-loop measurement: every answer 201', ok: maxFailures === 0, measured: `${maxFailures} not 201 of ${measured.length + warm.length}` },
      {
        name: `soak: every request answered 201 (errors = 0; none skipped, none timed out)`,
        ok: failures === 0 && summary.skipped === 0,
        measured: `${failures} of ${summary.requests}${failures > 0 ? ` (${Object.entries(failuresByKind).map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`,
      },
      {
        name: `stable memory: RSS slope over the second half (linear fit, ${secondHalf.length} samples) ≤ ${s.maxSlopeMbPerMinute} MB/min`,
        ok: Number.isFinite(slopePerMinute) && slopePerMinute <= s.maxSlopeMbPerMinute,
        measured: `${slopePerMinute} MB/min (RSS ${rssAtHalf} MB at half time, ${rssEnd} MB at the end)`,
      },
      { name: 'every 201 archived: archived elements = 201 answers', ok: stored.archived === all201 && stored.queued === all201, measured: `${stored.archived} archived, ${stored.queued} in the download queue, ${all201} answered 201` },
    ];
    const ok = checks.every((c) => c.ok);

    const dbLabel = s.db === 'postgres' ? `PostgreSQL ${postgresVersion ?? ''}`.trim() : 'PGlite (embedded)';
    const everyHalfMinute = soakSamples.filter((x, i) => i === 0 || Math.floor(x.t / 30) !== Math.floor(soakSamples[i - 1]!.t / 30));
    const notes = [
      `One Tinn process, \`--roles api,worker\`, on ${dbLabel}; its resident memory (VmRSS from /proc) and CPU time sampled every ${s.sampleSeconds} s. ${s.db === 'pglite' ? 'The embedded database runs inside that process, so its memory is part of the RSS.' : 'The PostgreSQL server is not counted.'}`,
      `Maximum: a closed loop of ${s.connections} clients for ${s.measureSeconds} s after ${WARMUP_SECONDS} s of warm-up gave ${round(maxRate, 1)} submissions/s (p50 ${maxLatency.p50} ms, p99 ${maxLatency.p99} ms). The soak sent ${s.percent} % of that, ${rate}/s, at fixed arrival times (open loop, ${s.openConnections} keep-alive sockets): latency counts from when a request was due, so waiting in the client counts too. The generator's own lag was at most ${round(summary.maxSendLagMs, 0)} ms.`,
      `RSS at the start of the soak (after the measurement, which warmed the process up) ${rssStart} MB, highest ${rssMax} MB, at the end ${rssEnd} MB; slope over the second half ${slopePerMinute} MB/min. "Stable" means at most ${s.maxSlopeMbPerMinute} MB/min over the second half: a leak at that rate would still be ${round((s.maxSlopeMbPerMinute * 60 * 24) / 1024, 1)} GB a day, so the check catches a fast leak within minutes, not a slow one.`,
      `RSS every 30 s (MB): ${everyHalfMinute.map((x) => x.rssMb).join(', ')}.`,
    ];
    if (tinnLog.errors > 0) notes.push(`Tinn logged ${tinnLog.errors} line(s) at error level (raw.tinnLog).`);
    if (git.dirty) notes.push('The working tree had uncommitted changes (other work in progress).');
    const scenario = `reliability-soak-${s.db}`;
    const result: BenchResult & Record<string, unknown> = {
      scenario,
      title: `soak: ${s.minutes} minutes of submissions at ${s.percent} % of the maximum rate (${dbLabel})`,
      summary: `Form submissions (service 5002, ${form.bytes}-byte a-melding, one data system) at a fixed arrival rate of ${s.percent} % of the maximum measured just before, for ${s.minutes} minutes, with the Tinn process's RSS sampled every ${s.sampleSeconds} s. Checked: no request failed, every 201 archived, memory stable (RSS slope over the second half). Latency per minute is reported. Not a timing benchmark: bench/reliability/README.md.`,
      command: `node bin/run-ts.js bench/reliability/soak.ts --db ${s.db} --minutes ${s.minutes}`,
      date: started.toISOString(),
      machine: machineInfo(),
      git,
      wallSeconds: round((performance.now() - t0) / 1000, 1),
      loadAverageBefore,
      settings: { ...s, run, formBytes: form.bytes, warmupSeconds: WARMUP_SECONDS, roles: 'api,worker (one process)', postgres: s.db === 'postgres' ? { version: postgresVersion, database: database?.name } : null },
      raw: {
        firstStartMs,
        maxRate: { submissionsPerSecond: round(maxRate, 1), requests: measured.length, ok: max201.length, elapsedMs: round(closed.elapsedMs), latencyMs: maxLatency, failures: maxFailures },
        soak: {
          ratePerSecond: rate,
          achievedRatePerSecond: achievedRate,
          requests: summary.requests,
          ok: soakOk,
          failures,
          failuresByKind,
          skipped: summary.skipped,
          maxSendLagMs: round(summary.maxSendLagMs, 1),
          latencyMs: soakLatency,
          errorSamples,
        },
        memory: { rssStartMb: rssStart, rssMaxMb: rssMax, rssEndMb: rssEnd, rssAtHalfMb: rssAtHalf, slopeSecondHalfMbPerMinute: slopePerMinute, samplesInSecondHalf: secondHalf.length },
        perMinute,
        rssSeries: samples,
        stored: { ...stored, answered201: all201 },
        tinnLog: { warnings: tinnLog.warnings, errors: tinnLog.errors, lines: tinnLog.lines.slice(0, 10) },
      },
      ratios: {},
      goals: checks.map((c): GoalCheck => ({ name: c.name, goal: 'pass', measured: c.measured, pass: c.ok })),
      table: {
        columns: ['minute', 'due', '201', 'failed', 'p50 (ms)', 'p90 (ms)', 'p99 (ms)', 'max (ms)', 'RSS at its end (MB)', 'Tinn CPU (% of a core)', 'load average'],
        rows: perMinute.map((m) => [String(m.minute), String(m.due), String(m.ok), String(m.failed), String(m.p50 ?? '–'), String(m.p90 ?? '–'), String(m.p99 ?? '–'), String(m.max ?? '–'), String(m.rssMbAtEnd ?? '–'), String(m.cpuPercent ?? '–'), String(m.loadAverage1 ?? '–')]),
      },
      notes,
      checks,
      ok,
    };
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(join(RESULTS_DIR, `${scenario}-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);

    console.log('');
    console.log(`soak on ${dbLabel}: ${ok ? 'ALL CHECKS PASSED' : 'CHECKS FAILED'}`);
    console.log(`  maximum ${round(maxRate, 1)}/s; soak ${rate}/s (achieved ${achievedRate}/s) for ${s.minutes} min: ${soakOk} × 201, ${failures} failed; p50 ${soakLatency.p50} ms, p99 ${soakLatency.p99} ms, max ${soakLatency.max} ms`);
    console.log(`  RSS start ${rssStart} MB, max ${rssMax} MB, end ${rssEnd} MB; second-half slope ${slopePerMinute} MB/min`);
    for (const m of perMinute) console.log(`  minute ${m.minute}: ${m.ok}/${m.due} × 201, p50 ${m.p50} ms, p99 ${m.p99} ms, max ${m.max} ms, RSS ${m.rssMbAtEnd} MB, CPU ${m.cpuPercent} %, load ${m.loadAverage1}`);
    for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.measured}`);
    console.log(`  result: ${join('bench', 'results', `${scenario}-${stamp}.json`)}`);
    return ok ? 0 : 1;
  } finally {
    if (sampler) clearInterval(sampler);
    if (tinn) await stopChild(tinn.child).catch(() => {});
    if (database) await dropDatabase(database).catch((err: Error) => console.error(`could not drop ${database?.name}: ${err.message}`));
    await removeDataDir(dataDir).catch(() => {});
  }
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  return 1;
});
