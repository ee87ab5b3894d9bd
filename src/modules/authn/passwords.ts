import { AppError, sha256Hex } from '../../platform/index.ts';
import { AuthnProblems } from './errors.ts';

/** Throws AUTN-00007 unless the password has 8–128 characters with a letter and a digit. */
export function assertPasswordRules(password: string): void {
  if (password.length < 8 || password.length > 128 || !/\p{L}/u.test(password) || !/\d/.test(password)) {
    throw new AppError(AuthnProblems.weakPassword, { errors: [{ path: 'newPassword', message: 'too weak', rule: 'password' }] });
  }
}

/** SHA-256 of a one-time code bound to its challenge, so equal codes never share a hash. */
export function hashCode(challengeId: string, code: string): string {
  return sha256Hex(`${challengeId}:${code}`);
}

/** SHA-256 of a session token (the cookie value is never stored). */
export function hashToken(token: string): string {
  return sha256Hex(token);
}

/**
 * The CSRF token of a session: derived from the session token (which the page never sees: the cookie is
 * HttpOnly), so it needs no storage and holds in every process. Domain-separated from `hashToken`, so the
 * stored hash does not give it away either.
 */
export function csrfTokenFor(sessionToken: string): string {
  return Buffer.from(sha256Hex(`tinn-csrf:${sessionToken}`), 'hex').toString('base64url');
}
