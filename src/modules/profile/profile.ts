import { AppError } from '../../platform/index.ts';
import type { Register } from '../register/index.ts';
import type { Language } from './contact.ts';
import { ProfileProblems } from './errors.ts';

/** A person's contact data and preferences (Altinn's profile, KRR-like reservation). */
export interface PersonProfile {
  partyId: number;
  language: Language;
  email: string | null;
  /** E.164, e.g. +4791234567. One-time login codes go here. */
  mobile: string | null;
  /** Reserved against digital communication (KRR): notifications marked reservable skip this person. */
  isReserved: boolean;
}

/** "Avanserte innstillinger": the optional user name and the end-user-system flag. */
export interface LoginSettings {
  partyId: number;
  username: string | null;
  /** "Tillat innsending fra applikasjon eller system med dette brukernavnet og passordet". */
  allowSystemSubmission: boolean;
}

/** An organisation's notification addresses (KoFuVi-like): where notices to the unit go. */
export interface OrganizationNotificationAddresses {
  partyId: number;
  emails: string[];
  mobiles: string[];
}

export const MAX_ORG_ADDRESSES_PER_CHANNEL = 20;

/**
 * KoFuVi's "personal contact": an e-mail address and/or mobile number (E.164) a person who acts for an
 * organisation registered for notices about it. At least one of the two is set.
 */
export interface PersonalContact {
  personPartyId: number;
  organizationPartyId: number;
  email: string | null;
  mobile: string | null;
  updatedAt: Date;
}

/** Throws PROF-00006 unless the party is a person. */
export async function assertPerson(register: Register, partyId: number): Promise<void> {
  const party = await register.uncheckedGetParty(partyId);
  if (party.type !== 'person') throw new AppError(ProfileProblems.notAPerson);
}

/** Throws PROF-00007 unless the party is an organisation. */
export async function assertOrganization(register: Register, partyId: number): Promise<void> {
  const party = await register.uncheckedGetParty(partyId);
  if (party.type !== 'organization') throw new AppError(ProfileProblems.notAnOrganization);
}
