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
 * `x509` for an enterprise certificate on a TLS connection).
 */
export type AuthMethod = 'pwd' | 'sms' | 'pin' | 'otp' | 'test' | 'apikey' | 'x509';

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

export type Actor = PersonActor | SystemActor | ServiceOwnerActor;

/** The actor as a logged-in person, or PLAT-00014: what the portal's own pages and settings need. */
export function requirePerson(actor: Actor): PersonActor {
  if (actor.kind !== 'person') throw new AppError(PlatformProblems.personRequired, { detail: `this is for persons, the caller is a ${actor.kind === 'system' ? 'data system' : 'service owner system'}` });
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
