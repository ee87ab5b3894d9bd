import { AppError } from '../../platform/index.ts';
import { audit } from './audit.ts';
import { consumeOpenChallenges, insertChallenge } from './db/login-store.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import { checkPersonPassword } from './check-credentials.ts';
import { hashCode } from './passwords.ts';
import { limitAttempts, type RequestContext } from './rate-limits.ts';

export interface LoginStart {
  challengeId: string;
  expiresAt: Date;
  /** The mobile number the code went to, mostly hidden: "+47 ••• •• 567". */
  sentTo: string;
}

const CODE_TEXT = {
  nb: (code: string, minutes: number) => `Din engangskode for innlogging i Tinn er ${code}. Koden gjelder i ${minutes} minutter. Ikke del den med andre.`,
  nn: (code: string, minutes: number) => `Eingongskoden din for innlogging i Tinn er ${code}. Koden gjeld i ${minutes} minutt. Ikkje del han med andre.`,
  en: (code: string, minutes: number) => `Your Tinn login code is ${code}. It is valid for ${minutes} minutes. Do not share it.`,
};

/** Hides all but the last three digits of a mobile number. */
export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 3)} ••• •• ${mobile.slice(-3)}`;
}

/**
 * Step 1 of person login: checks the national id or user name and password, then sends a one-time code by
 * SMS to the profile's mobile number. A wrong password counts towards the lockout; the answer does not
 * say whether the user exists. Only after the right password does it say that the mobile number is missing.
 * Attempts are limited per IP address and per identifier (AUTN-00013).
 */
export async function startLogin(deps: AuthnDeps, input: { identifier: string; password: string }, context: RequestContext): Promise<LoginStart> {
  await limitAttempts(deps, [
    { key: `login:ip:${context.ip}`, limit: deps.settings.rateLimitIpPerMinute, windowSeconds: 60 },
    { key: `login:account:${input.identifier.trim().toLowerCase()}`, limit: deps.settings.rateLimitAccountPerHour, windowSeconds: 3600 },
  ]);
  const partyId = await checkPersonPassword(deps, input.identifier, input.password, 'login.password');
  const profile = await deps.profile.uncheckedGetPersonProfile(partyId);
  if (!profile.mobile) {
    await audit(deps, deps.db, { event: 'login.password', outcome: 'failure', partyId, detail: { reason: 'no mobile number' } });
    throw new AppError(AuthnProblems.noPhoneNumber);
  }
  const now = deps.clock.now();
  const challengeId = deps.random.uuid();
  const code = String(deps.random.int(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + deps.settings.codeTtlSeconds * 1000);
  await deps.db.transaction().execute(async (trx) => {
    await consumeOpenChallenges(trx, partyId, now);
    await insertChallenge(trx, { id: challengeId, party_id: partyId, code_hash: hashCode(challengeId, code), created_at: now, expires_at: expiresAt });
    await audit(deps, trx, { event: 'login.password', outcome: 'success', partyId, detail: { challengeId } });
  });
  await deps.sms.send({ to: profile.mobile, sender: 'Tinn', text: CODE_TEXT[profile.language](code, Math.round(deps.settings.codeTtlSeconds / 60)) });
  return { challengeId, expiresAt, sentTo: maskMobile(profile.mobile) };
}
