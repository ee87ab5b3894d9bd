import type { BlobStore, Clock, Kysely, Random } from '../../platform/index.ts';
import type { Authz } from '../authz/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Notifications } from '../notifications/index.ts';
import type { Prefill } from '../prefill/index.ts';
import type { Register } from '../register/index.ts';
import type { MessageBoxSource } from './message-box.ts';

/** What the submissions module's use cases need. `db` may be a transaction. */
export interface SubmissionsDeps {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
  blobs: BlobStore;
  register: Register;
  authz: Authz;
  catalog: Catalog;
  notifications: Notifications;
  prefill: Prefill;
  /** With the test environment on, service editions in state test accept submissions. */
  testEnvironment: boolean;
  /** Correspondence for the message box (a sibling module's, wired by the composition root). */
  messageBoxSource?: MessageBoxSource | undefined;
}

/** The same dependencies bound to `db`. */
export function bindSubmissionsDeps(deps: SubmissionsDeps, db: SubmissionsDeps['db']): SubmissionsDeps {
  return { ...deps, db, register: deps.register.withDb(db), authz: deps.authz.withDb(db), catalog: deps.catalog.withDb(db), notifications: deps.notifications.withDb(db), prefill: deps.prefill.withDb(db) };
}
