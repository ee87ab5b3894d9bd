import type { ChangeFeed, Clock, Kysely } from '../../platform/index.ts';
import type { Authz } from '../authz/index.ts';
import type { Register } from '../register/index.ts';
import type { CatalogCache } from './catalog-cache.ts';
import type { FormValidators } from './form-validators.ts';

/** What the catalog module's use cases need. `db` may be a transaction. */
export interface CatalogDeps {
  db: Kysely<any>;
  clock: Clock;
  register: Register;
  authz: Authz;
  changes: ChangeFeed;
  /** Compiled schemas, shared by every copy of the API in this process (withDb keeps it). */
  validators: FormValidators;
  /** Editions and schema hashes, dropped on every deployment in any process (withDb keeps it). */
  cache: CatalogCache;
  /** With the test environment on, editions in state test are listed and usable. */
  testEnvironment: boolean;
}

/** The same dependencies bound to `db`. */
export function bindCatalogDeps(deps: CatalogDeps, db: CatalogDeps['db']): CatalogDeps {
  return { ...deps, db, register: deps.register.withDb(db), authz: deps.authz.withDb(db) };
}
