import { AppError, requirePerson, type Actor } from '../../platform/index.ts';
import { selectPersonalContact } from './db/profile-store.ts';
import type { ProfileDeps } from './deps.ts';
import { ProfileProblems } from './errors.ts';
import { toPersonalContact } from './list-personal-contacts.ts';
import { getActedForOrganization } from './organization-access.ts';
import type { PersonalContact } from './profile.ts';

/**
 * The e-mail and mobile the logged-in person registered for notices about an organisation they act for;
 * PROF-00012 when none. Only the person's own row is ever read here.
 */
export async function getMyOrganizationContact(deps: ProfileDeps, caller: Actor, orgno: string): Promise<PersonalContact> {
  const person = requirePerson(caller);
  const organization = await getActedForOrganization(deps, person, orgno);
  const row = await selectPersonalContact(deps.db, organization.partyId, person.partyId);
  if (!row) throw new AppError(ProfileProblems.personalContactNotFound, { detail: `none for ${organization.name}` });
  return toPersonalContact(row);
}
