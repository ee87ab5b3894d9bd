// The benchmark programme: npm run bench -- [SCENARIO…] | --list | --docs
// Runs the named scenarios (all when none is named), writes one result file per scenario to
// bench/results/ and regenerates docs/benchmarks.md. Exits 0 whatever the timings; 1 only when a
// scenario crashed, 2 on a usage error.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { stopAllChildren } from './lib/children.ts';
import { writeBenchmarksDoc } from './lib/docs.ts';
import { gitInfo, machineInfo } from './lib/machine.ts';
import { newestResults, writeResult } from './lib/results.ts';
import type { BenchResult, Scenario } from './lib/scenario.ts';
import { scenarios } from './scenarios/index.ts';

const USAGE = `Usage: npm run bench -- [SCENARIO...]   run scenarios (all when none is named)
       npm run bench -- --list          list scenarios
       npm run bench -- --docs          only regenerate docs/benchmarks.md from bench/results/`;

async function runScenario(scenario: Scenario): Promise<boolean> {
  console.log(`\n${scenario.name}: ${scenario.title}`);
  const loadAverageBefore = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const date = new Date();
  const started = performance.now();
  try {
    const outcome = await scenario.run();
    const result: BenchResult = {
      scenario: scenario.name,
      title: scenario.title,
      summary: scenario.summary,
      date: date.toISOString(),
      machine: machineInfo(),
      git: gitInfo(),
      wallSeconds: Math.round((performance.now() - started) / 100) / 10,
      loadAverageBefore,
      ...outcome,
    };
    const file = await writeResult(result);
    for (const g of result.goals) console.log(`  ${g.pass === null ? 'info' : g.pass ? 'pass' : 'MISS'}  ${g.name}: ${g.measured} (goal ${g.goal})`);
    console.log(`  wrote ${file} (${result.wallSeconds} s)`);
    return true;
  } catch (err) {
    console.error(`  ${scenario.name} crashed:`, err);
    await stopAllChildren();
    return false;
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (argv.includes('--list')) {
    for (const s of scenarios) console.log(`${s.name.padEnd(12)} ${s.title}`);
    return 0;
  }
  const order = scenarios.map((s) => s.name);
  if (argv.includes('--docs')) {
    await writeBenchmarksDoc(await newestResults(), order);
    console.log('wrote docs/benchmarks.md');
    return 0;
  }
  const unknown = argv.filter((a) => !order.includes(a));
  if (unknown.length > 0) {
    console.error(`Unknown scenario or option: ${unknown.join(', ')}\n${USAGE}\nScenarios: ${order.join(', ')}`);
    return 2;
  }
  const selected = argv.length === 0 ? scenarios : scenarios.filter((s) => argv.includes(s.name));
  let crashed = 0;
  for (const scenario of selected) {
    if (!(await runScenario(scenario))) crashed++;
  }
  await writeBenchmarksDoc(await newestResults(), order);
  console.log('\nwrote docs/benchmarks.md');
  return crashed > 0 ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} finally {
  await stopAllChildren();
}
