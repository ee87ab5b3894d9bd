import type { ErRole } from '../register/index.ts';
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

/**
 * Every Altinn role `holderPartyId` holds for `reportee`: from its ER roles there (and in the main unit, which
 * sub-units inherit), from live delegations to it, from delegations to organisations where it is one of the
 * key role holders, and client roles passed on by a firm that still holds them. Expired and revoked
 * delegations count for nothing, read fresh on every call (no cache: a revocation applies at once).
 */
export async function listHeldRoles(deps: AuthzDeps, holderPartyId: number, reportee: Reportee): Promise<Holdings> {
  const isSelf = holderPartyId === reportee.partyId;
  const offeredBy = new Set([reportee.partyId, ...(reportee.mainUnitPartyId !== null ? [reportee.mainUnitPartyId] : [])]);
  const roles: HeldRole[] = [];
  const erRoles = await deps.register.uncheckedListRolesHeldBy(holderPartyId);
  for (const er of erRoles) {
    if (!offeredBy.has(er.organization.partyId)) continue;
    for (const code of rolesFromEr(er)) {
      roles.push({ code, source: 'er', erRole: er.roleCode, inheritedFromMainUnit: er.organization.partyId !== reportee.partyId });
    }
  }
  // Organisations where the holder is a key role holder: delegations to them reach the holder too.
  const keyOrganizations = erRoles.filter((r) => KEY_ER_ROLES.has(r.roleCode)).map((r) => r.organization.partyId);
  const delegations = await selectLiveDelegationsTo(deps.db, [holderPartyId, ...keyOrganizations], deps.clock.now());
  for (const d of delegations) {
    if (!offeredBy.has(d.reportee_party_id)) continue;
    const inherited = d.reportee_party_id !== reportee.partyId;
    if (d.via_party_id !== null) {
      if (d.recipient_party_id !== holderPartyId) continue;
      if (!(await firmHoldsClientRole(deps, d.via_party_id, d.reportee_party_id, d.role_code))) continue;
      roles.push({ code: d.role_code, source: 'client', inheritedFromMainUnit: inherited, delegationId: d.id, viaPartyId: d.via_party_id, validTo: d.valid_to });
    } else {
      roles.push({
        code: d.role_code,
        source: 'delegated',
        inheritedFromMainUnit: inherited,
        delegationId: d.id,
        ...(d.recipient_party_id !== holderPartyId ? { viaPartyId: d.recipient_party_id } : {}),
        validTo: d.valid_to,
      });
    }
  }
  const rights: HeldRight[] = [];
  for (const r of await selectLiveRightsTo(deps.db, [holderPartyId, ...keyOrganizations], deps.clock.now())) {
    if (!offeredBy.has(r.reportee_party_id)) continue;
    rights.push({
      serviceCode: r.service_code,
      serviceEditionCode: r.service_edition_code,
      operations: r.operations,
      delegationId: r.id,
      inheritedFromMainUnit: r.reportee_party_id !== reportee.partyId,
      ...(r.recipient_party_id !== holderPartyId ? { viaPartyId: r.recipient_party_id } : {}),
      validTo: r.valid_to,
    });
  }
  return { isSelf, roles: roles.filter((r) => findAltinnRole(r.code) !== undefined), rights };
}

/** True while the firm holds the client role in the client through its REGN or REVI role there. */
export async function firmHoldsClientRole(deps: AuthzDeps, firmPartyId: number, clientPartyId: number, roleCode: string): Promise<boolean> {
  const roles = await deps.register.uncheckedListRolesHeldBy(firmPartyId);
  return roles.some((r) => r.organization.partyId === clientPartyId && rolesFromEr(r).includes(roleCode));
}
