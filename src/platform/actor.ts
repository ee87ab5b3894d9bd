import { AppError } from './errors/errors.ts';
import { PlatformProblems } from './errors/platform-problems.ts';

/**
 * Who is calling, as every edge resolves it. Use cases take an Actor and check access themselves.
 * Security levels follow Altinn: 0 none, 1 password only, 2 password + SMS or letter code, 3–4 strong
 * (eID); the test environment may issue 3–4 for synthetic persons.
 */
export type SecurityLevel = 0 | 1 | 2 | 3 | 4;

/**
 * How a party proved who it is (RFC 8176 method names where they exist; `apikey` for service-owner keys,
 * `x509` for an enterprise certificate on a TLS connection, `sshkey` for an SSH key on an SFTP login).
 */
export type AuthMethod = 'pwd' | 'sms' | 'pin' | 'otp' | 'test' | 'apikey' | 'x509' | 'sshkey';

/** A person logged in to the portal or the API. */
export interface PersonActor {
  kind: 'person';
  partyId: number;
  securityLevel: SecurityLevel;
  methods: AuthMethod[];
  /** The portal session behind the credential, if any. */
  sessionId: string | null;
}

/**
 * An end-user system (Altinn II "sluttbrukersystem") acting for the party it is registered on, optionally
 * with a person who authenticated through it (password + one-time code: level 2). A person who allowed
 * submission with their own user name and password is a system with `systemId` null, acting only for
 * themselves.
 */
export interface SystemActor {
  kind: 'system';
  /** The numeric SystemID, or null when the person's own user name stood in for it. */
  systemId: number | null;
  /** Party the system is registered on (an organisation, or a person who then is the only one it acts for). */
  ownerPartyId: number;
  /** The person using the system, when user credentials came with the request. */
  user: { partyId: number } | null;
  /** 0 for the system alone; the user's level when a user came along (2 with a one-time code). */
  securityLevel: SecurityLevel;
  methods: AuthMethod[];
}

/** An agency's system (Altinn II "etatssystem") acting as its service owner. */
export interface ServiceOwnerActor {
  kind: 'serviceOwner';
  /** Service owner code, e.g. `TTD`. */
  serviceOwnerCode: string;
  orgno: string;
  /** The service owner's organisation party. */
  partyId: number;
  /** The agency system's user name, e.g. `TTD_ARKIV`. */
  systemName: string;
  methods: AuthMethod[];
}

/**
 * An enterprise user (Altinn II "virksomhetsbruker"): software holding an organisation's enterprise
 * certificate, logged in as a user that organisation created for it (EC endpoints: certificate on the TLS
 * connection plus the user's name and password). It holds the roles delegated to it and, through Altinn's
 * ECKEYROLE, what was delegated to its organisation. Security level 3, as for Altinn's enterprise logins.
 */
export interface EnterpriseUserActor {
  kind: 'enterpriseUser';
  /** The enterprise user's own party (roles are delegated to it). */
  partyId: number;
  userName: string;
  /** The organisation it belongs to, whose certificate it came with. */
  organizationPartyId: number;
  securityLevel: SecurityLevel;
  methods: AuthMethod[];
}

export type Actor = PersonActor | SystemActor | ServiceOwnerActor | EnterpriseUserActor;

const ACTOR_NAMES: Record<Actor['kind'], string> = { person: 'person', system: 'data system', serviceOwner: 'service owner system', enterpriseUser: 'enterprise user' };

/**
 * The parties whose roles and rights the actor acts with: the person; a data system's owner and the user
 * who came along; an enterprise user itself (its organisation's share comes through ECKEYROLE in authz).
 * None for service owners, which act by owning the service.
 */
export function rightsHoldersOf(actor: Actor): number[] {
  switch (actor.kind) {
    case 'person':
    case 'enterpriseUser':
      return [actor.partyId];
    case 'system':
      return [actor.ownerPartyId, ...(actor.user && actor.user.partyId !== actor.ownerPartyId ? [actor.user.partyId] : [])];
    case 'serviceOwner':
      return [];
  }
}

/**
 * The party of whoever acts in person: a logged-in person, the user who came along with a data system, an
 * enterprise user; null for a data system alone and for service owners. What signatures, "created by" and
 * "read by" name.
 */
export function actingUserOf(actor: Actor): number | null {
  switch (actor.kind) {
    case 'person':
    case 'enterpriseUser':
      return actor.partyId;
    case 'system':
      return actor.user?.partyId ?? null;
    case 'serviceOwner':
      return null;
  }
}

/** The actor as a logged-in person, or PLAT-00014: what the portal's own pages and settings need. */
export function requirePerson(actor: Actor): PersonActor {
  if (actor.kind !== 'person') throw new AppError(PlatformProblems.personRequired, { detail: `this is for persons, the caller is a ${ACTOR_NAMES[actor.kind]}` });
  return actor;
}

/** The actor as a service owner's system, or PLAT-00015. */
export function requireServiceOwner(actor: Actor): ServiceOwnerActor {
  if (actor.kind !== 'serviceOwner') throw new AppError(PlatformProblems.serviceOwnerRequired);
  return actor;
}

/** Throws PLAT-00018 unless the person logged in at `min` or above; `what` says what needed it. */
export function requireLevel(person: PersonActor, min: SecurityLevel, what: string): void {
  if (person.securityLevel < min) throw new AppError(PlatformProblems.insufficientLevel, { detail: `${what} needs security level ${min}; this login has ${person.securityLevel}`, data: { requiredLevel: min } });
}
