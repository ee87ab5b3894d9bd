import { sql, type Kysely } from 'kysely';
import type { TSchema } from 'typebox';
import type { Clock } from '../clock.ts';
import { jsonb } from '../db/json.ts';
import type { JobDatabase, JobTable } from './tables.ts';

/**
 * A kind of job: its name, the schema of its payload (checked before every run: a payload that does not
 * match goes straight to dead, since retrying cannot fix it) and how to run it.
 */
export interface JobDefinition<P = any> {
  kind: string;
  payload?: TSchema;
  /**
   * Run this kind by itself every `everyMs` (housekeeping). Each period is enqueued once across all
   * workers: the idempotency key names the period.
   */
  every?: { ms: number; payload: P };
  run(payload: P, context: JobContext): Promise<void>;
}

export interface JobContext {
  jobId: number;
  /** 1 on the first run. */
  attempt: number;
  /** The last attempt the job gets: on it, a failure is final. */
  maxAttempts: number;
}

export interface EnqueueOptions<P> {
  kind: string;
  payload: P;
  runAt?: Date;
  maxAttempts?: number;
  /** A second enqueue with the same key is ignored (and returns the first job's id). */
  idempotencyKey?: string;
}

export interface JobSettings {
  maxAttempts: number;
  backoffMs: number;
  leaseMs: number;
  batchSize: number;
  /** How often a worker extends the lease of the jobs it is running (default: a third of `leaseMs`). */
  renewEveryMs?: number;
}

const MAX_BACKOFF_MS = 3_600_000;

/**
 * Writes a job row. Pass the caller's transaction so the job exists exactly when the change that
 * caused it commits (the outbox pattern).
 */
export async function enqueueJob<P>(
  db: Kysely<any>,
  clock: Clock,
  settings: Pick<JobSettings, 'maxAttempts'>,
  options: EnqueueOptions<P>,
): Promise<number> {
  const jobs = db as Kysely<JobDatabase>;
  const now = clock.now();
  const inserted = await jobs
    .insertInto('platform.job')
    .values({
      kind: options.kind,
      payload: jsonb(options.payload),
      status: 'pending',
      max_attempts: options.maxAttempts ?? settings.maxAttempts,
      run_at: options.runAt ?? now,
      idempotency_key: options.idempotencyKey ?? null,
      created_at: now,
      locked_until: null,
      locked_by: null,
      last_error: null,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const existing = await jobs
    .selectFrom('platform.job')
    .select('id')
    .where('idempotency_key', '=', options.idempotencyKey!)
    .executeTakeFirstOrThrow();
  return existing.id;
}

/**
 * Writes many jobs in one statement (no idempotency keys: use enqueueJob for those). Pass the caller's
 * transaction, as for enqueueJob.
 */
export async function enqueueJobs<P>(
  db: Kysely<any>,
  clock: Clock,
  settings: Pick<JobSettings, 'maxAttempts'>,
  jobs: readonly Omit<EnqueueOptions<P>, 'idempotencyKey'>[],
): Promise<void> {
  if (jobs.length === 0) return;
  const now = clock.now();
  await (db as Kysely<JobDatabase>)
    .insertInto('platform.job')
    .values(
      jobs.map((options) => ({
        kind: options.kind,
        payload: jsonb(options.payload),
        status: 'pending' as const,
        max_attempts: options.maxAttempts ?? settings.maxAttempts,
        run_at: options.runAt ?? now,
        idempotency_key: null,
        created_at: now,
        locked_until: null,
        locked_by: null,
        last_error: null,
        finished_at: null,
      })),
    )
    .execute();
}

export type ClaimedJob = Pick<JobTable, 'kind' | 'payload' | 'max_attempts'> & { id: number; attempts: number };

/**
 * Claims up to `limit` due jobs for `workerId`: pending jobs whose time has come, and running jobs whose
 * lease ran out (their worker died). `FOR UPDATE SKIP LOCKED` lets many workers claim at once without
 * ever taking the same row twice.
 */
export async function claimJobs(
  db: Kysely<any>,
  clock: Clock,
  settings: Pick<JobSettings, 'leaseMs'>,
  workerId: string,
  limit: number,
): Promise<ClaimedJob[]> {
  const now = clock.now();
  const leaseEnd = new Date(now.getTime() + settings.leaseMs);
  const result = await sql<ClaimedJob>`
    update platform.job set status = 'running', attempts = attempts + 1, locked_until = ${leaseEnd}, locked_by = ${workerId}
    where id in (
      select id from platform.job
      where status in ('pending', 'running')
        and ((status = 'pending' and run_at <= ${now}) or (status = 'running' and locked_until < ${now}))
      order by run_at, id
      limit ${limit}
      for update skip locked)
    returning id, kind, payload, attempts, max_attempts`.execute(db);
  return result.rows;
}

/**
 * Extends the lease of jobs `workerId` is still running, so a job that runs longer than one lease is not
 * taken over by another worker while its own is alive. Returns the ids whose lease was extended; a job
 * missing from it was taken over (its worker stalled for longer than a lease) or has ended.
 */
export async function renewLeases(db: Kysely<any>, clock: Clock, settings: Pick<JobSettings, 'leaseMs'>, workerId: string, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const leaseEnd = new Date(clock.now().getTime() + settings.leaseMs);
  const rows = await (db as Kysely<JobDatabase>)
    .updateTable('platform.job')
    .set({ locked_until: leaseEnd })
    .where('id', 'in', [...ids])
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Marks a claimed job done; ignored if another worker has since taken it over. */
export async function completeJob(db: Kysely<any>, clock: Clock, job: ClaimedJob, workerId: string): Promise<void> {
  await (db as Kysely<JobDatabase>)
    .updateTable('platform.job')
    .set({ status: 'done', finished_at: clock.now(), locked_until: null, last_error: null })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .execute();
}

/** Records a failure: back to pending with exponential backoff, or dead after the last attempt (or at once when `permanent`). */
export async function failJob(
  db: Kysely<any>,
  clock: Clock,
  settings: Pick<JobSettings, 'backoffMs'>,
  job: ClaimedJob,
  workerId: string,
  error: string,
  permanent = false,
): Promise<'retry' | 'dead'> {
  const now = clock.now();
  const dead = permanent || job.attempts >= job.max_attempts;
  const delay = Math.min(settings.backoffMs * 2 ** (job.attempts - 1), MAX_BACKOFF_MS);
  await (db as Kysely<JobDatabase>)
    .updateTable('platform.job')
    .set(
      dead
        ? { status: 'dead', finished_at: now, locked_until: null, last_error: error.slice(0, 2000) }
        : { status: 'pending', run_at: new Date(now.getTime() + delay), locked_until: null, last_error: error.slice(0, 2000) },
    )
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .execute();
  return dead ? 'dead' : 'retry';
}
