import type { AuthzDeps } from './deps.ts';
import { holds, listHeldRoles, type Holdings } from './held-roles.ts';
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
