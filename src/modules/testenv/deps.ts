import type { ChangeFeed, Clock, Kysely, Random, SmsSender, MailSender } from '../../platform/index.ts';
import type { Profile } from '../profile/index.ts';
import type { Register } from '../register/index.ts';
import type { Systems } from '../systems/index.ts';
import type { Authz } from '../authz/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Notifications } from '../notifications/index.ts';

/** What the test environment needs. */
export interface TestenvDeps {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
  register: Register;
  profile: Profile;
  systems: Systems;
  authz: Authz;
  catalog: Catalog;
  notifications: Notifications;
  sms: SmsSender;
  mail: MailSender;
  /** Reset announces a change of everything ('*'), so every cache is dropped. */
  changes: ChangeFeed;
  /** Sets a person's password inside `db` (authn's, handed over by the composition root). */
  setPassword: (db: Kysely<any>, partyId: number, password: string) => Promise<void>;
  /** The world file loaded on first start and on reset. */
  worldFile: string;
  /** Every schema that holds data, emptied by reset (the composition root knows them all). */
  dataSchemas: readonly string[];
}

/** The same dependencies bound to `db` (a transaction): this module's queries and every module it calls. */
export function bindTestenvDeps(deps: TestenvDeps, db: TestenvDeps['db']): TestenvDeps {
  return { ...deps, db, register: deps.register.withDb(db), profile: deps.profile.withDb(db), systems: deps.systems.withDb(db), authz: deps.authz.withDb(db), catalog: deps.catalog.withDb(db), notifications: deps.notifications.withDb(db) };
}
