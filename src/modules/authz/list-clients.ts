import { AppError, requirePerson, type Actor } from '../../platform/index.ts';
import { selectLiveDelegationsVia } from './db/delegation-store.ts';
import { toDelegation, type Delegation, type PartyRef } from './delegation.ts';
import type { AuthzDeps } from './deps.ts';
import { AuthzProblems } from './errors.ts';
import { holds, listHeldRoles, rolesFromEr } from './held-roles.ts';
import { resolveReportee } from './reportee.ts';
import { findAltinnRole, type Names } from './role-catalog.ts';

/** A client of an accounting or audit firm: the client roles the firm holds there, and whom it passed them on to. */
export interface FirmClient {
  client: PartyRef;
  /** The firm's ER roles in the client (REGN, REVI). */
  erRoles: string[];
  /** The client roles those bring (A0237–A0241), which the client administrator may pass on. */
  clientRoles: { code: string; name: Names }[];
  /** Live client-role delegations the firm has passed on for this client, newest first. */
  delegations: Delegation[];
}

const byName = new Intl.Collator('nb');

/**
 * Klientadministrasjon: the firm's clients (where it is accountant or auditor in the Central Coordinating
 * Register), the client roles it holds in each and the delegations of them it has passed on to its people.
 * For the firm's client administrators (KLADM) only (AUTZ-00007).
 */
export async function listClients(deps: AuthzDeps, actor: Actor, firmRef: string): Promise<FirmClient[]> {
  const person = requirePerson(actor);
  const firm = await resolveReportee(deps, actor, firmRef);
  if (!holds(await listHeldRoles(deps, person.partyId, firm), 'KLADM')) throw new AppError(AuthzProblems.notClientAdministrator);
  const clients = new Map<number, FirmClient>();
  for (const r of await deps.register.uncheckedListRolesHeldBy(firm.partyId)) {
    const codes = rolesFromEr(r).filter((code) => findAltinnRole(code)?.delegability === 'client');
    if (codes.length === 0) continue;
    const entry = clients.get(r.organization.partyId) ?? {
      client: { type: 'organization', partyId: r.organization.partyId, orgno: r.organization.orgno, name: r.organization.name },
      erRoles: [],
      clientRoles: [],
      delegations: [],
    };
    entry.erRoles.push(r.roleCode);
    for (const code of codes) if (!entry.clientRoles.some((c) => c.code === code)) entry.clientRoles.push({ code, name: findAltinnRole(code)!.name });
    clients.set(r.organization.partyId, entry);
  }
  const rows = await selectLiveDelegationsVia(deps.db, firm.partyId, [...clients.keys()], deps.clock.now());
  for (const row of rows) {
    // A delegation of a role the firm no longer holds there has lapsed: it grants nothing and is not shown.
    const entry = clients.get(row.reportee_party_id)!;
    if (entry.clientRoles.some((c) => c.code === row.role_code)) entry.delegations.push(await toDelegation(deps, row));
  }
  return [...clients.values()].sort((a, b) => byName.compare(a.client.name, b.client.name));
}
