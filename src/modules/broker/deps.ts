import type { BlobStore, Clock, Kysely, Random } from '../../platform/index.ts';
import type { Authz } from '../authz/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Notifications } from '../notifications/index.ts';
import type { Register } from '../register/index.ts';
import type { UploadHashes } from './upload-hashes.ts';

/** What the broker module's use cases need. `db` may be a transaction. */
export interface BrokerDeps {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
  blobs: BlobStore;
  register: Register;
  authz: Authz;
  catalog: Catalog;
  notifications: Notifications;
  /** Running checksums of uploads in progress in this process (a shortcut: lost ones are recomputed from the content). */
  hashes: UploadHashes;
  /** With the test environment on, service editions in state test may be used. */
  testEnvironment: boolean;
}

/** The same dependencies bound to `db` (a transaction): this module's queries and every module it calls. */
export function bindBrokerDeps(deps: BrokerDeps, db: BrokerDeps['db']): BrokerDeps {
  return { ...deps, db, register: deps.register.withDb(db), authz: deps.authz.withDb(db), catalog: deps.catalog.withDb(db), notifications: deps.notifications.withDb(db) };
}
