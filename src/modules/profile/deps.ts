import type { Clock, Kysely } from '../../platform/index.ts';
import type { Register } from '../register/index.ts';

/** What the profile module's use cases need. `db` may be a transaction. */
export interface ProfileDeps {
  db: Kysely<any>;
  clock: Clock;
  register: Register;
}

/** The same dependencies bound to `db` (a transaction): this module's queries and every module it calls. */
export function bindProfileDeps(deps: ProfileDeps, db: ProfileDeps['db']): ProfileDeps {
  return { ...deps, db, register: deps.register.withDb(db) };
}
