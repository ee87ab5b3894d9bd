import { inTransaction } from '../../platform/index.ts';
import { normalizeEmail, normalizeMobile, parseLanguage } from './contact.ts';
import { upsertPersonProfile } from './db/profile-store.ts';
import { bindProfileDeps, type ProfileDeps } from './deps.ts';
import { uncheckedGetPersonProfile } from './get-person-profile.ts';
import type { PersonProfile } from './profile.ts';

export interface PersonProfileChange {
  language?: string | number;
  /** null clears it. */
  email?: string | null;
  /** null clears it. */
  mobile?: string | null;
  isReserved?: boolean;
}

/** Changes the given fields of a person's profile; fields left out keep their value. */
export async function uncheckedUpdatePersonProfile(deps: ProfileDeps, partyId: number, change: PersonProfileChange): Promise<PersonProfile> {
  // Validate everything before touching the database, so nothing is half-written.
  const language = change.language === undefined ? undefined : parseLanguage(change.language);
  const email = change.email === undefined || change.email === null ? change.email : normalizeEmail(change.email);
  const mobile = change.mobile === undefined || change.mobile === null ? change.mobile : normalizeMobile(change.mobile);
  return inTransaction(deps.db, async (trx) => {
    const current = await uncheckedGetPersonProfile(bindProfileDeps(deps, trx), partyId);
    const next: PersonProfile = {
      partyId,
      language: language ?? current.language,
      email: email === undefined ? current.email : email,
      mobile: mobile === undefined ? current.mobile : mobile,
      isReserved: change.isReserved ?? current.isReserved,
    };
    await upsertPersonProfile(trx, {
      party_id: partyId,
      language: next.language,
      email: next.email,
      mobile: next.mobile,
      is_reserved: next.isReserved,
      updated_at: deps.clock.now(),
    });
    return next;
  });
}
