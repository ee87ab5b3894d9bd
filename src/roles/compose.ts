import {
  createSealer,
  createChangeFeed,
  cryptoRandom,
  httpSmsSender,
  rateLimitPurgeJob,
  idempotencyPurgeJob,
  smtpMailSender,
  filesystemBlobStore,
  s3BlobStore,
  outboxMailSender,
  outboxLetterSender,
  outboxSmsSender,
  platformMigrations,
  systemClock,
  type BlobStore,
  type ChangeFeed,
  type Clock,
  type Config,
  type Db,
  type JobDefinition,
  type Logger,
  type MailSender,
  type MigrationSet,
  type Random,
  type SmsSender,
} from '../platform/index.ts';
import { createRegister, OrganizationCache, registerMigrations, type Register } from '../modules/register/index.ts';
import { createProfile, profileMigrations, type Profile, type Representation } from '../modules/profile/index.ts';
import { AuthzCaches, authzMigrations, createAuthz, type Authz } from '../modules/authz/index.ts';
import { createTestenv, testenvMigrations, type Testenv } from '../modules/testenv/index.ts';
import { authnMigrations, authnPurgeJob, createAuthn, KeyRing, RevokedSessions, type Authn } from '../modules/authn/index.ts';
import { createSystems, ServiceOwnerCache, systemsMigrations, type Systems } from '../modules/systems/index.ts';
import { createSubmissions, submissionsMigrations, type Submissions } from '../modules/submissions/index.ts';
import { CatalogCache, catalogMigrations, createCatalog, FormValidators, type Catalog } from '../modules/catalog/index.ts';
import { createNotifications, notificationsMigrations, parseDaytimeWindow, type Notifications, type ServiceDirectory } from '../modules/notifications/index.ts';
import { correspondenceMigrations, createCorrespondence, type CorrespondenceApi } from '../modules/correspondence/index.ts';
import { createPrefill, prefillMigrations, type Prefill } from '../modules/prefill/index.ts';
import { brokerMigrations, createBroker, UploadHashes, type Broker } from '../modules/broker/index.ts';

/** Every module's migrations, run by the one migrator. */
export const allMigrations: readonly MigrationSet[] = [platformMigrations, registerMigrations, profileMigrations, authzMigrations, catalogMigrations, systemsMigrations, notificationsMigrations, authnMigrations, testenvMigrations, submissionsMigrations, correspondenceMigrations, prefillMigrations, brokerMigrations];

/** Every schema holding data (emptied by the test environment's reset). */
export const dataSchemas: readonly string[] = ['platform', 'register', 'profile', 'authz', 'catalog', 'systems', 'notifications', 'authn', 'testenv', 'submissions', 'correspondence', 'prefill', 'broker'];

/** The composed application: ports, adapters and every module, wired once per process. */
export interface Tinn {
  config: Config;
  db: Db;
  log: Logger;
  clock: Clock;
  random: Random;
  blobs: BlobStore;
  sms: SmsSender;
  mail: MailSender;
  /** Committed-change notifications between processes; start() it before serving. */
  changes: ChangeFeed;
  register: Register;
  profile: Profile;
  authz: Authz;
  catalog: Catalog;
  systems: Systems;
  notifications: Notifications;
  authn: Authn;
  submissions: Submissions;
  correspondence: CorrespondenceApi;
  prefill: Prefill;
  broker: Broker;
  /** Present only with the test environment on. */
  testenv: Testenv | undefined;
  jobs: readonly JobDefinition[];
}

export interface ComposeOptions {
  config: Config;
  db: Db;
  log: Logger;
  clock?: Clock;
  random?: Random;
  sms?: SmsSender;
  mail?: MailSender;
}

/** Wires ports and modules in dependency order (platform → register → profile → testenv). */
export function composeTinn(options: ComposeOptions): Tinn {
  const { config, db, log } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? cryptoRandom;
  const kysely = db.kysely;
  const sms =
    options.sms ??
    (config.sms.transport === 'http'
      ? httpSmsSender({ url: config.sms.gatewayUrl!, token: config.sms.gatewayToken, sender: config.sms.sender })
      : outboxSmsSender({ db: kysely, clock, random }));
  const mail =
    options.mail ?? (config.mail.transport === 'smtp' ? smtpMailSender({ url: config.mail.smtpUrl!, from: config.mail.from }) : outboxMailSender({ db: kysely, clock, random }));
  const letters = outboxLetterSender({ db: kysely, clock, random });
  const blobs = config.blobs.store === 's3' ? s3BlobStore({ ...config.blobs.s3, bucket: config.blobs.s3.bucket! }) : filesystemBlobStore(config.blobs.dir);
  const changes = createChangeFeed(db, log);
  const organizationCache = OrganizationCache.subscribedTo(changes, config.register.organizationCacheSize);
  const register = createRegister({ db: kysely, clock, random, allowSyntheticIds: config.testenv.enabled, changes, organizationCache });
  const authz = createAuthz({ db: kysely, clock, random, register, changes, caches: AuthzCaches.subscribedTo(changes) });
  const profile = createProfile({ db: kysely, clock, register, representation: representationBy(authz) });
  const catalog = createCatalog({ db: kysely, clock, register, authz, changes, validators: new FormValidators(), cache: CatalogCache.subscribedTo(changes), testEnvironment: config.testenv.enabled });
  const systems = createSystems({
    db: kysely,
    clock,
    random,
    register,
    authz,
    serviceOwners: ServiceOwnerCache.subscribedTo(changes),
    autoApproveSystemTypes: config.testenv.enabled,
    sealer: config.authn.credentialsKey ? createSealer(config.authn.credentialsKey) : undefined,
  });
  const notifications = createNotifications({
    db: kysely,
    clock,
    random,
    register,
    profile,
    authz,
    sms,
    mail,
    // The catalog sits on the same layer: the root hands notifications the one question it asks of it.
    services: serviceDirectoryOf(catalog),
    settings: { smsSender: config.sms.sender, mailFrom: config.mail.from, smsWindow: parseDaytimeWindow(config.sms.daytimeWindow, config.sms.timeZone) },
  });
  const keys = new KeyRing({ db: kysely, clock, random, rotationDays: config.authn.keyRotationDays, tokenTtlSeconds: config.authn.tokenTtlSeconds, changes });
  const authn = createAuthn({
    db: kysely,
    clock,
    random,
    register,
    profile,
    systems,
    sms,
    letters,
    changes,
    settings: config.authn,
    issuer: config.http.publicUrl,
    allowTestLogin: config.testenv.enabled,
    keys,
    revokedSessions: RevokedSessions.subscribedTo(changes, { db: kysely, clock, tokenTtlSeconds: config.authn.tokenTtlSeconds }),
  });
  // testenv and authn are on the same level: the composition root hands testenv the one authn function
  // a world file needs.
  const setPassword = (db: typeof kysely, partyId: number, password: string) => authn.withDb(db).uncheckedSetPassword(partyId, password);
  const testenv = config.testenv.enabled
    ? createTestenv({ db: kysely, clock, random, register, profile, systems, authz, catalog, notifications, sms, mail, changes, setPassword, worldFile: config.testenv.worldFile, dataSchemas })
    : undefined;
  const prefill = createPrefill({ db: kysely, clock, random, blobs, register, authz, catalog, testEnvironment: config.testenv.enabled });
  const correspondence = createCorrespondence({ db: kysely, clock, random, blobs, register, profile, authz, catalog, notifications, testEnvironment: config.testenv.enabled });
  // Correspondence and submissions share a layer: the root hands the message box its correspondence.
  const submissions = createSubmissions({
    db: kysely,
    clock,
    random,
    blobs,
    register,
    authz,
    catalog,
    notifications,
    prefill,
    testEnvironment: config.testenv.enabled,
    messageBoxSource: { list: (actor, reportee, filter) => correspondence.listBox(actor, reportee, filter) },
  });
  const broker = createBroker({ db: kysely, clock, random, blobs, register, authz, catalog, notifications, hashes: new UploadHashes(), testEnvironment: config.testenv.enabled });
  const jobs = [rateLimitPurgeJob(kysely, clock), idempotencyPurgeJob(kysely, clock), authnPurgeJob({ db: kysely, clock, settings: config.authn }), ...notifications.jobs(), ...submissions.jobs(), ...broker.jobs()];
  return { config, db, log, clock, random, blobs, sms, mail, changes, register, profile, authz, catalog, systems, notifications, authn, submissions, correspondence, prefill, broker, testenv, jobs };
}

/** The catalog as notifications' service directory (same level: the root wires it). */
function serviceDirectoryOf(catalog: Catalog): ServiceDirectory {
  return {
    findServiceNames: async (serviceCode, serviceEditionCode) => (await catalog.uncheckedFindServiceEdition(serviceCode, serviceEditionCode))?.name,
    withDb: (db) => serviceDirectoryOf(catalog.withDb(db)),
  };
}

/** Profile's questions about who acts for an organisation, answered by authz (same level: the root wires them). */
function representationBy(authz: Authz): Representation {
  return {
    async actsFor(personPartyId, organizationPartyId) {
      const held = await authz.uncheckedListHeldRoles(personPartyId, await authz.uncheckedGetReportee(organizationPartyId));
      return held.roles.length > 0 || held.rights.length > 0;
    },
    async administers(personPartyId, organizationPartyId) {
      return authz.administers(personPartyId, await authz.uncheckedGetReportee(organizationPartyId));
    },
    withDb: (db) => representationBy(authz.withDb(db)),
  };
}
