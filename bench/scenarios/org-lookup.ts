// org-lookup: GET /api/v1/organizations/{orgno} on a running Tinn against a bare Fastify JSON route.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { getText, REPO_ROOT, stopChild, waitUntilReady } from '../lib/children.ts';
import { runLoad, type LoadNumbers, type LoadSettings } from '../lib/load.ts';
import type { GoalCheck, Scenario, ScenarioOutcome } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir, startReference, startTinn, type Server } from '../lib/servers.ts';
import { formatInt, median, round } from '../lib/stats.ts';

const CONNECTIONS = [10, 50];
const ROUNDS = 2;
const DURATION_SECONDS = 8;
const WARMUP_SECONDS = 2;
const GOAL_RATIO = 0.5;
const WORLD_FILE = join(REPO_ROOT, 'testdata', 'world.yaml');

interface Measurement {
  connections: number;
  round: number;
  server: 'reference' | 'tinn';
  numbers: LoadNumbers;
}

/** Every organisation number of the demo world, in file order. */
async function demoOrgnos(): Promise<string[]> {
  const world = parse(await readFile(WORLD_FILE, 'utf8')) as { organizations?: { orgno?: unknown }[] };
  const orgnos = (world.organizations ?? []).map((o) => o.orgno).filter((o): o is string => typeof o === 'string');
  if (orgnos.length === 0) throw new Error(`no organisations in ${WORLD_FILE}`);
  return orgnos;
}

/** Fetches every path once; all must answer 200. Returns the mean body size in bytes. */
async function meanBodyBytes(server: Server, paths: string[]): Promise<number> {
  let total = 0;
  for (const path of paths) {
    const { status, body } = await getText(server.baseUrl + path);
    if (status !== 200) throw new Error(`${server.child.name}: GET ${path} answered ${status}: ${body.slice(0, 300)}`);
    total += Buffer.byteLength(body);
  }
  return total / paths.length;
}

function summarize(measurements: Measurement[], connections: number, server: Measurement['server']) {
  const runs = measurements.filter((m) => m.connections === connections && m.server === server).map((m) => m.numbers);
  return {
    requestsPerSecond: median(runs.map((n) => n.requestsPerSecond)),
    latencyP50Ms: median(runs.map((n) => n.latencyP50Ms)),
    latencyP99Ms: median(runs.map((n) => n.latencyP99Ms)),
    perRound: runs.map((n) => round(n.requestsPerSecond)),
  };
}

async function run(): Promise<ScenarioOutcome> {
  const orgnos = await demoOrgnos();
  const paths = orgnos.map((o) => `/api/v1/organizations/${o}`);
  const dataDir = await makeDataDir();
  const servers: Server[] = [];
  try {
    const tinn = await startTinn(dataDir);
    servers.push(tinn);
    const reference = await startReference();
    servers.push(reference);
    // Fresh data dir: this first start includes migrations and loading the demo world.
    const [tinnFirstStartMs] = await Promise.all([
      waitUntilReady(tinn.child, `${tinn.baseUrl}/health/ready`, 50, 120_000),
      waitUntilReady(reference.child, `${reference.baseUrl}/health/ready`, 50),
    ]);
    const tinnBodyBytes = await meanBodyBytes(tinn, paths);
    const referenceBodyBytes = await meanBodyBytes(reference, paths);

    const measurements: Measurement[] = [];
    for (const connections of CONNECTIONS) {
      const settings: LoadSettings = { connections, durationSeconds: DURATION_SECONDS, warmupSeconds: WARMUP_SECONDS };
      for (let r = 1; r <= ROUNDS; r++) {
        for (const [name, server] of [['reference', reference], ['tinn', tinn]] as const) {
          const numbers = await runLoad(server.baseUrl, paths, settings);
          measurements.push({ connections, round: r, server: name, numbers });
          console.log(`  c=${connections} round ${r} ${name.padEnd(9)} ${formatInt(numbers.requestsPerSecond)} req/s, p50 ${numbers.latencyP50Ms} ms, p99 ${numbers.latencyP99Ms} ms`);
        }
      }
    }

    const columns = ['connections', 'measure', 'Tinn', 'reference (bare Fastify)', 'Tinn ÷ reference'];
    const rows: string[][] = [];
    const goals: GoalCheck[] = [];
    const ratios: Record<string, number> = {};
    const medians: Record<string, unknown> = {};
    for (const c of CONNECTIONS) {
      const t = summarize(measurements, c, 'tinn');
      const ref = summarize(measurements, c, 'reference');
      const ratio = t.requestsPerSecond / ref.requestsPerSecond;
      ratios[`requestsPerSecondC${c}`] = round(ratio, 3);
      medians[`c${c}`] = { tinn: t, reference: ref };
      rows.push(
        [`${c}`, `req/s, median of ${ROUNDS}`, formatInt(t.requestsPerSecond), formatInt(ref.requestsPerSecond), ratio.toFixed(2)],
        [`${c}`, 'req/s per round', t.perRound.map(formatInt).join(', '), ref.perRound.map(formatInt).join(', '), ''],
        [`${c}`, 'latency p50 (ms)', `${t.latencyP50Ms}`, `${ref.latencyP50Ms}`, ''],
        [`${c}`, 'latency p99 (ms)', `${t.latencyP99Ms}`, `${ref.latencyP99Ms}`, ''],
      );
      goals.push({ name: `throughput ratio at c=${c}`, goal: `≥ ${GOAL_RATIO}`, measured: ratio.toFixed(2), pass: ratio >= GOAL_RATIO });
    }

    const notes = [
      `Requests cycle through the ${orgnos.length} organisations of testdata/world.yaml (autocannon \`requests\` array, same order on every connection).`,
      `Mean response body: Tinn ${Math.round(tinnBodyBytes)} bytes, reference ${Math.round(referenceBodyBytes)} bytes.`,
      `Tinn's first start on the fresh data dir (migrations and demo world included) took ${(tinnFirstStartMs / 1000).toFixed(1)} s, not part of this scenario's numbers.`,
      'autocannon records latency in whole milliseconds (0 means under 1 ms); with 2 rounds the median is the mean of both.',
    ];
    const failed = measurements.filter((m) => m.numbers.non2xx + m.numbers.errors + m.numbers.timeouts > 0);
    for (const m of failed) {
      notes.push(`Warning: ${m.server} at c=${m.connections} round ${m.round} had ${m.numbers.non2xx} non-2xx, ${m.numbers.errors} errors, ${m.numbers.timeouts} timeouts.`);
    }

    return {
      settings: {
        tool: 'autocannon 8 (in the benchmark process)',
        connections: CONNECTIONS,
        durationSeconds: DURATION_SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        rounds: ROUNDS,
        order: 'reference, tinn alternately in every round',
        database: 'PGlite (embedded), fresh data dir',
        tinnCommand: 'node bin/tinn.js start --testenv --roles api (TINN_LOG_LEVEL=warn)',
      },
      raw: { orgnos, tinnFirstStartMs: round(tinnFirstStartMs), tinnBodyBytes, referenceBodyBytes, medians, measurements },
      ratios,
      goals,
      table: { columns, rows },
      notes,
    };
  } finally {
    await Promise.all(servers.map((s) => stopChild(s.child)));
    await removeDataDir(dataDir);
  }
}

export const orgLookup: Scenario = {
  name: 'org-lookup',
  title: 'organisation lookup throughput',
  summary:
    'Requests per second and latency of `GET /api/v1/organizations/{orgno}` on a running Tinn (embedded database), ' +
    'against a bare Fastify 5 route in its own process that returns an organisation-shaped JSON object of similar size without a database.',
  run,
};
