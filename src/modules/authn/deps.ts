import type { ChangeFeed, Clock, Config, Kysely, LetterSender, Random, SmsSender } from '../../platform/index.ts';
import type { Profile } from '../profile/index.ts';
import type { Register } from '../register/index.ts';
import type { Systems } from '../systems/index.ts';
import type { KeyRing } from './key-ring.ts';
import type { RevokedSessions } from './revoked-sessions.ts';

/** What the authn module's use cases need. `db` may be a transaction. */
export interface AuthnDeps {
  db: Kysely<any>;
  clock: Clock;
  random: Random;
  register: Register;
  profile: Profile;
  systems: Systems;
  sms: SmsSender;
  /** Code letters go by post. */
  letters: LetterSender;
  changes: ChangeFeed;
  settings: Config['authn'];
  /** `iss` of every token: the public URL. */
  issuer: string;
  /** Test login (levels 3–4 for synthetic persons), only with the test environment on. */
  allowTestLogin: boolean;
  /** Shared by every copy of the API (withDb keeps it). */
  keys: KeyRing;
  /** Sessions ended lately, kept by the change feed; shared like `keys`. */
  revokedSessions: RevokedSessions;
}

/** The same dependencies bound to `db`: this module's queries and every module it calls. */
export function bindAuthnDeps(deps: AuthnDeps, db: AuthnDeps['db']): AuthnDeps {
  return { ...deps, db, register: deps.register.withDb(db), profile: deps.profile.withDb(db), systems: deps.systems.withDb(db) };
}
