import { AppError, isAddressAllowed, type Actor, type SecurityLevel } from '../../platform/index.ts';
import { authenticateApiKey, serviceOwnerActor } from './issue-service-owner-token.ts';
import { actorFrom } from './claims.ts';
import { selectSessionByTokenHash, touchSession } from './db/login-store.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import { verifyJwt, type AccessClaims } from './jwt.ts';
import { csrfTokenFor, hashToken } from './passwords.ts';
import { timingSafeEqual } from 'node:crypto';
import { isSessionAlive } from './sessions.ts';

export const SESSION_COOKIE = 'tinn_session';

/** Credentials as an edge found them. */
export interface Credentials {
  bearer?: string | undefined;
  sessionToken?: string | undefined;
  /** An agency system's `ApiKey` header. */
  apiKey?: string | undefined;
  /** The client's address, for agency systems' allow-lists. */
  ip?: string | undefined;
  /** The `X-CSRF-Token` header: a session cookie alone never changes anything. */
  csrfToken?: string | undefined;
  /** POST, PUT, PATCH, DELETE: with a session cookie these need `csrfToken`. */
  changes?: boolean;
}

// A session's last use is written at most once a minute, not on every request.
const TOUCH_EVERY_MS = 60_000;

// Verified tokens, by token text, until they expire: an Ed25519 check costs ~0.15 ms, about twice a whole
// unauthenticated request. A token is immutable and its signature check deterministic, so a hit only
// needs the expiry check. Bounded; the oldest entry goes first.
const VERIFIED_MAX = 10_000;
const verified = new Map<string, AccessClaims>();

function rememberVerified(token: string, claims: AccessClaims): void {
  verified.set(token, claims);
  if (verified.size > VERIFIED_MAX) verified.delete(verified.keys().next().value!);
}

function isCsrfTokenOf(sessionToken: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Turns credentials into an Actor: a Bearer JWT is checked by its signature and, when tied to a portal
 * session, against the sessions ended lately (held in memory, see RevokedSessions), an agency
 * system's API key against its hash, a session cookie against its session. An agency system's token or key
 * works only from its allowed addresses (AUTN-00020). A present but invalid Bearer token is AUTN-00012, an
 * unknown API key AUTN-00021; no credentials gives undefined.
 */
export async function authenticate(deps: AuthnDeps, credentials: Credentials): Promise<Actor | undefined> {
  if (credentials.bearer !== undefined) {
    const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
    let c = verified.get(credentials.bearer);
    if (c && (c.iss !== deps.issuer || c.exp + 60 < nowSeconds)) c = undefined;
    if (!c) {
      const result = await verifyJwt(credentials.bearer, (kid) => deps.keys.verificationKey(kid), { issuer: deps.issuer, nowSeconds });
      if (!result.ok) throw new AppError(AuthnProblems.invalidToken, { detail: result.reason });
      c = result.claims;
      rememberVerified(credentials.bearer, c);
    }
    if (c.ipl && !isAddressAllowed(credentials.ip ?? '', c.ipl)) throw new AppError(AuthnProblems.addressNotAllowed);
    if (c.sid !== undefined && (await deps.revokedSessions.isRevoked(c.sid))) throw new AppError(AuthnProblems.invalidToken, { detail: 'the session the token was issued for has ended' });
    return actorFrom(c);
  }
  if (credentials.apiKey !== undefined) {
    return serviceOwnerActor(await authenticateApiKey(deps, credentials.apiKey, credentials.ip ?? ''), 'apikey');
  }
  if (credentials.sessionToken !== undefined) {
    const session = await selectSessionByTokenHash(deps.db, hashToken(credentials.sessionToken));
    const now = deps.clock.now();
    if (!session || !isSessionAlive(session, now, deps.settings.sessionIdleMinutes)) return undefined;
    if (credentials.changes && !isCsrfTokenOf(credentials.sessionToken, credentials.csrfToken)) throw new AppError(AuthnProblems.csrfTokenMismatch);
    if (now.getTime() - session.last_seen_at.getTime() > TOUCH_EVERY_MS) await touchSession(deps.db, session.id, now);
    return { kind: 'person', partyId: session.party_id, securityLevel: session.security_level as SecurityLevel, methods: session.methods, sessionId: session.id };
  }
  return undefined;
}

/** A live portal session by its cookie value, or undefined. Reading it does not count as use. */
export async function describeSession(
  deps: AuthnDeps,
  sessionToken: string,
): Promise<{ partyId: number; securityLevel: SecurityLevel; expiresAt: Date; idleMinutes: number } | undefined> {
  const session = await selectSessionByTokenHash(deps.db, hashToken(sessionToken));
  if (!session || !isSessionAlive(session, deps.clock.now(), deps.settings.sessionIdleMinutes)) return undefined;
  return { partyId: session.party_id, securityLevel: session.security_level as SecurityLevel, expiresAt: session.expires_at, idleMinutes: deps.settings.sessionIdleMinutes };
}
