import type { Clock, Kysely, Random, Sealer } from '../../platform/index.ts';
import type { Authz } from '../authz/index.ts';
import type { Register } from '../register/index.ts';
import type { ServiceOwnerCache } from './service-owner-cache.ts';

/** What the systems module's use cases need. `db` may be a transaction. */
export interface SystemsDeps {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
  register: Register;
  authz: Authz;
  /** Shared by every copy of the API in this process (withDb keeps it). */
  serviceOwners: ServiceOwnerCache;
  /** In the test environment a vendor's system type is approved at once; otherwise the operator approves. */
  autoApproveSystemTypes: boolean;
  /** Seals passwords as they are set, for WS-Security PasswordDigest (TINN_CREDENTIALS_KEY); absent: hashes only. */
  sealer?: Sealer | undefined;
}

/** The same dependencies bound to `db`. */
export function bindSystemsDeps(deps: SystemsDeps, db: SystemsDeps['db']): SystemsDeps {
  return { ...deps, db, register: deps.register.withDb(db), authz: deps.authz.withDb(db) };
}
