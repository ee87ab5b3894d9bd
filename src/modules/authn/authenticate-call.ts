import { AppError, isAppError, peekRateLimits, consumeRateLimit, sha256Hex, type EnterpriseUserActor, type ServiceOwnerActor, type SystemActor } from '../../platform/index.ts';
import { insertWsNonce } from './db/ws-nonce-store.ts';
import { isDigestOf } from '../../platform/soap/ws-security.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import { checkServiceOwnerPassword, assertAllowedAddress, serviceOwnerActor, serviceOwnerLimits } from './issue-service-owner-token.ts';
import { checkSystemCredentials, systemLimits, type SystemTokenRequest } from './issue-system-token.ts';
import type { RequestContext } from './rate-limits.ts';
import { assertNotLocked, countWrongSecret, enterpriseUserSubject, recordSuccess } from './lockout.ts';

/**
 * Credentials that come with every call (SOAP Basic and WS: systemUserName/systemPassword in the body or a
 * UsernameToken) are checked like a login, but only failures count against the per-minute limits a token
 * request always counts against: a busy system calling thousands of times a minute with the right password
 * is not throttled, while guessing is (and a locked-out address is refused before any password check). The
 * wrong-password lockouts of the system and of persons apply as for logins. Success is not audited per
 * call; what the call does is.
 */
export async function countingFailures<T>(deps: AuthnDeps, limits: { key: string; limit: number; windowSeconds: number }[], check: () => Promise<T>): Promise<T> {
  const decision = await peekRateLimits(deps.db, deps.clock, limits);
  if (!decision.allowed) throw new AppError(AuthnProblems.rateLimited, { detail: `try again in ${decision.retryAfterSeconds} s`, data: { retryAfterSeconds: decision.retryAfterSeconds } });
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

/** A WS-Security UsernameToken as the SOAP edge read it. */
export interface UsernameTokenCredentials {
  username: string;
  password: string;
  passwordType: 'text' | 'digest';
  nonce: Uint8Array | undefined;
  created: string | undefined;
}

/** For a PasswordDigest token, the check of a password against it; undefined for PasswordText. */
function digestProof(token: UsernameTokenCredentials): ((password: string) => boolean) | undefined {
  if (token.passwordType !== 'digest') return undefined;
  const nonce = Buffer.from(token.nonce ?? new Uint8Array());
  return (password) => isDigestOf({ username: token.username, password: token.password, passwordType: 'digest', nonce, created: token.created }, password);
}

/** WCF's default allowed clock skew, and so how long a nonce must be remembered. */
const FRESHNESS_MS = 5 * 60_000;

/**
 * Checks a UsernameToken's freshness and nonce before its password: `wsu:Created` within 5 minutes of the
 * server clock, and a nonce never seen before (remembered in the database, so every process sees it). A
 * token without Created and nonce (plain PasswordText over TLS, as WCF's UsernameToken10 sends it) has
 * nothing to check here.
 */
async function assertFreshToken(deps: AuthnDeps, token: UsernameTokenCredentials): Promise<void> {
  if (token.passwordType === 'digest' && (token.created === undefined || token.nonce === undefined || token.nonce.length === 0)) {
    throw new AppError(AuthnProblems.usernameTokenStale, { detail: 'a PasswordDigest token needs wsu:Created and a Nonce' });
  }
  const now = deps.clock.now().getTime();
  if (token.created !== undefined) {
    const created = Date.parse(token.created);
    if (!Number.isFinite(created) || Math.abs(now - created) > FRESHNESS_MS) throw new AppError(AuthnProblems.usernameTokenStale, { detail: `wsu:Created ${token.created}` });
  }
  if (token.nonce !== undefined && token.nonce.length > 0) {
    const hash = sha256Hex(`${token.username}\0${Buffer.from(token.nonce).toString('base64')}`);
    if (!(await insertWsNonce(deps.db, hash, new Date(now + 2 * FRESHNESS_MS)))) throw new AppError(AuthnProblems.usernameTokenReplayed);
  }
}

/** A data system's UsernameToken (Username = SystemID) → its actor; user fields still come from the body. */
export async function authenticateSystemToken(
  deps: AuthnDeps,
  token: UsernameTokenCredentials | undefined,
  user: Omit<SystemTokenRequest, 'systemId' | 'systemPassword'>,
  context: RequestContext,
): Promise<SystemActor> {
  if (!token) throw new AppError(AuthnProblems.usernameTokenMissing);
  return countingFailures(deps, systemLimits(deps, token.username, context.ip), async () => {
    await assertFreshToken(deps, token);
    return (await checkSystemCredentials(deps, { ...user, systemId: token.username, systemPassword: token.password }, digestProof(token))).actor;
  });
}

/** An agency system's UsernameToken (Username = agency-system name) → its actor, from an allowed address. */
export async function authenticateServiceOwnerToken(deps: AuthnDeps, token: UsernameTokenCredentials | undefined, context: RequestContext): Promise<ServiceOwnerActor> {
  if (!token) throw new AppError(AuthnProblems.usernameTokenMissing);
  return countingFailures(deps, serviceOwnerLimits(deps, token.username, context.ip), async () => {
    await assertFreshToken(deps, token);
    const system = await checkServiceOwnerPassword(deps, token.username, token.password, digestProof(token));
    await assertAllowedAddress(deps, system, context.ip);
    return serviceOwnerActor(system, 'pwd');
  });
}

/** The organisation a verified client certificate was issued to (the SOAP edge reads it). */
export interface CertificateCredentials {
  orgno: string | undefined;
  subject: string;
  fingerprint256: string;
}

/**
 * AEC: an enterprise certificate alone. The TLS handshake already checked it against the configured
 * authorities; its organisation must be a registered service owner, which the call then acts as. There is
 * no agency system, so no allow-list: the certificate is the credential.
 */
export async function authenticateServiceOwnerCertificate(deps: AuthnDeps, certificate: CertificateCredentials | undefined): Promise<ServiceOwnerActor> {
  if (!certificate?.orgno) throw new AppError(AuthnProblems.certificateRequired);
  const party = await deps.register.uncheckedFindPartyByNumber(certificate.orgno);
  const organization = party?.type === 'organization' ? party : undefined;
  if (!organization?.serviceOwnerCode || organization.isDeleted) throw new AppError(AuthnProblems.certificateNotServiceOwner, { detail: `organisation ${certificate.orgno}` });
  return { kind: 'serviceOwner', serviceOwnerCode: organization.serviceOwnerCode, orgno: organization.orgno, partyId: organization.partyId, systemName: `certificate ${certificate.orgno}`, methods: ['x509'] };
}

/** EC: an enterprise certificate plus the agency system's name and password; both must name the same service owner. */
export async function authenticateServiceOwnerCertificateAndPassword(
  deps: AuthnDeps,
  certificate: CertificateCredentials | undefined,
  credentials: { systemName: string; password: string },
  context: RequestContext,
): Promise<ServiceOwnerActor> {
  if (!certificate?.orgno) throw new AppError(AuthnProblems.certificateRequired);
  const actor = await authenticateServiceOwnerCall(deps, credentials, context);
  if (actor.orgno !== certificate.orgno) throw new AppError(AuthnProblems.certificateMismatch, { detail: `certificate ${certificate.orgno}, agency system ${actor.systemName}` });
  return { ...actor, methods: ['pwd', 'x509'] };
}

/**
 * EC for end-user services: an enterprise certificate plus an enterprise user's name and password (Altinn
 * II's virksomhetsbruker). The user must belong to the certificate's organisation. Wrong passwords count
 * towards the user's lockout (AUTN-00033) and, like every failed call, against the per-minute limits; a
 * wrong name and a wrong password get the same answer (AUTN-00032). Level 3, as Altinn gave such logins.
 */
export async function authenticateEnterpriseUserCertificate(
  deps: AuthnDeps,
  certificate: CertificateCredentials | undefined,
  credentials: { userName: string; password: string },
  context: RequestContext,
): Promise<EnterpriseUserActor> {
  if (!certificate?.orgno) throw new AppError(AuthnProblems.certificateRequired);
  return countingFailures(deps, systemLimits(deps, `enterprise-user:${credentials.userName}`, context.ip), async () => {
    const found = await deps.register.uncheckedFindEnterpriseUser(credentials.userName);
    const user = found && !found.isDeleted ? found : undefined;
    const subject = user ? enterpriseUserSubject(user.partyId) : undefined;
    const lockout = subject ? await assertNotLocked(deps, subject, AuthnProblems.enterpriseUserLocked) : { hasFailures: false };
    if (!(await deps.systems.uncheckedCheckEnterpriseUserPassword(user?.partyId, credentials.password)) || !user) {
      if (user) await countWrongSecret(deps, subject!, AuthnProblems.enterpriseUserLocked, { event: 'enterprise-user.login', partyId: user.organization.partyId, detail: { userName: user.userName, reason: 'wrong password' } });
      throw new AppError(AuthnProblems.wrongEnterpriseUserCredentials);
    }
    if (user.organization.orgno !== certificate.orgno) throw new AppError(AuthnProblems.enterpriseUserCertificateMismatch, { detail: `certificate ${certificate.orgno}, enterprise user of ${user.organization.orgno}` });
    // Called with every request: write only when there are failures to clear.
    if (lockout.hasFailures) await recordSuccess(deps.db, subject!);
    return { kind: 'enterpriseUser', partyId: user.partyId, userName: user.userName, organizationPartyId: user.organization.partyId, securityLevel: 3, methods: ['pwd', 'x509'] };
  });
}
