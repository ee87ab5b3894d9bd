import type { Clock, Kysely, Random } from '../../platform/index.ts';

/** What the register module's use cases need. `db` may be a transaction. */
export interface RegisterDeps {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
  /** Accept synthetic national ids (month + 80): only with the test environment on. */
  allowSyntheticIds: boolean;
}
