import { selectPersonalContacts } from './db/profile-store.ts';
import type { PersonalContactTable } from './db/tables.ts';
import type { ProfileDeps } from './deps.ts';
import type { PersonalContact } from './profile.ts';

export const toPersonalContact = (row: PersonalContactTable): PersonalContact => ({
  personPartyId: row.person_party_id,
  organizationPartyId: row.organization_party_id,
  email: row.email,
  mobile: row.mobile,
  updatedAt: row.updated_at,
});

/**
 * The personal contacts registered for an organisation, by person party id, for sending notices about
 * it. Only persons who still act for the organisation are listed: someone who lost every role keeps
 * their row (it counts again if they get a role back) but gets no notices meanwhile. Which of them may
 * see a particular notice (rights for its service) is the sender's question.
 */
export async function uncheckedListPersonalContacts(deps: ProfileDeps, organizationPartyId: number): Promise<PersonalContact[]> {
  const rows = await selectPersonalContacts(deps.db, organizationPartyId);
  const contacts: PersonalContact[] = [];
  for (const row of rows) {
    if (await deps.representation.actsFor(row.person_party_id, organizationPartyId)) contacts.push(toPersonalContact(row));
  }
  return contacts;
}
