import { requireLevel, requirePerson, type Actor } from '../../platform/index.ts';
import type { ProfileDeps } from './deps.ts';
import { getAdministeredOrganization } from './organization-access.ts';
import { uncheckedSetOrganizationNotificationAddresses } from './organization-notification-addresses.ts';
import type { OrganizationNotificationAddresses } from './profile.ts';

/**
 * Replaces an organisation's notification addresses. Only its main administrators and access managers
 * (PROF-00011 otherwise), logged in at level 2 like every other administrative change (delegation, data
 * systems): these addresses decide where the organisation's notices go.
 */
export async function setOrganizationNotificationAddresses(
  deps: ProfileDeps,
  caller: Actor,
  orgno: string,
  input: { emails: string[]; mobiles: string[] },
): Promise<OrganizationNotificationAddresses> {
  const person = requirePerson(caller);
  requireLevel(person, 2, 'changing notification addresses');
  const organization = await getAdministeredOrganization(deps, person, orgno);
  return uncheckedSetOrganizationNotificationAddresses(deps, organization.partyId, input);
}
