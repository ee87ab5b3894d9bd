import { AppError, sameHash } from '../../platform/index.ts';
import { audit } from './audit.ts';
import { consumeChallenge, consumeOpenChallenges, recordChallengeAttempt, selectChallengeForUpdate } from './db/login-store.ts';
import { bindAuthnDeps, type AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import { assertPersonNotLocked, codeSubject, recordFailure, recordSuccess } from './lockout.ts';
import { hashCode } from './passwords.ts';
import { completeLogin, openSession, type LoginResult } from './sessions.ts';
import { limitAttempts, type RequestContext } from './rate-limits.ts';

/**
 * Step 2 of person login: the one-time code from the SMS. The right code within its lifetime opens a
 * session at security level 2 (password + SMS code); a wrong one counts towards the lockout, and
 * the lockout ends every open challenge.
 */
export async function verifyLogin(deps: AuthnDeps, input: { challengeId: string; code: string }, context: RequestContext): Promise<LoginResult> {
  await limitAttempts(deps, [{ key: `verify:ip:${context.ip}`, limit: deps.settings.rateLimitIpPerMinute * 2, windowSeconds: 60 }]);
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const challenge = await selectChallengeForUpdate(trx, input.challengeId);
    if (!challenge || challenge.consumed_at !== null || challenge.expires_at <= now) {
      if (challenge) await audit(deps, trx, { event: 'login.code', outcome: 'failure', partyId: challenge.party_id, detail: { reason: 'expired or used' } });
      return { kind: 'expired' as const };
    }
    await assertPersonNotLocked(bindAuthnDeps(deps, trx), challenge.party_id);
    if (!sameHash(challenge.code_hash, hashCode(challenge.id, input.code.trim()))) {
      await recordChallengeAttempt(trx, challenge.id);
      const locked = await recordFailure(deps, trx, codeSubject(challenge.party_id));
      if (locked) await consumeOpenChallenges(trx, challenge.party_id, now);
      await audit(deps, trx, { event: 'login.code', outcome: 'failure', partyId: challenge.party_id, detail: { reason: 'wrong code', locked } });
      return { kind: locked ? ('locked' as const) : ('wrong' as const) };
    }
    await consumeChallenge(trx, challenge.id, now);
    await recordSuccess(trx, codeSubject(challenge.party_id));
    const session = await openSession(deps, trx, { partyId: challenge.party_id, securityLevel: 2, methods: ['pwd', 'sms'] });
    await audit(deps, trx, { event: 'login', outcome: 'success', partyId: challenge.party_id, detail: { sessionId: session.sessionId, securityLevel: 2 } });
    return { kind: 'ok' as const, session };
  });
  // Failures are committed above before they are reported, so the counts survive the error.
  switch (outcome.kind) {
    case 'ok':
      return completeLogin(deps, outcome.session);
    case 'expired':
      throw new AppError(AuthnProblems.codeExpired);
    case 'wrong':
      throw new AppError(AuthnProblems.wrongCode);
    case 'locked':
      throw new AppError(AuthnProblems.locked, { detail: `locked for ${deps.settings.lockoutMinutes} minutes` });
  }
}
