import { partyRef, type PartyRef } from './delegation.ts';
import type { AuthzDeps } from './deps.ts';
import { holds, listHeldRoles, rolesFromEr, type Holdings } from './held-roles.ts';
import type { Reportee } from './reportee.ts';

/** A main administrator (HADM) or access manager (ADMAI) of the reportee, or the reportee itself. */
export function isAdministrator(h: Holdings): boolean {
  return h.isSelf || holds(h, 'HADM') || holds(h, 'ADMAI');
}

/** Whether the person administers the reportee (main administrator, access manager, or the person themself). */
export async function administers(deps: AuthzDeps, personPartyId: number, reportee: Reportee): Promise<boolean> {
  return isAdministrator(await listHeldRoles(deps, personPartyId, reportee));
}

/** Whether the person is the reportee's main administrator (HADM), or the reportee itself. */
export async function isMainAdministrator(deps: AuthzDeps, personPartyId: number, reportee: Reportee): Promise<boolean> {
  const h = await listHeldRoles(deps, personPartyId, reportee);
  return h.isSelf || holds(h, 'HADM');
}

/**
 * The reportee's main administrators by name (through their ER roles there or in the main unit): who can
 * give a missing right. A person administers themself.
 */
export async function listMainAdministrators(deps: AuthzDeps, reportee: Reportee): Promise<PartyRef[]> {
  if (reportee.type === 'person') return [await partyRef(deps, reportee.partyId)];
  const units = [reportee.orgno!, ...(reportee.mainUnitOrgno !== null ? [reportee.mainUnitOrgno] : [])];
  const out = new Map<number, PartyRef>();
  for (const orgno of units) {
    for (const r of await deps.register.listOrganizationRoles(orgno)) {
      if (r.holder.type === 'person' && rolesFromEr(r).includes('HADM')) out.set(r.holder.partyId, { type: 'person', partyId: r.holder.partyId, name: r.holder.name, birthDate: r.holder.birthDate });
    }
  }
  return [...out.values()];
}
