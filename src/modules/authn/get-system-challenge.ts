import { AppError } from '../../platform/index.ts';
import { audit } from './audit.ts';
import { assertSystemSubmissionAllowed, checkPersonPassword, parseSystemRef } from './check-credentials.ts';
import { selectNextLetterCode } from './db/code-letter-store.ts';
import { endSystemChallenges, insertSystemChallenge } from './db/system-challenge-store.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import { findPartyByIdentifier } from './identify.ts';
import { hashCode } from './passwords.ts';
import { limitAttempts, type RequestContext } from './rate-limits.ts';
import { maskMobile } from './start-login.ts';

/** How the user proves the second factor to a data system (Altinn II AuthMethod; TaxPin was retired in 2017). */
export type SystemAuthMethod = 'SMSPin' | 'AltinnPin';

export interface SystemChallengeRequest {
  /** The numeric SystemID, or the user's own user name when they allowed that. */
  systemId: string | number;
  /** The user's national id or user name. */
  userIdentifier: string;
  userPassword: string;
  authMethod: SystemAuthMethod;
}

/** Altinn II's AuthenticationChallengeBE. `NoCodeLetter` is Tinn's: AltinnPin without an unused letter code. */
export interface SystemChallenge {
  status: 'Ok' | 'NoPhoneNumber' | 'NoCodeLetter';
  message: string;
  validFrom: Date | null;
  validTo: Date | null;
}

const dateText = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;

const TEXT = {
  nb: {
    sms: (code: string, minutes: number) => `Engangskoden din for datasystemet er ${code}. Den må brukes innen ${minutes} minutter. Ikke del den med andre.`,
    sent: (to: string, minutes: number) => `Engangskode sendt på SMS til ${to}. Bruk den innen ${minutes} minutter.`,
    letter: (n: number, dated: Date) => `Benytt engangskode ${n} fra kodebrev datert ${dateText(dated)}.`,
    noPhone: 'Mobilnummer er ikke registrert. Registrer det under avanserte innstillinger i profilen.',
    noLetter: 'Du har ingen ubrukte koder i kodebrev. Bestill nytt kodebrev, eller bruk SMSPin.',
  },
  nn: {
    sms: (code: string, minutes: number) => `Eingongskoden din for datasystemet er ${code}. Han må brukast innan ${minutes} minutt. Ikkje del han med andre.`,
    sent: (to: string, minutes: number) => `Eingongskode sendt på SMS til ${to}. Bruk han innan ${minutes} minutt.`,
    letter: (n: number, dated: Date) => `Bruk eingongskode ${n} frå kodebrev datert ${dateText(dated)}.`,
    noPhone: 'Mobilnummer er ikkje registrert. Registrer det under avanserte innstillingar i profilen.',
    noLetter: 'Du har ingen ubrukte kodar i kodebrev. Bestill nytt kodebrev, eller bruk SMSPin.',
  },
  en: {
    sms: (code: string, minutes: number) => `Your one-time code for the data system is ${code}. Use it within ${minutes} minutes. Do not share it.`,
    sent: (to: string, minutes: number) => `One-time code sent by SMS to ${to}. Use it within ${minutes} minutes.`,
    letter: (n: number, dated: Date) => `Use one-time code ${n} from the code letter dated ${dateText(dated)}.`,
    noPhone: 'No mobile number is registered. Add one under advanced settings in your profile.',
    noLetter: 'You have no unused codes in a code letter. Order a new code letter, or use SMSPin.',
  },
};

/**
 * Altinn II GetAuthenticationChallenge: a data system asks for a one-time code for its user. The system
 * must exist (AUTN-00014), the user's password must be right (counted towards the login lockout), and a
 * system registered on a person serves only that person (AUTN-00017). SMSPin sends a code to the
 * profile's mobile number; AltinnPin names the next unused code of the user's code letter. A missing
 * mobile number or letter is a status, as in Altinn II, not an error. A new challenge replaces the open ones.
 */
export async function getSystemChallenge(deps: AuthnDeps, input: SystemChallengeRequest, context: RequestContext): Promise<SystemChallenge> {
  await limitAttempts(deps, [
    { key: `system:ip:${context.ip}`, limit: deps.settings.rateLimitSystemPerMinute, windowSeconds: 60 },
    { key: `challenge:account:${input.userIdentifier.trim().toLowerCase()}`, limit: deps.settings.rateLimitAccountPerHour, windowSeconds: 3600 },
  ]);
  const ref = parseSystemRef(input.systemId);
  let systemId: number | null = null;
  let personOwner: number | undefined;
  if (ref.kind === 'data') {
    const owner = await deps.systems.uncheckedFindDataSystemOwner(ref.systemId);
    if (!owner) throw new AppError(AuthnProblems.wrongSystemCredentials, { detail: 'no data system has this SystemID' });
    systemId = ref.systemId;
    if (owner.ownerType === 'person') personOwner = owner.ownerPartyId;
  }
  const partyId = await checkPersonPassword(deps, input.userIdentifier, input.userPassword, 'system.challenge');
  if (ref.kind === 'username') {
    if ((await findPartyByIdentifier(deps, ref.username)) !== partyId) throw new AppError(AuthnProblems.systemOwnedByAnotherPerson, { detail: 'a user name stands in only for its own person' });
    await assertSystemSubmissionAllowed(deps, partyId);
  }
  if (personOwner !== undefined && personOwner !== partyId) throw new AppError(AuthnProblems.systemOwnedByAnotherPerson);

  const profile = await deps.profile.uncheckedGetPersonProfile(partyId);
  const text = TEXT[profile.language];
  const now = deps.clock.now();
  const id = deps.random.uuid();
  if (input.authMethod === 'SMSPin') {
    if (!profile.mobile) {
      await audit(deps, deps.db, { event: 'system.challenge', outcome: 'failure', partyId, detail: { systemId, reason: 'no mobile number' } });
      return { status: 'NoPhoneNumber', message: text.noPhone, validFrom: null, validTo: null };
    }
    const code = String(deps.random.int(0, 1_000_000)).padStart(6, '0');
    const validTo = new Date(now.getTime() + deps.settings.codeTtlSeconds * 1000);
    await deps.db.transaction().execute(async (trx) => {
      await endSystemChallenges(trx, partyId, systemId, now);
      await insertSystemChallenge(trx, { id, system_id: systemId, user_party_id: partyId, auth_method: 'SMSPin', code_hash: hashCode(id, code), letter_id: null, pin_number: null, created_at: now, code_expires_at: validTo });
      await audit(deps, trx, { event: 'system.challenge', outcome: 'success', partyId, detail: { systemId, authMethod: 'SMSPin' } });
    });
    const minutes = Math.round(deps.settings.codeTtlSeconds / 60);
    await deps.sms.send({ to: profile.mobile, sender: 'Tinn', text: text.sms(code, minutes) });
    return { status: 'Ok', message: text.sent(maskMobile(profile.mobile), minutes), validFrom: now, validTo };
  }
  const next = await selectNextLetterCode(deps.db, partyId);
  if (!next) {
    await audit(deps, deps.db, { event: 'system.challenge', outcome: 'failure', partyId, detail: { systemId, reason: 'no code letter' } });
    return { status: 'NoCodeLetter', message: text.noLetter, validFrom: null, validTo: null };
  }
  // The user has the letter at hand; the code must be used within the same window a used code lasts.
  const validTo = new Date(now.getTime() + deps.settings.systemChallengeMinutes * 60_000);
  await deps.db.transaction().execute(async (trx) => {
    await endSystemChallenges(trx, partyId, systemId, now);
    await insertSystemChallenge(trx, { id, system_id: systemId, user_party_id: partyId, auth_method: 'AltinnPin', code_hash: null, letter_id: next.letterId, pin_number: next.number, created_at: now, code_expires_at: validTo });
    await audit(deps, trx, { event: 'system.challenge', outcome: 'success', partyId, detail: { systemId, authMethod: 'AltinnPin', pinNumber: next.number } });
  });
  return { status: 'Ok', message: text.letter(next.number, next.letterDate), validFrom: now, validTo };
}
