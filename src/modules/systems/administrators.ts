import type { Register } from '../register/index.ts';

/**
 * ER roles that make a person the organisation's main administrator (HADM) in Altinn: INNH, LEDE, DTPR,
 * DTSO, BEST and DAGL (`reference/altinn2.md` §5.3). An interim rule until the authz module (issue 4)
 * decides administration, delegations included.
 */
const MAIN_ADMINISTRATOR_ROLES = new Set(['DAGL', 'LEDE', 'INNH', 'DTPR', 'DTSO', 'BEST']);

/** True when the person holds a main-administrator ER role in the organisation (or, for a sub-unit, its main unit). */
export async function isMainAdministrator(register: Register, personPartyId: number, orgno: string, parentOrgno: string | null): Promise<boolean> {
  const roles = await register.uncheckedListRolesHeldBy(personPartyId);
  return roles.some((r) => MAIN_ADMINISTRATOR_ROLES.has(r.roleCode) && (r.organization.orgno === orgno || r.organization.orgno === parentOrgno));
}
