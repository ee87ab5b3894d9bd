import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { SettableClock, cryptoRandom } from '../../platform/index.ts';
import { useComposedTinn } from '../../../test/support/tinn.ts';
import { verifyJwt } from './jwt.ts';
import { KeyRing } from './key-ring.ts';
import { issueAccessToken } from './sessions.ts';

describe('signing keys', () => {
  const env = useComposedTinn();
  const issuer = 'http://tinn.test';

  it('keeps tokens signed before a rotation valid until they expire, in every process', async () => {
    const clock = new SettableClock('2026-05-01T08:00:00Z');
    const options = { db: env().db.kysely, clock, random: cryptoRandom, rotationDays: 30, tokenTtlSeconds: 900, changes: env().tinn.changes };
    const ringA = new KeyRing(options);
    const ringB = new KeyRing(options); // another process, same database
    const deps = { clock, random: cryptoRandom, keys: ringA, issuer, settings: { ...env().tinn.config.authn, tokenTtlSeconds: 900 } };
    const subject = { kind: 'person' as const, partyId: 50000001, securityLevel: 2 as const, methods: ['pwd' as const, 'sms' as const], sessionId: null };
    const before = await issueAccessToken(deps, subject);
    await ringA.rotate();
    await env().tinn.changes.settle();
    const after = await issueAccessToken(deps, subject);
    const kid = (t: string) => JSON.parse(Buffer.from(t.split('.')[0]!, 'base64url').toString()).kid;
    assert.notEqual(kid(before.accessToken), kid(after.accessToken));
    const check = (ring: KeyRing, token: string) =>
      verifyJwt(token, (k) => ring.verificationKey(k), { issuer, nowSeconds: Math.floor(clock.now().getTime() / 1000) });
    assert.equal((await check(ringB, before.accessToken)).ok, true, 'old key still verifies');
    assert.equal((await check(ringB, after.accessToken)).ok, true, 'B heard of the new key through the change feed');
    assert.deepEqual((await ringB.jwks()).keys.map((k) => k.kid).sort(), [kid(before.accessToken), kid(after.accessToken)].sort());
    clock.advance(20 * 60_000);
    assert.ok(!(await ringB.jwks()).keys.some((k) => k.kid === kid(before.accessToken)), 'retired key leaves the JWKS once its tokens expired');
    assert.deepEqual(await check(ringB, before.accessToken), { ok: false, reason: 'unknown key' });
  });

  it('rotates once when several processes find the key too old at the same moment', async () => {
    const clock = new SettableClock('2026-05-03T08:00:00Z');
    const options = { db: env().db.kysely, clock, random: cryptoRandom, rotationDays: 30, tokenTtlSeconds: 900, changes: env().tinn.changes };
    const rings = [new KeyRing(options), new KeyRing(options), new KeyRing(options)];
    await rings[0]!.signingKey();
    clock.advance(31 * 86_400_000);
    const used = await Promise.all(rings.map((ring) => ring.signingKey()));
    assert.equal(new Set(used.map((k) => k.kid)).size, 1, 'all sign with one new key');
    const live = await sql<{ kid: string }>`select kid from authn.signing_key where retired_at is null`.execute(env().db.kysely);
    assert.deepEqual(live.rows.map((r) => r.kid), [used[0]!.kid]);
  });

  it('does not read the database for every token with a made-up key id', async () => {
    const clock = new SettableClock('2026-05-02T08:00:00Z');
    const ring = new KeyRing({ db: env().db.kysely, clock, random: cryptoRandom, rotationDays: 30, tokenTtlSeconds: 900 });
    await ring.jwks();
    let reads = 0;
    const original = env().db.kysely.getExecutor().executeQuery.bind(env().db.kysely.getExecutor());
    const executor = env().db.kysely.getExecutor() as { executeQuery: typeof original };
    executor.executeQuery = (...args) => {
      reads++;
      return original(...args);
    };
    try {
      clock.advance(6000);
      for (let i = 0; i < 20; i++) assert.equal(await ring.verificationKey(`made-up-${i}`), undefined);
    } finally {
      executor.executeQuery = original;
    }
    assert.equal(reads, 1, 'one reload, then the throttle holds');
  });
});
