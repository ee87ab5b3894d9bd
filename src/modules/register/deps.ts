import type { ChangeFeed, Clock, Kysely, Random } from '../../platform/index.ts';
import type { OrganizationCache } from './organization-cache.ts';

/** What the register module's use cases need. `db` may be a transaction. */
export interface RegisterDeps {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
  /** Accept synthetic national ids (month + 80): only with the test environment on. */
  allowSyntheticIds: boolean;
  /** Announces committed changes to every process (cache invalidation). */
  changes: ChangeFeed;
  /** Shared by every copy of the module API (withDb keeps it). */
  organizationCache: OrganizationCache;
}
