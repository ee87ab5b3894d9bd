import { selectOrganizationsWithSubUnits, selectPersonsByPartyIds } from './db/party-store.ts';
import type { RegisterDeps } from './deps.ts';
import type { OrganizationDetails } from './get-organization.ts';
import type { Person } from './party.ts';

/**
 * Many parties at once, for lists such as "choose reportee": the organisations (with the sub-units of main
 * units) and persons among `partyIds`, in three queries whatever their number. Ids that name nobody are
 * left out. Callers check access.
 */
export async function uncheckedListParties(deps: Pick<RegisterDeps, 'db'>, partyIds: readonly number[]): Promise<{ organizations: OrganizationDetails[]; persons: Person[] }> {
  const ids = [...new Set(partyIds)];
  const { organizations, subUnits } = await selectOrganizationsWithSubUnits(deps.db, ids);
  const children = new Map<number, typeof subUnits>();
  const byOrgno = new Map(organizations.map((o) => [o.orgno, o.partyId]));
  for (const s of subUnits) {
    const parent = byOrgno.get(s.parentOrgno ?? '');
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const found = new Set(organizations.map((o) => o.partyId));
  const persons = await selectPersonsByPartyIds(deps.db, ids.filter((id) => !found.has(id)));
  return { organizations: organizations.map((o) => ({ organization: o, subUnits: o.unitType === 'main' ? (children.get(o.partyId) ?? []) : [] })), persons };
}
