/**
 * Who is calling, as every edge resolves it. Use cases take an Actor and check access themselves.
 * Security levels follow Altinn: 0 none, 1 password only, 2 password + SMS or letter code, 3–4 strong
 * (eID); the test environment may issue 3–4 for synthetic persons.
 */
export type SecurityLevel = 0 | 1 | 2 | 3 | 4;

/** How a person proved who they are (RFC 8176 method names where they exist). */
export type AuthMethod = 'pwd' | 'sms' | 'pin' | 'test';

export interface PersonActor {
  kind: 'person';
  partyId: number;
  securityLevel: SecurityLevel;
  methods: AuthMethod[];
  /** The portal session behind the credential, if any. */
  sessionId: string | null;
}

/** Systems and service owners join this union with their issues. */
export type Actor = PersonActor;
