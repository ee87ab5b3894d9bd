import { listAuditEvents, requirePerson, type Actor } from '../../platform/index.ts';
import { authenticate, describeSession, type Credentials } from './authenticate.ts';
import { bindAuthnDeps, type AuthnDeps } from './deps.ts';
import { getMyLoginSettings, uncheckedSetPassword, updateMyLoginSettings, type LoginSettingsUpdate } from './login-settings.ts';
import { logout } from './logout.ts';
import { issueAccessToken } from './sessions.ts';
import { startLogin } from './start-login.ts';
import { testLogin } from './test-login.ts';
import { getSystemChallenge, type SystemChallengeRequest } from './get-system-challenge.ts';
import { issueSystemToken, type SystemTokenRequest } from './issue-system-token.ts';
import { orderCodeLetter } from './order-code-letter.ts';
import { issueServiceOwnerToken, type ServiceOwnerCredentials } from './issue-service-owner-token.ts';
import { verifyLogin } from './verify-login.ts';
import {
  authenticateServiceOwnerCall,
  authenticateServiceOwnerCertificate,
  authenticateServiceOwnerCertificateAndPassword,
  authenticateEnterpriseUserCertificate,
  authenticateServiceOwnerToken,
  authenticateSystemCall,
  authenticateSystemToken,
  type CertificateCredentials,
  type UsernameTokenCredentials,
} from './authenticate-call.ts';
import type { RequestContext } from './rate-limits.ts';
import { authenticateSftpKey, authenticateSftpPassword, confirmSftpLogin, recordSftpKeyLogin, type SftpActor, type SftpLogin } from './authenticate-sftp.ts';

export type { AuthnDeps } from './deps.ts';
export type { LoginResult, AccessToken } from './sessions.ts';
export type { LoginStart } from './start-login.ts';
export type { MyLoginSettings, LoginSettingsUpdate } from './login-settings.ts';
export type { Credentials } from './authenticate.ts';
export type { RequestContext } from './rate-limits.ts';
export type { CertificateCredentials, UsernameTokenCredentials } from './authenticate-call.ts';
export type { SftpActor, SftpKeyAccount, SftpLogin } from './authenticate-sftp.ts';
export type { SystemChallenge, SystemChallengeRequest, SystemAuthMethod } from './get-system-challenge.ts';
export type { SystemToken, SystemTokenRequest } from './issue-system-token.ts';
export type { ServiceOwnerToken, ServiceOwnerCredentials } from './issue-service-owner-token.ts';
export { SESSION_COOKIE } from './authenticate.ts';
export { KeyRing } from './key-ring.ts';
export { RevokedSessions } from './revoked-sessions.ts';
export { authnPurgeJob, purgeEndedLogins } from './purge.ts';
export { AuthnProblems } from './errors.ts';
export { authnMigrations } from './db/migrations/index.ts';
export { registerAuthnRoutes } from './http/routes.ts';
export { apiKeyFrom, bearerFrom, sessionTokenFrom } from './http/cookies.ts';

export * from './soap/system-authentication.operations.ts';
/** The authn module: person login (password + SMS code), data-system login (challenge + token), sessions, access tokens, login settings. */
export function createAuthn(deps: AuthnDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: AuthnDeps['db']) => createAuthn(bindAuthnDeps(deps, db)),
    /** Login step 1: identifier + password → SMS code. */
    startLogin: (input: { identifier: string; password: string }, context: RequestContext) => startLogin(deps, input, context),
    /** Login step 2: code → session + access token (level 2). */
    verifyLogin: (input: { challengeId: string; code: string }, context: RequestContext) => verifyLogin(deps, input, context),
    /** Test-environment login for synthetic persons (levels 1–4). */
    testLogin: (input: Parameters<typeof testLogin>[1]) => testLogin(deps, input),
    /** Altinn II GetAuthenticationChallenge: a one-time code (SMS or code letter) for a data system's user. */
    getSystemChallenge: (input: SystemChallengeRequest, context: RequestContext) => getSystemChallenge(deps, input, context),
    /** A data system's access token: the system alone, or with its user at level 1 (password) or 2 (+ code). */
    issueSystemToken: (input: SystemTokenRequest, context: RequestContext) => issueSystemToken(deps, input, context),
    /** An agency system's access token (name + password, or API key), from an allowed address only. */
    issueServiceOwnerToken: (credentials: ServiceOwnerCredentials, context: RequestContext) => issueServiceOwnerToken(deps, credentials, context),
    /** Orders a code letter (numbered one-time codes by post) for the logged-in person. */
    orderCodeLetter: (actor: Actor, idempotencyKey?: string) => orderCodeLetter(deps, actor, idempotencyKey),
    /** A live portal session by its cookie value: who, level, expiry (undefined when ended). */
    describeSession: (sessionToken: string) => describeSession(deps, sessionToken),
    /** A data system's credentials sent with a call (SOAP) → its actor; only failures count against rate limits. */
    authenticateSystemCall: (input: SystemTokenRequest, context: RequestContext) => authenticateSystemCall(deps, input, context),
    /** An agency system's name and password sent with a call (SOAP) → its actor, from an allowed address. */
    authenticateServiceOwnerCall: (credentials: { systemName: string; password: string }, context: RequestContext) => authenticateServiceOwnerCall(deps, credentials, context),
    /** A data system's WS-Security UsernameToken (SOAP WS bindings) plus the user fields of the body → its actor. */
    authenticateSystemToken: (token: UsernameTokenCredentials | undefined, user: Omit<SystemTokenRequest, 'systemId' | 'systemPassword'>, context: RequestContext) =>
      authenticateSystemToken(deps, token, user, context),
    /** An agency system's WS-Security UsernameToken (SOAP WS bindings) → its actor, from an allowed address. */
    authenticateServiceOwnerToken: (token: UsernameTokenCredentials | undefined, context: RequestContext) => authenticateServiceOwnerToken(deps, token, context),
    /** AEC: a verified enterprise certificate of a registered service owner → that service owner. */
    authenticateServiceOwnerCertificate: (certificate: CertificateCredentials | undefined) => authenticateServiceOwnerCertificate(deps, certificate),
    /** EC: a verified enterprise certificate plus the agency system's name and password, of the same service owner. */
    authenticateServiceOwnerCertificateAndPassword: (certificate: CertificateCredentials | undefined, credentials: { systemName: string; password: string }, context: RequestContext) =>
      authenticateServiceOwnerCertificateAndPassword(deps, certificate, credentials, context),
    /** EC for end-user services: an enterprise certificate plus one of its organisation's enterprise users (name and password). */
    authenticateEnterpriseUserCertificate: (certificate: CertificateCredentials | undefined, credentials: { userName: string; password: string }, context: RequestContext) =>
      authenticateEnterpriseUserCertificate(deps, certificate, credentials, context),
    /** SFTP login with a password: a data system (SystemID) or an agency system (name, allowed address); never an enterprise user. Audited; the login to keep for confirmSftpLogin. */
    authenticateSftpPassword: (userName: string, password: string, context: RequestContext) => authenticateSftpPassword(deps, userName, password, context),
    /** SFTP login with a key: whose key the presented blob is for this user name, its actor and the stored key; the caller verifies the signature. */
    authenticateSftpKey: (userName: string, blob: Uint8Array, context: RequestContext) => authenticateSftpKey(deps, userName, blob, context),
    /** Audits an SFTP key login (`sftp.login`) once the SSH layer has verified the signature. */
    recordSftpKeyLogin: (actor: SftpActor, context: RequestContext) => recordSftpKeyLogin(deps, actor, context),
    /** Whether an open SFTP session's login still holds (key, account, password, allow-list), from the database; AUTN-00036 (audited `sftp.logout`) when not. */
    confirmSftpLogin: (login: SftpLogin) => confirmSftpLogin(deps, login),
    /** Bearer token or session cookie → Actor. */
    authenticate: (credentials: Credentials) => authenticate(deps, credentials),
    /** A fresh access token for a person (the portal calls this with its session); systems ask their token endpoint again. */
    issueAccessToken: (actor: Actor) => issueAccessToken(deps, requirePerson(actor)),
    /** Ends the actor's session. */
    logout: (actor: Actor) => logout(deps, actor),
    /** The published token-verification keys. */
    jwks: () => deps.keys.jwks(),
    /** The actor's own login settings. */
    getMyLoginSettings: (actor: Actor) => getMyLoginSettings(deps, actor),
    /** Changes the actor's own login settings and password. */
    updateMyLoginSettings: (actor: Actor, update: LoginSettingsUpdate) => updateMyLoginSettings(deps, actor, update),
    /** Sets a password without the old one (world files, operators); callers check access. */
    uncheckedSetPassword: (partyId: number, password: string) => uncheckedSetPassword(deps, partyId, password),
    /** Audit records of a party, oldest first; callers check access. */
    uncheckedListAuditEvents: (partyId: number) => listAuditEvents(deps.db, partyId),
  };
}

/** The authn module's API type. */
export type Authn = ReturnType<typeof createAuthn>;
