import { requirePerson, type Actor } from '../../platform/index.ts';
import type { ProfileDeps } from './deps.ts';
import { getActedForOrganization } from './organization-access.ts';
import { uncheckedGetOrganizationNotificationAddresses } from './organization-notification-addresses.ts';
import type { OrganizationNotificationAddresses } from './profile.ts';

/**
 * An organisation's notification addresses, for a person who acts for it (PROF-00010 otherwise) or any
 * service owner (agencies send notices to organisations). Data systems get PLAT-00014.
 */
export async function getOrganizationNotificationAddresses(deps: ProfileDeps, actor: Actor, orgno: string): Promise<OrganizationNotificationAddresses> {
  if (actor.kind === 'serviceOwner') {
    const { organization } = await deps.register.getOrganization(orgno);
    return uncheckedGetOrganizationNotificationAddresses(deps, organization.partyId);
  }
  const organization = await getActedForOrganization(deps, requirePerson(actor), orgno);
  return uncheckedGetOrganizationNotificationAddresses(deps, organization.partyId);
}
