import type { Clock, Kysely } from '../../platform/index.ts';
import type { Register } from '../register/index.ts';

/**
 * Questions authz answers, wired by the composition root: profile sits on the same level as authz and may
 * not import it. Both answer for the organisation's main unit too (a sub-unit inherits its roles).
 */
export interface Representation {
  /** Whether the person holds any role or single right for the organisation (or its main unit). */
  actsFor(personPartyId: number, organizationPartyId: number): Promise<boolean>;
  /** Whether the person administers the organisation: main administrator (HADM) or access manager (ADMAI). */
  administers(personPartyId: number, organizationPartyId: number): Promise<boolean>;
  /** The same questions inside a caller's transaction. */
  withDb(db: Kysely<any>): Representation;
}

/** What the profile module's use cases need. `db` may be a transaction. */
export interface ProfileDeps {
  db: Kysely<any>;
  clock: Clock;
  register: Register;
  representation: Representation;
}

/** The same dependencies bound to `db` (a transaction): this module's queries and every module it calls. */
export function bindProfileDeps(deps: ProfileDeps, db: ProfileDeps['db']): ProfileDeps {
  return { ...deps, db, register: deps.register.withDb(db), representation: deps.representation.withDb(db) };
}
