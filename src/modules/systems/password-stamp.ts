import { sha256Hex } from '../../platform/index.ts';
import { selectDataSystemCredentials } from './db/data-system-store.ts';
import { selectServiceOwnerSystemCredentials } from './db/service-owner-system-store.ts';
import type { SystemsDeps } from './deps.ts';

/** An account that logs in with a password of this module's keeping (enterprise users' passwords are checked per call only). */
export type PasswordAccount = { kind: 'dataSystem'; systemId: number } | { kind: 'serviceOwnerSystem'; systemName: string };

/**
 * A stamp of the account's password as it is now: SHA-256 (hex) of its stored argon2id hash, which gets a new
 * salt whenever the password is set, so the stamp changes even when the same password is set again. Undefined
 * when the account does not exist (or was deleted). Lets authn tell that a session's password still holds
 * without keeping the password or checking it again; the hash itself never leaves this module. No access
 * check: authn asks for sessions it logged in.
 */
export async function uncheckedFindPasswordStamp(deps: Pick<SystemsDeps, 'db'>, account: PasswordAccount): Promise<string | undefined> {
  let hash: string | undefined;
  if (account.kind === 'dataSystem') {
    const id = account.systemId;
    // SystemIDs are PostgreSQL integers: a larger number names no system (and must not reach the query).
    hash = Number.isSafeInteger(id) && id > 0 && id <= 2 ** 31 - 1 ? (await selectDataSystemCredentials(deps.db, id))?.password_hash : undefined;
  } else {
    hash = account.systemName.length <= 100 ? (await selectServiceOwnerSystemCredentials(deps.db, account.systemName))?.password_hash : undefined;
  }
  return hash === undefined ? undefined : sha256Hex(hash);
}
