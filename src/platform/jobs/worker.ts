import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { Compile } from 'typebox/compile';
import { AppError, PlatformProblems, validationItems } from '../errors/index.ts';
import { claimJobs, completeJob, enqueueJob, failJob, renewLeases, type ClaimedJob, type JobDefinition, type JobSettings } from './jobs.ts';

export interface WorkerOptions {
  db: Kysely<any>;
  clock: Clock;
  log: Logger;
  settings: JobSettings & { pollIntervalMs: number };
  definitions: readonly JobDefinition[];
  workerId: string;
}

/** The worker role: claims due jobs in batches, runs them, records the outcome. */
export class JobWorker {
  readonly #o: WorkerOptions;
  readonly #byKind: Map<string, JobDefinition>;
  readonly #payloadChecks = new Map<string, ReturnType<typeof Compile>>();
  /** The period each recurring kind was last enqueued for by this worker: once per period is enough. */
  readonly #scheduled = new Map<string, number>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: WorkerOptions) {
    this.#o = options;
    this.#byKind = new Map(options.definitions.map((d) => [d.kind, d]));
    for (const d of options.definitions) if (d.payload) this.#payloadChecks.set(d.kind, Compile(d.payload));
  }

  /**
   * Enqueues the current period's run of every recurring kind (once per period across all workers: the
   * idempotency key names the period). A worker asks the database once per kind and period, not on every turn.
   */
  async scheduleRecurring(): Promise<void> {
    const { db, clock, settings } = this.#o;
    const now = clock.now().getTime();
    for (const d of this.#o.definitions) {
      if (!d.every) continue;
      const period = Math.floor(now / d.every.ms);
      if (this.#scheduled.get(d.kind) === period) continue;
      await enqueueJob(db, clock, settings, { kind: d.kind, payload: d.every.payload, idempotencyKey: `recurring:${d.kind}:${period}`, maxAttempts: 3 });
      this.#scheduled.set(d.kind, period);
    }
  }

  /**
   * Claims and runs one batch (after scheduling recurring work that is due); returns how many jobs it ran.
   * The jobs of a batch run side by side: most of a job's time is waiting on a mail server, a gateway or
   * the database, and one after another a worker would keep a single message in flight.
   */
  async runOnce(): Promise<number> {
    const { db, clock, settings, workerId } = this.#o;
    await this.scheduleRecurring();
    const claimed = await claimJobs(db, clock, settings, workerId, settings.batchSize);
    if (claimed.length === 0) return 0;
    const running = new Set(claimed.map((job) => job.id));
    const renewal = setInterval(() => void this.#renew(running), settings.renewEveryMs ?? Math.max(1000, settings.leaseMs / 3));
    try {
      await Promise.all(
        claimed.map(async (job) => {
          await this.#run(job);
          running.delete(job.id);
        }),
      );
    } finally {
      clearInterval(renewal);
    }
    return claimed.length;
  }

  /** Keeps the leases of running jobs; a job taken over meanwhile is logged (its outcome will be ignored). */
  async #renew(running: Set<number>): Promise<void> {
    const { db, clock, settings, workerId, log } = this.#o;
    const ids = [...running];
    try {
      const renewed = new Set(await renewLeases(db, clock, settings, workerId, ids));
      for (const id of ids) if (!renewed.has(id) && running.has(id)) log.warn({ jobId: id }, 'job lease lost: another worker may run it too');
    } catch (err) {
      log.warn({ err }, 'job lease renewal failed; retried at the next renewal');
    }
  }

  /** Runs until every due job is done (tests and the CLI use it). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.runOnce(); n > 0; n = await this.runOnce()) total += n;
    return total;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        let ran = 0;
        try {
          ran = await this.runOnce();
        } catch (err) {
          this.#o.log.error({ err }, 'job claim failed');
        }
        if (ran === 0 && this.#running) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, this.#o.settings.pollIntervalMs);
            this.#wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  async #run(job: ClaimedJob): Promise<void> {
    const { db, clock, settings, workerId, log } = this.#o;
    const definition = this.#byKind.get(job.kind);
    const check = this.#payloadChecks.get(job.kind);
    if (check && !check.Check(job.payload)) {
      const errors = validationItems('payload', check.Errors(job.payload));
      const detail = errors.map((e) => `${e.path} ${e.message}`).join('; ');
      await failJob(db, clock, settings, job, workerId, `${PlatformProblems.invalidJobPayload.code}: ${detail}`, true);
      log.error({ jobId: job.id, kind: job.kind, errors }, 'job payload does not match its schema; dead');
      return;
    }
    try {
      if (!definition) throw new AppError(PlatformProblems.unknownJobKind, { detail: job.kind });
      if (job.attempts > job.max_attempts) throw new Error('attempts exhausted before the job could finish');
      await definition.run(job.payload, { jobId: job.id, attempt: job.attempts, maxAttempts: job.max_attempts });
      await completeJob(db, clock, job, workerId);
    } catch (err) {
      const outcome = await failJob(db, clock, settings, job, workerId, (err as Error)?.message ?? String(err));
      log[outcome === 'dead' ? 'error' : 'warn']({ err, jobId: job.id, kind: job.kind, attempt: job.attempts }, `job ${outcome === 'dead' ? 'is dead' : 'failed, will retry'}`);
    }
  }
}
