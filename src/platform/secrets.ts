import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';

// argon2id with the OWASP minimum (19 MiB, 2 iterations): 12–19 ms per hash or check on the project machine.
// (algorithm 2 is Argon2id in the package's const enum, which erasable TypeScript cannot name.)
const OPTIONS: Options = { algorithm: 2 as Options['algorithm'], memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** argon2id hash of a password (persons, data systems, service-owner systems). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verifying against this when there is no stored hash costs the same time as a real check, so response
// times do not tell which accounts or systems exist.
let dummyHash: Promise<string> | undefined;

// Systems that send their password with every call (SOAP Basic and WS) would pay an argon2id check (12–19 ms)
// per call. A right password is remembered for a few minutes under an HMAC of the stored hash and the
// password with a key that lives only in this process's memory, so a repeat is checked without argon2. A
// changed password has a new stored hash (a new salt), which no remembered entry matches; a wrong
// password is never remembered, so lockouts and rate limits see every wrong attempt.
const REMEMBER_MS = 5 * 60_000;
const REMEMBER_MAX = 10_000;
const rememberKey = randomBytes(32);
const remembered = new Map<string, number>();

function rememberedKey(stored: string, password: string): string {
  return createHmac('sha256', rememberKey).update(stored).update('\0').update(password).digest('base64');
}

/** True when `password` matches `stored`; with no stored hash, spends the same time and returns false. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hash('tinn-dummy-password-0', OPTIONS);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  const key = rememberedKey(stored, password);
  const until = remembered.get(key);
  if (until !== undefined && until > Date.now()) return true;
  const ok = await verify(stored, password).catch(() => false);
  if (ok) {
    remembered.delete(key);
    remembered.set(key, Date.now() + REMEMBER_MS);
    if (remembered.size > REMEMBER_MAX) remembered.delete(remembered.keys().next().value!);
  }
  return ok;
}

/**
 * SHA-256 in hex. Enough for high-entropy secrets Tinn generates itself (session tokens, API keys, codes
 * bound to a random challenge id); never for passwords people choose.
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
