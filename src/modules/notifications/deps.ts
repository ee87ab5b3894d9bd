import type { Clock, Kysely, MailSender, Random, SmsSender } from '../../platform/index.ts';
import type { Authz } from '../authz/index.ts';
import type { Profile } from '../profile/index.ts';
import type { Register } from '../register/index.ts';
import type { DaytimeWindow } from './daytime-window.ts';

/** A service's names per language. */
export interface ServiceNames {
  nb: string;
  nn: string;
  en: string;
}

/** The catalog's answer to "what is this service called?", bound to a transaction like a module API. */
export interface ServiceDirectory {
  findServiceNames(serviceCode: string, serviceEditionCode: number): Promise<ServiceNames | undefined>;
  /** The same port inside a caller's transaction (on the embedded database anything else deadlocks). */
  withDb(db: Kysely<any>): ServiceDirectory;
}

/** What the notifications module's use cases need. `db` may be a transaction. */
export interface NotificationsDeps {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
  register: Register;
  profile: Profile;
  authz: Authz;
  sms: SmsSender;
  mail: MailSender;
  /**
   * Service names for `$servicename$` and for checking a named service exists. The catalog owns them and
   * sits on the same layer, so the composition root hands this port in.
   */
  services: ServiceDirectory;
  settings: {
    /** SMS sender name when the service owner's short name is not asked for. */
    smsSender: string;
    /** E-mail sender when a notification gives no fromAddress. */
    mailFrom: string;
    /** Hours when SMS may go out; an SMS due outside them waits for the next start. */
    smsWindow: DaytimeWindow | undefined;
  };
}

/** The same dependencies bound to `db` (a transaction): this module's queries and every module it calls. */
export function bindNotificationsDeps(deps: NotificationsDeps, db: NotificationsDeps['db']): NotificationsDeps {
  return { ...deps, db, register: deps.register.withDb(db), profile: deps.profile.withDb(db), authz: deps.authz.withDb(db), services: deps.services.withDb(db) };
}
