import { AppError, isAddressAllowed, isAppError, type ServiceOwnerActor } from '../../platform/index.ts';
import { SystemsProblems, type AuthenticatedServiceOwnerSystem } from '../systems/index.ts';
import { audit } from './audit.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import { assertNotLocked, countWrongSecret, recordSuccess } from './lockout.ts';
import { limitAttempts, type RequestContext } from './rate-limits.ts';
import { issueAccessToken, type AccessToken } from './sessions.ts';

/** An agency system's credentials: its name and password, or an API key. */
export type ServiceOwnerCredentials = { systemName: string; password: string } | { apiKey: string };

export interface ServiceOwnerToken extends AccessToken {
  actor: ServiceOwnerActor;
}

const serviceOwnerSubject = (name: string) => `serviceowner:${name}`;

/** The actor of an authenticated agency system. */
export function serviceOwnerActor(system: AuthenticatedServiceOwnerSystem, method: 'pwd' | 'apikey'): ServiceOwnerActor {
  return { kind: 'serviceOwner', serviceOwnerCode: system.serviceOwnerCode, orgno: system.orgno, partyId: system.partyId, systemName: system.systemName, methods: [method] };
}

/** Throws AUTN-00020 (Altinn 5) unless the agency system may be used from `ip`. */
export async function assertAllowedAddress(deps: AuthnDeps, system: Pick<AuthenticatedServiceOwnerSystem, 'systemName' | 'partyId' | 'allowedCidrs'>, ip: string): Promise<void> {
  if (isAddressAllowed(ip, system.allowedCidrs)) return;
  await audit(deps, deps.db, { event: 'serviceowner.login', outcome: 'failure', partyId: system.partyId, detail: { systemName: system.systemName, reason: 'address not allowed', ip } });
  throw new AppError(AuthnProblems.addressNotAllowed, { detail: `${ip} is not on ${system.systemName}'s allow-list` });
}

/** The agency system behind an API key, from an allowed address; AUTN-00021 for an unknown or revoked key. */
export async function authenticateApiKey(deps: AuthnDeps, apiKey: string, ip: string): Promise<AuthenticatedServiceOwnerSystem> {
  const system = await deps.systems.uncheckedFindServiceOwnerSystemByApiKey(apiKey);
  if (!system) throw new AppError(AuthnProblems.wrongServiceOwnerCredentials);
  await assertAllowedAddress(deps, system, ip);
  return system;
}

/**
 * An agency system's name and password → the system; a wrong password counts towards its lockout
 * (AUTN-00023). With `passwordProof` the password itself is checked by it (PasswordDigest) against the one
 * Tinn keeps sealed; AUTN-00028 when none is kept.
 */
export async function checkServiceOwnerPassword(deps: AuthnDeps, systemName: string, password: string, passwordProof?: (password: string) => boolean): Promise<AuthenticatedServiceOwnerSystem> {
  const subject = serviceOwnerSubject(systemName);
  const lockout = await assertNotLocked(deps, subject, AuthnProblems.serviceOwnerSystemLocked);
  const checked = passwordProof ? await deps.systems.uncheckedCheckServiceOwnerProof(systemName, passwordProof) : await deps.systems.uncheckedCheckServiceOwnerPassword(systemName, password);
  if (checked === 'unsealed') throw new AppError(AuthnProblems.passwordDigestUnsupported);
  const system = checked;
  if (system) {
    // Agency systems call with every request: write only when there are failures to clear.
    if (lockout.hasFailures) await recordSuccess(deps.db, subject);
    return system;
  }
  const known = await deps.systems.uncheckedGetServiceOwnerSystem(systemName).catch((err: unknown) => {
    if (isAppError(err, SystemsProblems.serviceOwnerSystemNotFound)) return undefined;
    throw err;
  });
  if (known) await countWrongSecret(deps, subject, AuthnProblems.serviceOwnerSystemLocked, { event: 'serviceowner.login', partyId: known.serviceOwner.partyId, detail: { systemName, reason: 'wrong password' } });
  throw new AppError(AuthnProblems.wrongServiceOwnerCredentials);
}

/** The limits an agency system's credential checks count against: per address and per system name. */
export function serviceOwnerLimits(deps: AuthnDeps, systemName: string | undefined, ip: string) {
  return [
    { key: `system:ip:${ip}`, limit: deps.settings.rateLimitSystemPerMinute, windowSeconds: 60 },
    ...(systemName !== undefined ? [{ key: `serviceowner:account:${systemName}`, limit: deps.settings.rateLimitSystemPerMinute, windowSeconds: 60 }] : []),
  ];
}

/**
 * An agency system logs in with its name and password (or an API key) from an allowed address and gets an
 * access token carrying its service owner's code and orgno. The token may be used only from the system's
 * allowed addresses (they travel in the token, so a changed allow-list applies to new tokens).
 */
export async function issueServiceOwnerToken(deps: AuthnDeps, credentials: ServiceOwnerCredentials, context: RequestContext): Promise<ServiceOwnerToken> {
  await limitAttempts(deps, serviceOwnerLimits(deps, 'systemName' in credentials ? credentials.systemName : undefined, context.ip));
  const viaKey = 'apiKey' in credentials;
  const system = viaKey ? await authenticateApiKey(deps, credentials.apiKey, context.ip) : await checkServiceOwnerPassword(deps, credentials.systemName, credentials.password);
  if (!viaKey) await assertAllowedAddress(deps, system, context.ip);
  const actor = serviceOwnerActor(system, viaKey ? 'apikey' : 'pwd');
  await audit(deps, deps.db, { event: 'serviceowner.login', outcome: 'success', partyId: system.partyId, detail: { systemName: system.systemName, method: actor.methods[0] } });
  return { ...(await issueAccessToken(deps, actor, { allowedCidrs: system.allowedCidrs })), actor };
}
