import type { GitInfo, MachineInfo } from './machine.ts';

/** One goal of a scenario, judged when the scenario ran. A miss is reported, never an error. */
export interface GoalCheck {
  /** What is judged, e.g. "throughput ratio at c=10". */
  name: string;
  /** The goal in words, e.g. "≥ 0.5". */
  goal: string;
  /** The measured value as shown, e.g. "0.62". */
  measured: string;
  /** null when no goal is set: the number is only reported ("no goal" in the docs). */
  pass: boolean | null;
}

/** What a scenario's run returns; run.ts adds identity, date, machine and git. */
export interface ScenarioOutcome {
  settings: Record<string, unknown>;
  raw: Record<string, unknown>;
  ratios: Record<string, number>;
  goals: GoalCheck[];
  /** The numbers table for docs/benchmarks.md, already formatted, so old result files render as they were. */
  table: { columns: string[]; rows: string[][] };
  notes: string[];
}

export interface Scenario {
  name: string;
  title: string;
  /** What it measures and against what, in a sentence or two (copied into the result and the docs). */
  summary: string;
  run(): Promise<ScenarioOutcome>;
}

/** The JSON written to bench/results/<scenario>-<timestamp>.json. */
export interface BenchResult extends ScenarioOutcome {
  scenario: string;
  title: string;
  summary: string;
  date: string;
  machine: MachineInfo;
  git: GitInfo;
  /** Wall time of the whole scenario, including starting and stopping processes. */
  wallSeconds: number;
  /**
   * os.loadavg() (1, 5, 15 minutes) just before the scenario started: well above 0 means something else
   * was using the CPU, and the absolute numbers (less so the ratios) suffered. Absent in older files.
   */
  loadAverageBefore?: number[];
}

/** What a scenario records of each database it ran Tinn on. */
export interface DatabaseRunRecord {
  kind: string;
  database: string;
  tinnFirstStartMs: number;
  checks: unknown;
  stored: unknown;
  tinnLog: unknown;
}

/**
 * The part of a result's `raw` every database-comparing scenario has: the PostgreSQL server's version (or why
 * it was not reached) and, per database, where it ran, Tinn's first start, the checks, what was stored and
 * Tinn's log.
 */
export function databaseRunsRaw(pgServer: { ok: true; version: string } | { ok: false; reason: string }, runs: readonly DatabaseRunRecord[]) {
  return {
    postgres: pgServer.ok ? { version: pgServer.version } : { unreachable: pgServer.reason },
    kinds: runs.map((r) => ({ kind: r.kind, database: r.database, tinnFirstStartMs: r.tinnFirstStartMs, checks: r.checks, stored: r.stored, tinnLog: r.tinnLog })),
  };
}
