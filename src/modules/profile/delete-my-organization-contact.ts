import { requirePerson, type Actor } from '../../platform/index.ts';
import { deletePersonalContact } from './db/profile-store.ts';
import type { ProfileDeps } from './deps.ts';

/**
 * Deletes the logged-in person's contact for an organisation (nothing happens when there is none). Unlike
 * reading or setting it, this needs no role for the organisation: someone who lost theirs can still remove
 * their own data, and deleting one's own row reveals nothing.
 */
export async function deleteMyOrganizationContact(deps: ProfileDeps, caller: Actor, orgno: string): Promise<void> {
  const person = requirePerson(caller);
  const { organization } = await deps.register.getOrganization(orgno);
  await deletePersonalContact(deps.db, organization.partyId, person.partyId);
}
