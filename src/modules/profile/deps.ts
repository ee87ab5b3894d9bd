import type { Clock, Kysely } from '../../platform/index.ts';
import type { Register } from '../register/index.ts';

/** What the profile module's use cases need. `db` may be a transaction. */
export interface ProfileDeps {
  db: Kysely<any>;
  clock: Clock;
  register: Register;
}
