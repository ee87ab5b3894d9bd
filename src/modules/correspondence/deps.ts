import type { BlobStore, Clock, Kysely, Random } from '../../platform/index.ts';
import type { Authz } from '../authz/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Notifications } from '../notifications/index.ts';
import type { Profile } from '../profile/index.ts';
import type { Register } from '../register/index.ts';

/** What the correspondence module's use cases need. `db` may be a transaction. */
export interface CorrespondenceDeps {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
  blobs: BlobStore;
  register: Register;
  profile: Profile;
  authz: Authz;
  catalog: Catalog;
  notifications: Notifications;
  /** With the test environment on, service editions in state test may be used. */
  testEnvironment: boolean;
}

/** The same dependencies bound to `db` (a transaction): this module's queries and every module it calls. */
export function bindCorrespondenceDeps(deps: CorrespondenceDeps, db: CorrespondenceDeps['db']): CorrespondenceDeps {
  return {
    ...deps,
    db,
    register: deps.register.withDb(db),
    profile: deps.profile.withDb(db),
    authz: deps.authz.withDb(db),
    catalog: deps.catalog.withDb(db),
    notifications: deps.notifications.withDb(db),
  };
}
