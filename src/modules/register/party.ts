import type { PartyType } from './catalog.ts';

export type { PartyType };

export interface Address {
  street?: string;
  postalCode?: string;
  postalCity?: string;
  country?: string;
}

/** A person in the population register (fødselsnummer or D-number). */
export interface Person {
  type: 'person';
  partyId: number;
  partyUuid: string;
  ssn: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  /** "First Middle Last", as shown in the portal. */
  name: string;
  birthDate: string;
  isDNumber: boolean;
  isSynthetic: boolean;
  address: Address | null;
  isDeleted: boolean;
}

/** A unit in the Central Coordinating Register: a main unit (juridisk enhet) or a sub-unit (virksomhet). */
export interface Organization {
  type: 'organization';
  partyId: number;
  partyUuid: string;
  orgno: string;
  name: string;
  organizationForm: string;
  unitType: 'main' | 'sub';
  /** The main unit's orgno, for a sub-unit. */
  parentOrgno: string | null;
  businessAddress: Address | null;
  postalAddress: Address | null;
  isDeleted: boolean;
  deletedAt: Date | null;
  /** Service-owner code (e.g. "SKD") when the organisation is a service owner. */
  serviceOwnerCode: string | null;
}

export type Party = Person | Organization;

/**
 * An enterprise user (virksomhetsbruker): a user an organisation creates for its enterprise certificate, so
 * software holding the certificate can act as that user. It is a party of its own (roles are delegated to
 * it as to a person), never a reportee: it has no message box and acts only for others.
 */
export interface EnterpriseUser {
  type: 'enterpriseUser';
  partyId: number;
  userName: string;
  /** The organisation it belongs to; its enterprise certificate must carry this orgno. */
  organization: { partyId: number; orgno: string; name: string };
  createdAt: Date;
  isDeleted: boolean;
}

/** One ER role: `holder` has `roleCode` in `organization`. */
export interface ErRole {
  roleCode: string;
  organization: { partyId: number; orgno: string; name: string };
  holder: { type: 'person'; partyId: number; ssn: string; name: string; birthDate: string } | { type: 'organization'; partyId: number; orgno: string; name: string };
}

/** Joins name parts the way the register shows them. */
export function fullName(first: string, middle: string | null | undefined, last: string): string {
  return [first, middle, last].filter((p) => p && p.trim() !== '').join(' ');
}

/**
 * Version scope (platform.version) of "what a party holds": bumped by every write that changes a party's ER
 * roles here, and its delegations in authz, so rights caches keyed by party never serve stale data.
 */
export const PARTY_RIGHTS_SCOPE = 'party-rights';
