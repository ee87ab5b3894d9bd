import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createLogger, JobWorker, rateLimitPurgeJob, consumeRateLimit, SettableClock } from '../../platform/index.ts';
import { useComposedTinn } from '../../../test/support/tinn.ts';
import { buildPerson } from '../register/testing.ts';
import { insertChallenge, insertSession } from './db/login-store.ts';
import { authnPurgeJob } from './purge.ts';

describe('housekeeping of ended logins and rate-limit counters', () => {
  const env = useComposedTinn();

  it('runs hourly on whichever worker comes first, deleting only what ended more than a day ago', async () => {
    const db = env().db.kysely;
    const clock = new SettableClock('2026-06-10T12:00:00Z');
    const settings = env().tinn.config.authn;
    const person = await buildPerson(env().tinn.register);
    const at = (hoursAgo: number) => new Date(clock.now().getTime() - hoursAgo * 3_600_000);
    const session = (id: string, created: Date, lastSeen: Date, expires: Date) =>
      insertSession(db, { id, token_hash: id, party_id: person.partyId, security_level: 2, methods: ['pwd', 'sms'], created_at: created, last_seen_at: lastSeen, expires_at: expires });
    await session('00000000-0000-4000-8000-000000000001', at(40), at(39), at(32)); // expired long ago
    await session('00000000-0000-4000-8000-000000000002', at(1), at(0), at(-7)); // live
    await insertChallenge(db, { id: '00000000-0000-4000-8000-0000000000a1', party_id: person.partyId, code_hash: 'x', created_at: at(30), expires_at: at(29.9) });
    await insertChallenge(db, { id: '00000000-0000-4000-8000-0000000000a2', party_id: person.partyId, code_hash: 'y', created_at: at(0), expires_at: at(-0.05) });
    const oldClock = new SettableClock(at(48));
    await consumeRateLimit(db, oldClock, 'login:ip:192.0.2.1', { limit: 5, windowSeconds: 60 });
    await consumeRateLimit(db, clock, 'login:ip:192.0.2.2', { limit: 5, windowSeconds: 60 });

    const definitions = [authnPurgeJob({ db, clock, settings }), rateLimitPurgeJob(db, clock)];
    const workers = ['a', 'b'].map(
      (id) => new JobWorker({ db, clock, log: createLogger('silent'), settings: { ...env().tinn.config.jobs, pollIntervalMs: 10 }, definitions, workerId: id }),
    );
    await workers[0]!.drain();
    await workers[1]!.drain();
    const purgeRuns = async () =>
      (
        await sql<{ kind: string; n: number }>`
          select kind, count(*)::int as n from platform.job
          where kind in ('authn.purge-ended-logins', 'platform.rate-limit-purge') and status = 'done' group by kind order by kind`.execute(db)
      ).rows.map((r) => `${r.kind}:${r.n}`);
    assert.deepEqual(await purgeRuns(), ['authn.purge-ended-logins:1', 'platform.rate-limit-purge:1'], 'once per hour, not once per worker');
    const ids = await sql<{ id: string }>`select id from authn.session where party_id = ${person.partyId} order by id`.execute(db);
    assert.deepEqual(ids.rows.map((r) => r.id), ['00000000-0000-4000-8000-000000000002']);
    const challenges = await sql<{ id: string }>`select id from authn.login_challenge where party_id = ${person.partyId}`.execute(db);
    assert.deepEqual(challenges.rows.map((r) => r.id), ['00000000-0000-4000-8000-0000000000a2']);
    const keys = await sql<{ key: string }>`select key from platform.rate_limit where key like 'login:ip:192.0.2.%'`.execute(db);
    assert.deepEqual(keys.rows.map((r) => r.key), ['login:ip:192.0.2.2']);

    clock.advance(3_600_000);
    await workers[1]!.drain();
    assert.deepEqual(await purgeRuns(), ['authn.purge-ended-logins:2', 'platform.rate-limit-purge:2'], 'the next hour runs again');
  });
});
