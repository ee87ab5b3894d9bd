import { AppError, inTransaction, isUniqueViolation } from '../../platform/index.ts';
import { normalizeUsername } from './contact.ts';
import { upsertLoginSettings } from './db/profile-store.ts';
import { bindProfileDeps, type ProfileDeps } from './deps.ts';
import { ProfileProblems } from './errors.ts';
import { uncheckedGetLoginSettings } from './get-login-settings.ts';
import type { LoginSettings } from './profile.ts';

export interface LoginSettingsChange {
  /** null removes the user name (the national id still logs in). */
  username?: string | null;
  allowSystemSubmission?: boolean;
}

/** Changes a person's user name and/or the end-user-system flag. A taken user name gets PROF-00005. */
export async function uncheckedUpdateLoginSettings(deps: ProfileDeps, partyId: number, change: LoginSettingsChange): Promise<LoginSettings> {
  const username = change.username === undefined || change.username === null ? change.username : normalizeUsername(change.username);
  try {
    return await inTransaction(deps.db, async (trx) => {
      const current = await uncheckedGetLoginSettings(bindProfileDeps(deps, trx), partyId);
      const next: LoginSettings = {
        partyId,
        username: username === undefined ? current.username : username,
        allowSystemSubmission: change.allowSystemSubmission ?? current.allowSystemSubmission,
      };
      await upsertLoginSettings(trx, {
        party_id: partyId,
        username: next.username,
        allow_system_submission: next.allowSystemSubmission,
        updated_at: deps.clock.now(),
      });
      return next;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(ProfileProblems.usernameTaken, { cause: err });
    throw err;
  }
}
