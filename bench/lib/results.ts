// Result files: one JSON per scenario run, named <scenario>-<ISO 8601 basic timestamp>.json
// (basic format, e.g. 20261123T184709Z, because ':' is not allowed in file names everywhere).
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './children.ts';
import type { BenchResult } from './scenario.ts';

export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
const FILE_NAME = /^(.+)-(\d{8}T\d{6}Z)\.json$/;

export function timestampForFile(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** Writes the result and returns its path relative to the repository root. */
export async function writeResult(result: BenchResult): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const name = `${result.scenario}-${timestampForFile(new Date(result.date))}.json`;
  await writeFile(join(RESULTS_DIR, name), `${JSON.stringify(result, null, 2)}\n`);
  return join('bench', 'results', name);
}

/** The newest result of each scenario, by the timestamp in the file name. */
export async function newestResults(): Promise<Map<string, BenchResult>> {
  const newest = new Map<string, { stamp: string; file: string }>();
  for (const file of await readdir(RESULTS_DIR).catch(() => [])) {
    const m = FILE_NAME.exec(file);
    if (!m) continue;
    const [, scenario, stamp] = m as unknown as [string, string, string];
    const seen = newest.get(scenario);
    if (!seen || stamp > seen.stamp) newest.set(scenario, { stamp, file });
  }
  const results = new Map<string, BenchResult>();
  for (const [scenario, { file }] of newest) {
    results.set(scenario, JSON.parse(await readFile(join(RESULTS_DIR, file), 'utf8')) as BenchResult);
  }
  return results;
}
