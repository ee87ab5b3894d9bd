// The authz REST answers the rights page reads (GET /api/v1/reportees/{r}/rights, …/delegations, …/clients,
// GET /api/v1/roles, GET /api/v1/services, POST /api/v1/authz/decision), and small helpers over them.
import type { Language } from '../../i18n.tsx';

export type Names = Record<Language, string>;

export type PartyRef = { type: 'person'; partyId: number; name: string; birthDate: string } | { type: 'organization'; partyId: number; orgno: string; name: string };

export interface MyRights {
  reportee: { partyId: number; type: 'person' | 'organization'; orgno: string | null; name: string; isDeleted: boolean };
  isSelf: boolean;
  isMainAdministrator: boolean;
  isAccessManager: boolean;
  isClientAdministrator: boolean;
  administrators: PartyRef[];
  roles: {
    code: string;
    name: Names;
    source: 'er' | 'delegated' | 'client';
    erRole: string | null;
    inheritedFromMainUnit: boolean;
    via: PartyRef | null;
    delegatedBy: PartyRef | null;
    validTo: string | null;
  }[];
  rights: {
    serviceCode: string;
    serviceEditionCode: number;
    operations: string[];
    inheritedFromMainUnit: boolean;
    via: PartyRef | null;
    delegatedBy: PartyRef;
    validTo: string | null;
  }[];
}

export interface Delegation {
  delegationId: string;
  reportee: PartyRef;
  role: { code: string; name: Names } | null;
  right: { serviceCode: string; serviceEditionCode: number; operations: string[] } | null;
  recipient: PartyRef;
  viaFirm: PartyRef | null;
  delegatedBy: PartyRef;
  createdAt: string;
  validTo: string | null;
}

export interface FirmClient {
  client: PartyRef;
  erRoles: string[];
  clientRoles: { code: string; name: Names }[];
  delegations: Delegation[];
}

export interface RoleCatalog {
  altinnRoles: { code: string; altinnId: number; name: Names; delegability: 'standard' | 'main' | 'client' | 'none' }[];
  erRoles: { code: string; altinnId: number; name: Names; altinnRoles: string[] }[];
}

export interface Service {
  serviceCode: string;
  serviceEditionCode: number;
  serviceOwnerCode: string;
  name: Names;
  isActive: boolean;
  minimumSecurityLevel: number;
  srrEnabled: boolean;
  roleRequirements: Record<string, string[]>;
}

export interface DenyReason {
  code: string;
  message: string;
  fixedBy: PartyRef[];
  role?: string;
  validTo?: string;
}

export interface Decision {
  decision: 'Permit' | 'Deny';
  reasons: DenyReason[];
  grantedBy: string[];
}

/** The decision API's operations, in its order. */
export const OPERATIONS = ['Read', 'Write', 'Sign', 'ArchiveRead', 'ArchiveDelete', 'ServiceOwnerArchiveRead', 'Access', 'Delegate'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** What a person can ask about or be given on a service: the operations it defines, and Delegate. */
export function serviceOperations(service: Service | undefined, { delegate }: { delegate: boolean }): Operation[] {
  if (!service) return [];
  const defined = new Set(Object.keys(service.roleRequirements));
  if (delegate) defined.add('Delegate');
  return OPERATIONS.filter((o) => o !== 'ServiceOwnerArchiveRead' && defined.has(o));
}

/** A service's key in forms: `5001/1`. */
export const serviceKey = (s: { serviceCode: string; serviceEditionCode: number }) => `${s.serviceCode}/${s.serviceEditionCode}`;

/** Names joined as people write them: "A", "A og B", "A, B og C". */
export function joinNames(names: readonly string[], and: string): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`;
}

/** 310000116 → "310 000 116". */
export const spacedOrgno = (orgno: string) => orgno.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');
