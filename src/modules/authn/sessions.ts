import type { Actor, AuthMethod, Kysely, SecurityLevel } from '../../platform/index.ts';
import { claimsFor } from './claims.ts';
import { insertSession, type SessionRow } from './db/login-store.ts';
import type { AuthnDeps } from './deps.ts';
import { signJwt } from './jwt.ts';
import { hashToken } from './passwords.ts';

/** What a completed login hands out: a portal session (cookie) and an API token. */
export interface LoginResult {
  /** The cookie value; shown once, stored only as a hash. */
  sessionToken: string;
  sessionId: string;
  sessionExpiresAt: Date;
  /** Seconds from now until the session ends (the cookie's Max-Age). */
  sessionLifetimeSeconds: number;
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  partyId: number;
  securityLevel: SecurityLevel;
}

export interface AccessToken {
  accessToken: string;
  expiresIn: number;
}

/** Signs an access token for an actor (a person's may be tied to a portal session). */
export async function issueAccessToken(
  deps: Pick<AuthnDeps, 'clock' | 'random' | 'keys' | 'settings' | 'issuer'>,
  actor: Actor,
  options: { allowedCidrs?: string[] } = {},
): Promise<AccessToken> {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const key = await deps.keys.signingKey();
  const accessToken = signJwt(
    {
      iss: deps.issuer,
      aud: 'tinn-api',
      iat: now,
      nbf: now,
      exp: now + deps.settings.tokenTtlSeconds,
      jti: deps.random.uuid(),
      ...claimsFor(actor),
      ...(options.allowedCidrs ? { ipl: options.allowedCidrs } : {}),
    },
    key.kid,
    key.privateKey,
  );
  return { accessToken, expiresIn: deps.settings.tokenTtlSeconds };
}

export interface OpenedSession {
  sessionToken: string;
  sessionId: string;
  sessionExpiresAt: Date;
  partyId: number;
  securityLevel: SecurityLevel;
  methods: AuthMethod[];
}

/**
 * Opens a portal session in `db` (the caller's transaction). Issue its access token with `completeLogin`
 * after the commit: signing may need the database (key rotation), which must not wait on that transaction.
 */
export async function openSession(
  deps: AuthnDeps,
  db: Kysely<any>,
  subject: { partyId: number; securityLevel: SecurityLevel; methods: AuthMethod[] },
): Promise<OpenedSession> {
  const now = deps.clock.now();
  const sessionToken = Buffer.from(deps.random.bytes(32)).toString('base64url');
  const sessionId = deps.random.uuid();
  const sessionExpiresAt = new Date(now.getTime() + deps.settings.sessionMaxHours * 3_600_000);
  await insertSession(db, {
    id: sessionId,
    token_hash: hashToken(sessionToken),
    party_id: subject.partyId,
    security_level: subject.securityLevel,
    methods: subject.methods,
    created_at: now,
    last_seen_at: now,
    expires_at: sessionExpiresAt,
  });
  return { sessionToken, sessionId, sessionExpiresAt, ...subject };
}

/** The login result for a committed session: the session plus its first access token. */
export async function completeLogin(deps: AuthnDeps, session: OpenedSession): Promise<LoginResult> {
  const token = await issueAccessToken(deps, { kind: 'person', partyId: session.partyId, securityLevel: session.securityLevel, methods: session.methods, sessionId: session.sessionId });
  return {
    sessionToken: session.sessionToken,
    sessionId: session.sessionId,
    sessionExpiresAt: session.sessionExpiresAt,
    sessionLifetimeSeconds: (session.sessionExpiresAt.getTime() - deps.clock.now().getTime()) / 1000,
    ...token,
    partyId: session.partyId,
    securityLevel: session.securityLevel,
  };
}

/** True while a session is usable: not revoked, within its 8-hour limit and its 30-minute idle limit. */
export function isSessionAlive(session: SessionRow, now: Date, idleMinutes: number): boolean {
  return session.revoked_at === null && now < session.expires_at && now.getTime() - session.last_seen_at.getTime() < idleMinutes * 60_000;
}
