import { requirePerson, type Actor } from '../../platform/index.ts';
import type { Organization } from '../register/index.ts';
import type { AuthzDeps } from './deps.ts';
import { rolesFromEr, uncheckedHolderFacts } from './held-roles.ts';

/** Someone the actor may act for, as the "choose reportee" list shows it. */
export interface ReporteeEntry {
  partyId: number;
  type: 'person' | 'organization';
  orgno: string | null;
  name: string;
  unitType: 'main' | 'sub' | null;
  isDeleted: boolean;
  /** Sub-units of a main unit the actor holds roles in (they inherit them). */
  subUnits: ReporteeEntry[];
}

// One collator for every comparison: localeCompare with a locale builds one per call (microseconds each).
const byName = new Intl.Collator('nb');

const orgEntry = (o: Organization, subUnits: ReporteeEntry[] = []): ReporteeEntry => ({
  partyId: o.partyId,
  type: 'organization',
  orgno: o.orgno,
  name: o.name,
  unitType: o.unitType,
  isDeleted: o.isDeleted,
  subUnits,
});

/**
 * Everyone the person may act for: themself first, then organisations (by name) where they hold roles
 * through the Central Coordinating Register, delegations (also to organisations where they are a key role
 * holder) and client roles a firm passed on; a main unit lists its sub-units, which inherit its roles.
 */
export async function listReportees(deps: AuthzDeps, actor: Actor): Promise<ReporteeEntry[]> {
  const person = requirePerson(actor);
  const self = await deps.register.uncheckedGetParty(person.partyId);
  const partyIds = new Set<number>();
  const facts = await uncheckedHolderFacts(deps, person.partyId);
  const now = deps.clock.now();
  for (const r of facts.erRoles) if (rolesFromEr(r).length > 0) partyIds.add(r.organization.partyId);
  for (const d of facts.roleDelegations) {
    if (d.valid_to !== null && d.valid_to <= now) continue;
    if (d.via_party_id !== null) {
      const firmRoles = facts.firmErRoles.get(d.via_party_id) ?? [];
      if (d.recipient_party_id !== person.partyId || !firmRoles.some((r) => r.organization.partyId === d.reportee_party_id && rolesFromEr(r).includes(d.role_code))) continue;
    }
    partyIds.add(d.reportee_party_id);
  }
  for (const r of facts.rightDelegations) if (r.valid_to === null || r.valid_to > now) partyIds.add(r.reportee_party_id);
  partyIds.delete(person.partyId);

  const entries: ReporteeEntry[] = [];
  const listedAsSubUnit = new Set<number>();
  const found = await deps.register.uncheckedListParties([...partyIds]);
  for (const { organization, subUnits } of found.organizations) {
    for (const s of subUnits) listedAsSubUnit.add(s.partyId);
    entries.push(orgEntry(organization, subUnits.map((s) => orgEntry(s)).sort((a, b) => byName.compare(a.name, b.name))));
  }
  const persons: ReporteeEntry[] = found.persons.map((p) => ({ partyId: p.partyId, type: 'person', orgno: null, name: p.name, unitType: null, isDeleted: p.isDeleted, subUnits: [] }));
  const organizations = entries.filter((e) => !listedAsSubUnit.has(e.partyId)).sort((a, b) => byName.compare(a.name, b.name));
  const me: ReporteeEntry = { partyId: self.partyId, type: 'person', orgno: null, name: self.name, unitType: null, isDeleted: self.isDeleted, subUnits: [] };
  return [me, ...persons.sort((a, b) => byName.compare(a.name, b.name)), ...organizations];
}
