import { AppError, type PersonActor } from '../../platform/index.ts';
import type { Organization } from '../register/index.ts';
import type { ProfileDeps } from './deps.ts';
import { ProfileProblems } from './errors.ts';

/**
 * The organisation when the person acts for it (any role or single right, also through its main unit);
 * PROF-00010 otherwise. Unit data is public, so REG-00006/7/8 for a bad or unknown orgno tell nothing new.
 */
export async function getActedForOrganization(deps: ProfileDeps, person: PersonActor, orgno: string): Promise<Organization> {
  const { organization } = await deps.register.getOrganization(orgno);
  if (!(await deps.representation.actsFor(person.partyId, organization.partyId))) {
    throw new AppError(ProfileProblems.notActingForOrganization, { detail: `you hold no role or right for ${organization.name}` });
  }
  return organization;
}

/** The organisation when the person administers it (main administrator or access manager); PROF-00011 otherwise. */
export async function getAdministeredOrganization(deps: ProfileDeps, person: PersonActor, orgno: string): Promise<Organization> {
  const { organization } = await deps.register.getOrganization(orgno);
  if (!(await deps.representation.administers(person.partyId, organization.partyId))) {
    throw new AppError(ProfileProblems.notOrganizationAdministrator, { detail: `you do not administer ${organization.name}` });
  }
  return organization;
}
