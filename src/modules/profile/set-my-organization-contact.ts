import { requirePerson, type Actor } from '../../platform/index.ts';
import { addressChecks, normalizeEmail, normalizeMobile } from './contact.ts';
import { deletePersonalContact, upsertPersonalContact } from './db/profile-store.ts';
import type { ProfileDeps } from './deps.ts';
import { getActedForOrganization } from './organization-access.ts';
import type { PersonalContact } from './profile.ts';

export interface OrganizationContactChange {
  /** Left out or null: none. */
  email?: string | null;
  /** Left out or null: none. */
  mobile?: string | null;
}

/**
 * Replaces the logged-in person's e-mail and mobile for notices about an organisation they act for; with
 * neither, the contact is deleted and the answer is null. Both addresses are checked and every bad one
 * reported together. No security level is needed: login codes never go to these addresses.
 */
export async function setMyOrganizationContact(deps: ProfileDeps, caller: Actor, orgno: string, change: OrganizationContactChange): Promise<PersonalContact | null> {
  const person = requirePerson(caller);
  const organization = await getActedForOrganization(deps, person, orgno);
  const checks = addressChecks();
  const email = change.email == null ? null : (checks.check('email', () => normalizeEmail(change.email!)) ?? null);
  const mobile = change.mobile == null ? null : (checks.check('mobile', () => normalizeMobile(change.mobile!)) ?? null);
  checks.throwIfAny();
  if (email === null && mobile === null) {
    await deletePersonalContact(deps.db, organization.partyId, person.partyId);
    return null;
  }
  const contact: PersonalContact = { personPartyId: person.partyId, organizationPartyId: organization.partyId, email, mobile, updatedAt: deps.clock.now() };
  await upsertPersonalContact(deps.db, {
    person_party_id: contact.personPartyId,
    organization_party_id: contact.organizationPartyId,
    email,
    mobile,
    updated_at: contact.updatedAt,
  });
  return contact;
}
