import type { RoleDelegationRow } from './db/delegation-store.ts';
import type { RightDelegationRow } from './db/right-delegation-store.ts';
import type { AuthzDeps } from './deps.ts';
import { findAltinnRole, type Names } from './role-catalog.ts';

/** A party as a delegation shows it: persons by name and birth date, never by national id. */
export type PartyRef =
  | { type: 'person'; partyId: number; name: string; birthDate: string }
  | { type: 'organization'; partyId: number; orgno: string; name: string }
  /** An enterprise user (virksomhetsbruker) by its user name, with the organisation it belongs to. */
  | { type: 'enterpriseUser'; partyId: number; name: string; organization: { orgno: string; name: string } };

/** A role, or a single right on one service edition, given for a reportee to a person or organisation. */
export interface Delegation {
  delegationId: string;
  reportee: PartyRef;
  /** The role given, or null for a single right. */
  role: { code: string; name: Names } | null;
  /** The single right given, or null for a role. */
  right: { serviceCode: string; serviceEditionCode: number; operations: string[] } | null;
  recipient: PartyRef;
  /** For client roles: the firm whose client role was passed on. */
  viaFirm: PartyRef | null;
  delegatedBy: PartyRef;
  createdAt: Date;
  validTo: Date | null;
}

export async function partyRef(deps: Pick<AuthzDeps, 'register'>, partyId: number): Promise<PartyRef> {
  const p = await deps.register.uncheckedGetHolder(partyId);
  if (p.type === 'enterpriseUser') return { type: 'enterpriseUser', partyId, name: p.userName, organization: { orgno: p.organization.orgno, name: p.organization.name } };
  return p.type === 'person' ? { type: 'person', partyId, name: p.name, birthDate: p.birthDate } : { type: 'organization', partyId, orgno: p.orgno, name: p.name };
}

export async function toDelegation(deps: Pick<AuthzDeps, 'register'>, row: RoleDelegationRow): Promise<Delegation> {
  const role = findAltinnRole(row.role_code);
  return {
    delegationId: row.id,
    reportee: await partyRef(deps, row.reportee_party_id),
    role: { code: row.role_code, name: role?.name ?? { nb: row.role_code, nn: row.role_code, en: row.role_code } },
    right: null,
    recipient: await partyRef(deps, row.recipient_party_id),
    viaFirm: row.via_party_id !== null ? await partyRef(deps, row.via_party_id) : null,
    delegatedBy: await partyRef(deps, row.delegated_by_party_id),
    createdAt: row.created_at,
    validTo: row.valid_to,
  };
}

export async function toRightDelegation(deps: Pick<AuthzDeps, 'register'>, row: RightDelegationRow): Promise<Delegation> {
  return {
    delegationId: row.id,
    reportee: await partyRef(deps, row.reportee_party_id),
    role: null,
    right: { serviceCode: row.service_code, serviceEditionCode: row.service_edition_code, operations: row.operations },
    recipient: await partyRef(deps, row.recipient_party_id),
    viaFirm: null,
    delegatedBy: await partyRef(deps, row.delegated_by_party_id),
    createdAt: row.created_at,
    validTo: row.valid_to,
  };
}
