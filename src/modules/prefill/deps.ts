import type { BlobStore, Clock, Kysely, Random } from '../../platform/index.ts';
import type { Authz } from '../authz/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Register } from '../register/index.ts';

/** What the prefill module's use cases need. `db` may be a transaction. */
export interface PrefillDeps {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
  blobs: BlobStore;
  register: Register;
  authz: Authz;
  catalog: Catalog;
  /** With the test environment on, service editions in state test may be prefilled. */
  testEnvironment: boolean;
}

/** The same dependencies bound to `db` (a transaction): this module's queries and every module it calls. */
export function bindPrefillDeps(deps: PrefillDeps, db: PrefillDeps['db']): PrefillDeps {
  return { ...deps, db, register: deps.register.withDb(db), authz: deps.authz.withDb(db), catalog: deps.catalog.withDb(db) };
}
