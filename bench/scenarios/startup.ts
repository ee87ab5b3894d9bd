// startup: time from spawning Tinn on an existing data dir until /health/ready first answers 200,
// against the same time for a bare Fastify server started through the same tsx launcher.
import { performance } from 'node:perf_hooks';
import { stopChild, waitUntilReady } from '../lib/children.ts';
import type { Scenario, ScenarioOutcome } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir, startReference, startTinn, type Server } from '../lib/servers.ts';
import { formatInt, max, median, min, round } from '../lib/stats.ts';

const REPEATS = 5;
const POLL_MS = 25;
const GOAL_MEDIAN_MS = 3000;

interface Start {
  /** Spawn → first 200 from /health/ready. */
  readyMs: number;
  /** SIGTERM → process exit. */
  stopMs: number;
  exit: number | string;
}

async function timeStart(start: () => Promise<Server>, timeoutMs = 60_000): Promise<Start> {
  const server = await start();
  let readyMs: number;
  try {
    readyMs = await waitUntilReady(server.child, `${server.baseUrl}/health/ready`, POLL_MS, timeoutMs);
  } catch (err) {
    await stopChild(server.child);
    throw err;
  }
  const stopping = performance.now();
  await stopChild(server.child);
  return { readyMs: round(readyMs), stopMs: round(performance.now() - stopping), exit: await server.child.exited };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function run(): Promise<ScenarioOutcome> {
  const dataDir = await makeDataDir();
  try {
    // The first start migrates and loads the demo world; the measured starts then find both done.
    const preparation = await timeStart(() => startTinn(dataDir), 120_000);
    console.log(`  preparation (first start on an empty data dir) ${seconds(preparation.readyMs)}`);

    const tinn: Start[] = [];
    const reference: Start[] = [];
    for (let i = 1; i <= REPEATS; i++) {
      reference.push(await timeStart(startReference));
      tinn.push(await timeStart(() => startTinn(dataDir)));
      console.log(`  run ${i}: reference ${seconds(reference.at(-1)!.readyMs)}, tinn ${seconds(tinn.at(-1)!.readyMs)}`);
    }

    const t = tinn.map((s) => s.readyMs);
    const r = reference.map((s) => s.readyMs);
    const stats = (xs: number[]) => ({ min: min(xs), median: median(xs), max: max(xs) });
    const ts = stats(t);
    const rs = stats(r);
    const ratio = ts.median / rs.median;

    const row = (label: string, a: number, b: number): string[] => [label, seconds(a), seconds(b), (a / b).toFixed(2), `${a >= b ? '+' : '−'}${seconds(Math.abs(a - b))}`];
    const rows = [
      row('min', ts.min, rs.min),
      row('median', ts.median, rs.median),
      row('max', ts.max, rs.max),
      ['all runs (ms)', t.map(formatInt).join(', '), r.map(formatInt).join(', '), '', ''],
    ];

    const notes = [
      `Polled every ${POLL_MS} ms, so each time is late by up to ${POLL_MS} ms (equally for both).`,
      `The preparatory first start on an empty data dir (migrations and demo world) took ${seconds(preparation.readyMs)}; it is not counted.`,
      `Stopping with SIGTERM took a median ${formatInt(median(tinn.map((s) => s.stopMs)))} ms for Tinn and ${formatInt(median(reference.map((s) => s.stopMs)))} ms for the reference.`,
    ];
    const badExits = [preparation, ...tinn].filter((s) => s.exit !== 0);
    if (badExits.length > 0) {
      notes.push(`Warning: ${badExits.length} of ${REPEATS + 1} Tinn processes did not shut down cleanly on SIGTERM (exit: ${badExits.map((s) => s.exit).join(', ')}).`);
    }

    return {
      settings: {
        repeats: REPEATS,
        pollIntervalMs: POLL_MS,
        order: 'reference, tinn alternately',
        database: 'PGlite (embedded), data dir prepared by one earlier start',
        tinnCommand: 'node bin/tinn.js start --testenv --roles api (TINN_LOG_LEVEL=warn)',
        referenceCommand: 'node bin/run-ts.js bench/lib/reference-server.ts',
      },
      raw: { preparation, tinn, reference, tinnStats: ts, referenceStats: rs },
      ratios: { medianReadyMs: round(ratio, 3) },
      goals: [{ name: 'median time to ready (Tinn)', goal: `< ${seconds(GOAL_MEDIAN_MS)}`, measured: seconds(ts.median), pass: ts.median < GOAL_MEDIAN_MS }],
      table: { columns: ['spawn → first 200', 'Tinn', 'reference (bare Fastify)', 'Tinn ÷ reference', 'difference'], rows },
      notes,
    };
  } finally {
    await removeDataDir(dataDir);
  }
}

export const startup: Scenario = {
  name: 'startup',
  title: 'time to ready on an existing data dir',
  summary:
    `Time from spawning \`tinn start --testenv --roles api\` on an existing data dir (already migrated, demo world loaded) until ` +
    `\`/health/ready\` first answers 200, ${REPEATS} times, against a bare Fastify server started through the same tsx launcher.`,
  run,
};
