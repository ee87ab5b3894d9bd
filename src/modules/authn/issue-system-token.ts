import { AppError, sameHash, type AuthMethod, type Kysely, type SecurityLevel, type SystemActor } from '../../platform/index.ts';
import { audit } from './audit.ts';
import { assertSystemSubmissionAllowed, checkDataSystem, checkDataSystemProof, checkPersonPassword, parseSystemRef } from './check-credentials.ts';
import { markLetterCodeUsed, selectLetterCodeHash } from './db/code-letter-store.ts';
import { endSystemChallenges, markSystemChallengeUsed, recordSystemChallengeAttempt, selectOpenSystemChallengeForUpdate, type SystemChallengeRow } from './db/system-challenge-store.ts';
import { bindAuthnDeps, type AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import type { SystemAuthMethod } from './get-system-challenge.ts';
import { assertPersonNotLocked, codeSubject, recordFailure, recordSuccess } from './lockout.ts';
import { hashCode } from './passwords.ts';
import { limitAttempts, type RequestContext } from './rate-limits.ts';
import { issueAccessToken, type AccessToken } from './sessions.ts';

export interface SystemTokenRequest {
  /** The numeric SystemID, or the user's own user name when they allowed that. */
  systemId: string | number;
  systemPassword: string;
  userIdentifier?: string;
  userPassword?: string;
  userPinCode?: string;
  authMethod?: SystemAuthMethod;
}

export interface SystemToken extends AccessToken {
  actor: SystemActor;
  /** Until when the one-time code keeps working (renewed on each use), when one was used. */
  codeValidTo: Date | null;
}

type PinOutcome = { kind: 'ok'; validTo: Date; method: AuthMethod } | { kind: 'expired' | 'wrong' | 'locked' };

/** Whether a challenge's code may still be used at `now`: before first use its short life, after it the sliding window. */
function isChallengeAlive(c: SystemChallengeRow, now: Date): boolean {
  if (c.validated_at === null) return now < c.code_expires_at;
  return c.valid_until !== null && now < c.valid_until;
}

async function isRightPin(db: Kysely<any>, c: SystemChallengeRow, pin: string): Promise<boolean> {
  if (c.auth_method === 'SMSPin') return c.code_hash !== null && sameHash(c.code_hash, hashCode(c.id, pin));
  const stored = c.letter_id !== null && c.pin_number !== null ? await selectLetterCodeHash(db, c.letter_id, c.pin_number) : undefined;
  return stored !== undefined && sameHash(stored.code_hash, hashCode(`${c.letter_id}:${c.pin_number}`, pin));
}

/**
 * Checks the one-time code against the user's open challenge through this system. The first right use
 * starts a window of `systemChallengeMinutes`, renewed by each use, never past `systemChallengeMaxHours`
 * after the first (Altinn II: 30 minutes, 8 hours). A wrong code counts towards the person's code lockout,
 * which ends the challenge. Runs in its own transaction, committed before the caller reports a failure.
 */
async function usePin(deps: AuthnDeps, userPartyId: number, systemId: number | null, pin: string, method: SystemAuthMethod | undefined): Promise<PinOutcome> {
  return deps.db.transaction().execute(async (trx): Promise<PinOutcome> => {
    const now = deps.clock.now();
    const challenge = await selectOpenSystemChallengeForUpdate(trx, userPartyId, systemId);
    if (!challenge || !isChallengeAlive(challenge, now) || (method !== undefined && method !== challenge.auth_method)) {
      if (challenge && !isChallengeAlive(challenge, now)) await endSystemChallenges(trx, userPartyId, systemId, now);
      await audit(deps, trx, { event: 'system.code', outcome: 'failure', partyId: userPartyId, detail: { systemId, reason: challenge ? 'expired or other method' : 'no challenge' } });
      return { kind: 'expired' };
    }
    await assertPersonNotLocked(bindAuthnDeps(deps, trx), userPartyId);
    if (!(await isRightPin(trx, challenge, pin.trim()))) {
      await recordSystemChallengeAttempt(trx, challenge.id);
      const locked = await recordFailure(deps, trx, codeSubject(userPartyId));
      if (locked) await endSystemChallenges(trx, userPartyId, systemId, now);
      await audit(deps, trx, { event: 'system.code', outcome: 'failure', partyId: userPartyId, detail: { systemId, reason: 'wrong code', locked } });
      return { kind: locked ? 'locked' : 'wrong' };
    }
    await recordSuccess(trx, codeSubject(userPartyId));
    const window = deps.settings.systemChallengeMinutes * 60_000;
    const validatedAt = challenge.validated_at ?? now;
    const max = challenge.max_valid_until ?? new Date(now.getTime() + deps.settings.systemChallengeMaxHours * 3_600_000);
    const validTo = new Date(Math.min(now.getTime() + window, max.getTime()));
    await markSystemChallengeUsed(trx, challenge.id, { validated_at: validatedAt, valid_until: validTo, max_valid_until: max });
    if (challenge.validated_at === null && challenge.auth_method === 'AltinnPin') await markLetterCodeUsed(trx, challenge.letter_id!, challenge.pin_number!, now);
    return { kind: 'ok', validTo, method: challenge.auth_method === 'SMSPin' ? 'sms' : 'otp' };
  });
}

/**
 * Checks a data system's credentials (Altinn II: systemUserName/systemPassword, optionally with userSSN,
 * userPassword, userPinCode and authMethod) and returns who is calling. The actor is the system acting for
 * its owner; with the user's password it carries the user at level 1, with a valid one-time code at level
 * 2. A person's own user name and password may stand in for the SystemID when they allowed it; that acts
 * for them only. A system registered on a person serves only that person. No rate limit, no success audit:
 * the callers add what fits them.
 */
export async function checkSystemCredentials(
  deps: AuthnDeps,
  input: SystemTokenRequest,
  /** Checks the system's password itself instead of comparing `systemPassword` (WS-Security PasswordDigest). */
  passwordProof?: (password: string) => boolean,
): Promise<{ actor: SystemActor; codeValidTo: Date | null }> {
  const hasUser = input.userIdentifier !== undefined || input.userPassword !== undefined || input.userPinCode !== undefined;
  if (hasUser && (!input.userIdentifier || input.userPassword === undefined)) throw new AppError(AuthnProblems.userCredentialsIncomplete);

  const ref = parseSystemRef(input.systemId);
  let system: { systemId: number | null; ownerPartyId: number; ownerIsPerson: boolean };
  if (ref.kind === 'data') {
    const checked = passwordProof ? await checkDataSystemProof(deps, ref.systemId, passwordProof) : await checkDataSystem(deps, ref.systemId, input.systemPassword);
    system = { systemId: checked.systemId, ownerPartyId: checked.ownerPartyId, ownerIsPerson: checked.ownerType === 'person' };
  } else {
    // A person's own password is only ever hashed, so it cannot check a digest.
    if (passwordProof) throw new AppError(AuthnProblems.passwordDigestUnsupported, { detail: 'a user name standing in for a SystemID' });
    const partyId = await checkPersonPassword(deps, ref.username, input.systemPassword, 'system.login');
    await assertSystemSubmissionAllowed(deps, partyId);
    system = { systemId: null, ownerPartyId: partyId, ownerIsPerson: true };
  }

  let user: { partyId: number } | null = system.systemId === null ? { partyId: system.ownerPartyId } : null;
  let securityLevel: SecurityLevel = system.systemId === null ? 1 : 0;
  const methods: AuthMethod[] = ['pwd'];
  let codeValidTo: Date | null = null;
  if (hasUser) {
    const userPartyId = await checkPersonPassword(deps, input.userIdentifier!, input.userPassword!, 'system.user');
    if (system.ownerIsPerson && userPartyId !== system.ownerPartyId) throw new AppError(AuthnProblems.systemOwnedByAnotherPerson);
    user = { partyId: userPartyId };
    securityLevel = 1;
    if (input.userPinCode !== undefined) {
      const outcome = await usePin(deps, userPartyId, system.systemId, input.userPinCode, input.authMethod);
      switch (outcome.kind) {
        case 'expired':
          throw new AppError(AuthnProblems.codeExpired, { detail: 'ask for a new challenge (SMSPin or AltinnPin) and use its code' });
        case 'wrong':
          throw new AppError(AuthnProblems.wrongCode);
        case 'locked':
          throw new AppError(AuthnProblems.locked, { detail: `locked for ${deps.settings.lockoutMinutes} minutes` });
      }
      securityLevel = 2;
      methods.push(outcome.method);
      codeValidTo = outcome.validTo;
    }
  }
  return { actor: { kind: 'system', systemId: system.systemId, ownerPartyId: system.ownerPartyId, user, securityLevel, methods }, codeValidTo };
}

/** The limits a data system's credential checks count against: per address and per SystemID. */
export function systemLimits(deps: AuthnDeps, systemId: string | number, ip: string) {
  return [
    { key: `system:ip:${ip}`, limit: deps.settings.rateLimitSystemPerMinute, windowSeconds: 60 },
    { key: `system:account:${String(systemId).trim().toLowerCase()}`, limit: deps.settings.rateLimitSystemPerMinute, windowSeconds: 60 },
  ];
}

/** A data system logs in with its credentials (see checkSystemCredentials) and gets an access token. */
export async function issueSystemToken(deps: AuthnDeps, input: SystemTokenRequest, context: RequestContext): Promise<SystemToken> {
  await limitAttempts(deps, systemLimits(deps, input.systemId, context.ip));
  const { actor, codeValidTo } = await checkSystemCredentials(deps, input);
  await audit(deps, deps.db, { event: 'system.login', outcome: 'success', partyId: actor.user?.partyId ?? actor.ownerPartyId, detail: { systemId: actor.systemId, securityLevel: actor.securityLevel } });
  return { ...(await issueAccessToken(deps, actor)), actor, codeValidTo };
}
