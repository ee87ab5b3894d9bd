import { AppError, isAppError, peekRateLimit, consumeRateLimit, type ServiceOwnerActor, type SystemActor } from '../../platform/index.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import { checkServiceOwnerPassword, assertAllowedAddress, serviceOwnerActor, serviceOwnerLimits } from './issue-service-owner-token.ts';
import { checkSystemCredentials, systemLimits, type SystemTokenRequest } from './issue-system-token.ts';
import type { RequestContext } from './rate-limits.ts';

/**
 * Credentials that come with every call (SOAP Basic and WS: systemUserName/systemPassword in the body or a
 * UsernameToken) are checked like a login, but only failures count against the per-minute limits a token
 * request always counts against: a busy system calling thousands of times a minute with the right password
 * is not throttled, while guessing is (and a locked-out address is refused before any password check). The
 * wrong-password lockouts of the system and of persons apply as for logins. Success is not audited per
 * call; what the call does is.
 */
async function countingFailures<T>(deps: AuthnDeps, limits: { key: string; limit: number; windowSeconds: number }[], check: () => Promise<T>): Promise<T> {
  for (const l of limits) {
    const decision = await peekRateLimit(deps.db, deps.clock, l.key, l);
    if (!decision.allowed) throw new AppError(AuthnProblems.rateLimited, { detail: `try again in ${decision.retryAfterSeconds} s`, data: { retryAfterSeconds: decision.retryAfterSeconds } });
  }
  try {
    return await check();
  } catch (err) {
    if (isAppError(err) && (err.problem.kind === 'unauthenticated' || err.problem.kind === 'too-many')) {
      for (const l of limits) await consumeRateLimit(deps.db, deps.clock, l.key, l);
    }
    throw err;
  }
}

/** A data system's per-call credentials → its actor (Altinn II Basic: systemUserName, systemPassword, user fields). */
export async function authenticateSystemCall(deps: AuthnDeps, input: SystemTokenRequest, context: RequestContext): Promise<SystemActor> {
  return countingFailures(deps, systemLimits(deps, input.systemId, context.ip), async () => (await checkSystemCredentials(deps, input)).actor);
}

/** An agency system's per-call name and password → its actor, from an allowed address only. */
export async function authenticateServiceOwnerCall(deps: AuthnDeps, credentials: { systemName: string; password: string }, context: RequestContext): Promise<ServiceOwnerActor> {
  return countingFailures(deps, serviceOwnerLimits(deps, credentials.systemName, context.ip), async () => {
    const system = await checkServiceOwnerPassword(deps, credentials.systemName, credentials.password);
    await assertAllowedAddress(deps, system, context.ip);
    return serviceOwnerActor(system, 'pwd');
  });
}
