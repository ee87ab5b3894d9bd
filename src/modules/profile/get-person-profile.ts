import { selectPersonProfile } from './db/profile-store.ts';
import type { ProfileDeps } from './deps.ts';
import { assertPerson, type PersonProfile } from './profile.ts';

/** A person's profile; a person who never saved one gets the defaults (nb, no contact data, not reserved). */
export async function uncheckedGetPersonProfile(deps: ProfileDeps, partyId: number): Promise<PersonProfile> {
  const row = await selectPersonProfile(deps.db, partyId);
  if (!row) {
    await assertPerson(deps.register, partyId);
    return { partyId, language: 'nb', email: null, mobile: null, isReserved: false };
  }
  return { partyId, language: row.language, email: row.email, mobile: row.mobile, isReserved: row.is_reserved };
}
