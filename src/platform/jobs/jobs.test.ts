import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import Type from 'typebox';
import { openTestDb, type TestDb } from '../../../test/support/db.ts';
import { SettableClock } from '../clock.ts';
import { createLogger } from '../log/index.ts';
import { claimJobs, enqueueJob, type JobDefinition } from './jobs.ts';
import { JobWorker } from './worker.ts';

const settings = { maxAttempts: 3, backoffMs: 1000, leaseMs: 60_000, batchSize: 5, pollIntervalMs: 10 };

describe('jobs (outbox)', () => {
  let db: TestDb;
  const clock = new SettableClock('2026-03-01T10:00:00Z');
  before(async () => {
    db = await openTestDb();
  });
  after(() => db.close());

  const jobRow = async (id: number) =>
    (await sql<{ status: string; attempts: number; run_at: Date; last_error: string | null }>`
      select status, attempts, run_at, last_error from platform.job where id = ${id}`.execute(db.kysely)).rows[0]!;

  const worker = (definitions: JobDefinition[], id = 'w1') =>
    new JobWorker({ db: db.kysely, clock, log: createLogger('silent'), settings, definitions, workerId: id });

  it('exists only when the transaction that enqueued it commits', async () => {
    const kind = `k-${Math.random()}`;
    await assert.rejects(
      db.kysely.transaction().execute(async (trx) => {
        await enqueueJob(trx, clock, settings, { kind, payload: { n: 1 } });
        throw new Error('the cause failed');
      }),
    );
    const committed = await db.kysely.transaction().execute((trx) => enqueueJob(trx, clock, settings, { kind, payload: { n: 2 } }));
    const rows = await sql<{ id: number; payload: { n: number } }>`select id, payload from platform.job where kind = ${kind}`.execute(db.kysely);
    assert.deepEqual(rows.rows, [{ id: committed, payload: { n: 2 } }]);
  });

  it('runs the jobs of a batch side by side, so one slow hand-over does not hold up the others', async () => {
    const kind = `together-${Math.random()}`;
    for (let n = 0; n < 4; n++) await enqueueJob(db.kysely, clock, settings, { kind, payload: { n } });
    let started = 0;
    let release!: () => void;
    const allStarted = new Promise<void>((resolve) => (release = resolve));
    const w = worker([
      {
        kind,
        run: async () => {
          if (++started === 4) release();
          // One after another, the first job would wait here for ever: the others never start.
          await Promise.race([allStarted, new Promise((_, reject) => setTimeout(() => reject(new Error('the batch ran one job at a time')), 5000))]);
        },
      },
    ]);
    await w.runOnce();
    assert.equal(started, 4);
    const statuses = await sql<{ status: string }>`select status from platform.job where kind = ${kind}`.execute(db.kysely);
    assert.deepEqual(statuses.rows.map((r) => r.status), ['done', 'done', 'done', 'done']);
  });

  it('runs due jobs once and marks them done; an idempotency key enqueues once', async () => {
    const kind = `once-${Math.random()}`;
    const seen: number[] = [];
    const a = await enqueueJob(db.kysely, clock, settings, { kind, payload: { n: 1 }, idempotencyKey: `${kind}-a` });
    const again = await enqueueJob(db.kysely, clock, settings, { kind, payload: { n: 99 }, idempotencyKey: `${kind}-a` });
    assert.equal(again, a);
    await enqueueJob(db.kysely, clock, settings, { kind, payload: { n: 2 }, runAt: new Date(clock.now().getTime() + 60_000) });
    const w = worker([{ kind, run: async (p: { n: number }) => void seen.push(p.n) }]);
    await w.drain();
    assert.deepEqual(seen, [1]);
    assert.equal((await jobRow(a)).status, 'done');
    clock.advance(60_000);
    await w.drain();
    assert.deepEqual(seen, [1, 2]);
  });

  it('retries with exponential backoff and gives up as dead after the last attempt', async () => {
    const kind = `fail-${Math.random()}`;
    let runs = 0;
    const id = await enqueueJob(db.kysely, clock, settings, { kind, payload: {} });
    const w = worker([{ kind, run: async () => { runs++; throw new Error('gateway down'); } }]);
    await w.drain();
    let row = await jobRow(id);
    assert.equal(row.status, 'pending');
    assert.equal(row.attempts, 1);
    assert.equal(row.run_at.getTime() - clock.now().getTime(), 1000);
    clock.advance(1000);
    await w.drain();
    row = await jobRow(id);
    assert.equal(row.run_at.getTime() - clock.now().getTime(), 2000);
    clock.advance(2000);
    await w.drain();
    row = await jobRow(id);
    assert.equal(row.status, 'dead');
    assert.equal(row.attempts, 3);
    assert.equal(row.last_error, 'gateway down');
    clock.advance(3_600_000);
    assert.equal(await w.drain(), 0);
    assert.equal(runs, 3);
  });

  it('gives a job whose worker died to another worker after the lease', async () => {
    const kind = `lease-${Math.random()}`;
    const id = await enqueueJob(db.kysely, clock, settings, { kind, payload: {} });
    const claimed = await claimJobs(db.kysely, clock, settings, 'dead-worker', 10);
    assert.ok(claimed.some((j) => j.id === id));
    let ran = 0;
    const w = worker([{ kind, run: async () => void ran++ }], 'w2');
    await w.drain();
    assert.equal(ran, 0, 'still leased');
    clock.advance(settings.leaseMs + 1);
    await w.drain();
    assert.equal(ran, 1);
    assert.equal((await jobRow(id)).status, 'done');
  });

  it('keeps the lease of a job that runs longer than one, so no other worker runs it too', async () => {
    const kind = `long-${Math.random()}`;
    const id = await enqueueJob(db.kysely, clock, settings, { kind, payload: {} });
    let runs = 0;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const def: JobDefinition = {
      kind,
      run: async () => {
        if (++runs > 1) return; // a second run (the failure this test looks for) must not wait too
        started();
        await finished;
      },
    };
    const renewing = new JobWorker({ db: db.kysely, clock, log: createLogger('silent'), settings: { ...settings, renewEveryMs: 10 }, definitions: [def], workerId: 'slow' });
    const first = renewing.runOnce();
    await running;
    // Most of a lease passes while the job runs; the worker renews it on its own.
    clock.advance(settings.leaseMs - 5_000);
    await new Promise((r) => setTimeout(r, 100));
    clock.advance(10_000);
    await worker([def], 'eager').drain();
    finish();
    await first;
    assert.equal(runs, 1, 'the other worker left it alone: its lease was renewed');
    const row = await jobRow(id);
    assert.deepEqual({ status: row.status, attempts: row.attempts }, { status: 'done', attempts: 1 });
  });

  it('marks jobs of an unknown kind as failed rather than losing them', async () => {
    const id = await enqueueJob(db.kysely, clock, settings, { kind: `nobody-${Math.random()}`, payload: {}, maxAttempts: 1 });
    await worker([]).drain();
    const row = await jobRow(id);
    assert.equal(row.status, 'dead');
    assert.match(row.last_error ?? '', /PLAT-00010/);
  });

  it('sends a job whose payload does not match its schema straight to dead, without running it', async () => {
    const kind = `typed-${Math.random()}`;
    let ran = 0;
    const id = await enqueueJob(db.kysely, clock, settings, { kind, payload: { orgno: 123 } });
    await worker([{ kind, payload: Type.Object({ orgno: Type.String() }), run: async () => void ran++ }]).drain();
    const row = await jobRow(id);
    assert.equal(ran, 0);
    assert.equal(row.status, 'dead');
    assert.equal(row.attempts, 1);
    assert.match(row.last_error ?? '', /^PLAT-00012: payload\/orgno must be string/);
  });

  it('lets concurrent workers claim each job exactly once', async () => {
    const kind = `race-${Math.random()}`;
    for (let i = 0; i < 60; i++) await enqueueJob(db.kysely, clock, settings, { kind, payload: { i } });
    const seen: number[] = [];
    const def: JobDefinition = { kind, run: async (p: { i: number }) => { seen.push(p.i); await new Promise((r) => setTimeout(r, 1)); } };
    await Promise.all([worker([def], 'a').drain(), worker([def], 'b').drain(), worker([def], 'c').drain()]);
    assert.equal(seen.length, 60);
    assert.equal(new Set(seen).size, 60);
  });
});
