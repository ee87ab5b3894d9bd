import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { composeSecondTinn, useComposedTinn, type ComposedTestTinn } from '../../../test/support/tinn.ts';
import { isAppError, type Actor } from '../../platform/index.ts';
import { buildPerson } from '../register/testing.ts';

type Tinn = ComposedTestTinn['tinn'];

/** A person's test login: its session id and access token. */
async function loginSomeone(tinn: Tinn): Promise<{ sessionId: string; accessToken: string }> {
  const person = await buildPerson(tinn.register);
  const login = await tinn.authn.testLogin({ ssn: person.ssn, securityLevel: 2 });
  return { sessionId: login.sessionId, accessToken: login.accessToken };
}

/** The answer to a Bearer token: the actor, or the problem code. */
async function bearer(tinn: Tinn, token: string): Promise<Actor | string> {
  try {
    return (await tinn.authn.authenticate({ bearer: token }))!;
  } catch (err) {
    if (isAppError(err)) return err.problem.code;
    throw err;
  }
}

/** Ends a session behind Tinn's back: no change is announced, so only the database knows. */
async function revokeSilently(db: Kysely<any>, sessionId: string): Promise<void> {
  await sql`update authn.session set revoked_at = now() where id = ${sessionId}`.execute(db);
}

describe('access tokens of ended sessions', () => {
  const env = useComposedTinn();

  it('are refused from the logout on; tokens of other sessions keep working', async () => {
    const { tinn } = env();
    const ended = await loginSomeone(tinn);
    const other = await loginSomeone(tinn);
    const actor = await bearer(tinn, ended.accessToken);
    assert.equal(typeof actor, 'object');
    await tinn.authn.logout(actor as Actor);
    assert.equal(await bearer(tinn, ended.accessToken), 'AUTN-00012');
    assert.equal(typeof (await bearer(tinn, other.accessToken)), 'object');
  });

  it('are looked up in the database while the change feed is down, and after it comes back', async () => {
    const { tinn } = env();
    const a = await loginSomeone(tinn);
    const b = await loginSomeone(tinn);
    assert.equal(typeof (await bearer(tinn, a.accessToken)), 'object', 'the revoked set is read');
    await tinn.changes.close();
    try {
      await revokeSilently(env().db.kysely, a.sessionId);
      assert.equal(await bearer(tinn, a.accessToken), 'AUTN-00012', 'asked the database');
    } finally {
      await tinn.changes.start();
    }
    // Revoked while nobody listened: the set is read again before it is trusted.
    assert.equal(typeof (await bearer(tinn, b.accessToken)), 'object');
    await tinn.changes.close();
    await revokeSilently(env().db.kysely, b.sessionId);
    await tinn.changes.start();
    assert.equal(await bearer(tinn, b.accessToken), 'AUTN-00012');
  });

  it('are refused by another process as soon as the change reaches it, without reading the database per request (PostgreSQL)', async (t) => {
    if (env().db.kind !== 'postgres') return t.skip('one process only on the embedded database');
    const second = await composeSecondTinn(env());
    try {
      const a = env().tinn;
      const b = second.tinn;
      const login = await loginSomeone(a);
      const seen = await bearer(b, login.accessToken);
      assert.equal(typeof seen, 'object', `accepted by the other process: ${String(seen)}`);
      await a.authn.logout((await bearer(a, login.accessToken)) as Actor);
      // The logout answered once its change came back to A; PostgreSQL sends it to B at the same moment, but
      // nothing orders B's receipt before the next request, so allow it a moment.
      const deadline = Date.now() + 2000;
      let answer = await bearer(b, login.accessToken);
      while (typeof answer === 'object' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
        answer = await bearer(b, login.accessToken);
      }
      assert.equal(answer, 'AUTN-00012');
    } finally {
      await second.close();
    }
  });
});
