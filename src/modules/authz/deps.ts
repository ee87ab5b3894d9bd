import type { ChangeFeed, Clock, Kysely, Random } from '../../platform/index.ts';
import type { AuthzCaches } from './caches.ts';
import type { Register } from '../register/index.ts';

/** What the authz module's use cases need. `db` may be a transaction. */
export interface AuthzDeps {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
  register: Register;
  changes: ChangeFeed;
  /** Shared by every copy of the API in this process (withDb keeps it). */
  caches: AuthzCaches;
}

/** The same dependencies bound to `db`. */
export function bindAuthzDeps(deps: AuthzDeps, db: AuthzDeps['db']): AuthzDeps {
  return { ...deps, db, register: deps.register.withDb(db) };
}
