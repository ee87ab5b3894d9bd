import { readVersions } from '../../platform/index.ts';
import { PARTY_RIGHTS_SCOPE, type ErRole } from '../register/index.ts';
import type { HolderFacts } from './caches.ts';
import { selectLiveDelegationsTo } from './db/delegation-store.ts';
import { selectLiveRightsTo } from './db/right-delegation-store.ts';
import type { AuthzDeps } from './deps.ts';
import type { Reportee } from './reportee.ts';
import { erToAltinnRoles, findAltinnRole, KEY_ER_ROLES, MAY_DELEGATE_MAIN_ADMINISTRATION } from './role-catalog.ts';

/** Where a held role comes from (Altinn II RightSourceType, roughly). */
export type RoleSource = 'er' | 'delegated' | 'client';

/** One Altinn role a party holds for a reportee, and why. */
export interface HeldRole {
  code: string;
  source: RoleSource;
  /** The ER role it comes with (source `er`). */
  erRole?: string;
  /** Held for the main unit and inherited by this sub-unit. */
  inheritedFromMainUnit: boolean;
  /** The delegation behind it (sources `delegated` and `client`). */
  delegationId?: string;
  /** The organisation it reaches the person through: the recipient of a delegation, or the client's firm. */
  viaPartyId?: number;
  /** Who gave the delegation behind it. */
  delegatedByPartyId?: number;
  validTo?: Date | null;
}

/** A single right (operations on one service edition) delegated to the holder, or to an organisation it is a key role holder of. */
export interface HeldRight {
  serviceCode: string;
  serviceEditionCode: number;
  operations: string[];
  delegationId: string;
  inheritedFromMainUnit: boolean;
  viaPartyId?: number;
  delegatedByPartyId: number;
  validTo: Date | null;
}

export interface Holdings {
  /** The holder is the reportee: everything is allowed. */
  isSelf: boolean;
  roles: HeldRole[];
  rights: HeldRight[];
}

/** Altinn roles an ER role held in an organisation brings. */
export function rolesFromEr(role: Pick<ErRole, 'roleCode'>): readonly string[] {
  return erToAltinnRoles[role.roleCode] ?? [];
}

/** True when the holdings include the role. */
export function holds(h: Holdings, code: string): boolean {
  return h.roles.some((r) => r.code === code);
}

/** Main administrator (HADM) who may also pass main administration on (through DAGL, LEDE, INNH or BEST). */
export function mayDelegateMainAdministration(h: Holdings): boolean {
  return h.roles.some((r) => r.code === 'HADM' && r.source === 'er' && MAY_DELEGATE_MAIN_ADMINISTRATION.has(r.erRole ?? ''));
}

const firmHolds = (firmErRoles: readonly ErRole[], clientPartyId: number, roleCode: string) =>
  firmErRoles.some((r) => r.organization.partyId === clientPartyId && rolesFromEr(r).includes(roleCode));

/**
 * Reads what a holder's roles are computed from. Each party's version is read before the data it guards,
 * so a change committed meanwhile shows as a newer version at the next check and the facts are reloaded.
 */
async function loadFacts(deps: AuthzDeps, holderPartyId: number): Promise<HolderFacts> {
  const versions = await readVersions(deps.db, PARTY_RIGHTS_SCOPE, [holderPartyId]);
  const erRoles = await deps.register.uncheckedListRolesHeldBy(holderPartyId);
  const keyOrganizations = [...new Set(erRoles.filter((r) => KEY_ER_ROLES.has(r.roleCode)).map((r) => r.organization.partyId))];
  // Altinn's ECKEYROLE: an enterprise user holds, like a key role holder, what was delegated to its organisation.
  if (erRoles.length === 0) {
    const enterpriseUser = await deps.register.uncheckedFindEnterpriseUserByPartyId(holderPartyId);
    if (enterpriseUser && !enterpriseUser.isDeleted) keyOrganizations.push(enterpriseUser.organization.partyId);
  }
  for (const [id, v] of await readVersions(deps.db, PARTY_RIGHTS_SCOPE, keyOrganizations)) versions.set(id, v);
  const now = deps.clock.now();
  const recipients = [holderPartyId, ...keyOrganizations];
  const roleDelegations = await selectLiveDelegationsTo(deps.db, recipients, now);
  const rightDelegations = await selectLiveRightsTo(deps.db, recipients, now);
  const firms = [...new Set(roleDelegations.filter((d) => d.via_party_id !== null && d.recipient_party_id === holderPartyId).map((d) => d.via_party_id!))];
  for (const [id, v] of await readVersions(deps.db, PARTY_RIGHTS_SCOPE, firms)) versions.set(id, v);
  const firmErRoles = new Map<number, ErRole[]>();
  for (const firm of firms) firmErRoles.set(firm, await deps.register.uncheckedListRolesHeldBy(firm));
  return { erRoles, keyOrganizations, roleDelegations, rightDelegations, firmErRoles, versions };
}

/**
 * The facts for a holder: from the process cache when every guarding version is unchanged (one indexed
 * query), else read afresh. Inside a transaction the cache is neither read nor written: it may hold
 * uncommitted changes.
 */
async function factsFor(deps: AuthzDeps, holderPartyId: number): Promise<HolderFacts> {
  if (deps.db.isTransaction) return loadFacts(deps, holderPartyId);
  const cached = deps.caches.facts(holderPartyId);
  if (cached) {
    const current = await readVersions(deps.db, PARTY_RIGHTS_SCOPE, [...cached.versions.keys()]);
    if ([...cached.versions].every(([id, v]) => current.get(id) === v)) return cached;
  }
  const facts = await loadFacts(deps, holderPartyId);
  deps.caches.setFacts(holderPartyId, facts);
  return facts;
}

/** The holdings the facts give for one reportee at `now`: expired delegations count for nothing. */
export function holdingsFrom(facts: HolderFacts, holderPartyId: number, reportee: Reportee, now: Date): Holdings {
  const offeredBy = new Set([reportee.partyId, ...(reportee.mainUnitPartyId !== null ? [reportee.mainUnitPartyId] : [])]);
  const live = (validTo: Date | null) => validTo === null || validTo > now;
  const roles: HeldRole[] = [];
  for (const er of facts.erRoles) {
    if (!offeredBy.has(er.organization.partyId)) continue;
    for (const code of rolesFromEr(er)) roles.push({ code, source: 'er', erRole: er.roleCode, inheritedFromMainUnit: er.organization.partyId !== reportee.partyId });
  }
  for (const d of facts.roleDelegations) {
    if (!offeredBy.has(d.reportee_party_id) || !live(d.valid_to) || !findAltinnRole(d.role_code)) continue;
    const inherited = d.reportee_party_id !== reportee.partyId;
    if (d.via_party_id !== null) {
      if (d.recipient_party_id !== holderPartyId || !firmHolds(facts.firmErRoles.get(d.via_party_id) ?? [], d.reportee_party_id, d.role_code)) continue;
      roles.push({
        code: d.role_code,
        source: 'client',
        inheritedFromMainUnit: inherited,
        delegationId: d.id,
        viaPartyId: d.via_party_id,
        delegatedByPartyId: d.delegated_by_party_id,
        validTo: d.valid_to,
      });
    } else {
      roles.push({
        code: d.role_code,
        source: 'delegated',
        inheritedFromMainUnit: inherited,
        delegationId: d.id,
        ...(d.recipient_party_id !== holderPartyId ? { viaPartyId: d.recipient_party_id } : {}),
        delegatedByPartyId: d.delegated_by_party_id,
        validTo: d.valid_to,
      });
    }
  }
  const rights: HeldRight[] = [];
  for (const r of facts.rightDelegations) {
    if (!offeredBy.has(r.reportee_party_id) || !live(r.valid_to)) continue;
    rights.push({
      serviceCode: r.service_code,
      serviceEditionCode: r.service_edition_code,
      operations: r.operations,
      delegationId: r.id,
      inheritedFromMainUnit: r.reportee_party_id !== reportee.partyId,
      ...(r.recipient_party_id !== holderPartyId ? { viaPartyId: r.recipient_party_id } : {}),
      delegatedByPartyId: r.delegated_by_party_id,
      validTo: r.valid_to,
    });
  }
  return { isSelf: holderPartyId === reportee.partyId, roles, rights };
}

/**
 * Every Altinn role and single right `holderPartyId` holds for `reportee`: from its ER roles there (and in
 * the main unit, which sub-units inherit), from live delegations to it, from delegations to organisations
 * where it is one of the key role holders, and client roles passed on by a firm that still holds them.
 * A revocation committed anywhere is seen by the next call (versioned cache, see `factsFor`).
 */
export async function listHeldRoles(deps: AuthzDeps, holderPartyId: number, reportee: Reportee): Promise<Holdings> {
  return holdingsFrom(await factsFor(deps, holderPartyId), holderPartyId, reportee, deps.clock.now());
}

/** The holder's facts, for listing reportees. */
export const uncheckedHolderFacts = factsFor;

/** True while the firm holds the client role in the client through its REGN or REVI role there. */
export async function firmHoldsClientRole(deps: AuthzDeps, firmPartyId: number, clientPartyId: number, roleCode: string): Promise<boolean> {
  return firmHolds(await deps.register.uncheckedListRolesHeldBy(firmPartyId), clientPartyId, roleCode);
}
