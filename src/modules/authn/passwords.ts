import { createHash, timingSafeEqual } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';
import { AppError } from '../../platform/index.ts';
import { AuthnProblems } from './errors.ts';

// argon2id with the OWASP minimum (19 MiB, 2 iterations): 12–19 ms per hash or check on the project machine.
// (algorithm 2 is Argon2id in the package's const enum, which erasable TypeScript cannot name.)
const OPTIONS: Options = { algorithm: 2 as Options['algorithm'], memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Throws AUTN-00007 unless the password has 8–128 characters with a letter and a digit. */
export function assertPasswordRules(password: string): void {
  if (password.length < 8 || password.length > 128 || !/\p{L}/u.test(password) || !/\d/.test(password)) {
    throw new AppError(AuthnProblems.weakPassword, { errors: [{ path: 'newPassword', message: 'too weak', rule: 'password' }] });
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verifying against this when there is no user costs the same time as a real check, so response
// times do not tell which national ids have passwords.
let dummyHash: Promise<string> | undefined;

/** True when `password` matches `stored`; with no stored hash, spends the same time and returns false. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hash('tinn-dummy-password-0', OPTIONS);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** SHA-256 of a one-time code bound to its challenge, so equal codes never share a hash. */
export function hashCode(challengeId: string, code: string): string {
  return createHash('sha256').update(`${challengeId}:${code}`).digest('hex');
}

/** SHA-256 of a session token (the cookie value is never stored). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
