import { AppError, hashPassword, inTransaction, requirePerson, verifyPassword, type Actor } from '../../platform/index.ts';
import { normalizeMobile, normalizeUsername } from '../profile/index.ts';
import { audit } from './audit.ts';
import { selectPasswordHash, upsertPasswordHash } from './db/credential-store.ts';
import { bindAuthnDeps, type AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import { loginSubject, recordFailure } from './lockout.ts';
import { assertPasswordRules } from './passwords.ts';

/** "Avanserte innstillinger" as the person sees them. Never the password itself. */
export interface MyLoginSettings {
  username: string | null;
  allowSystemSubmission: boolean;
  mobile: string | null;
  hasPassword: boolean;
}

export interface LoginSettingsUpdate {
  username?: string | null;
  allowSystemSubmission?: boolean;
  mobile?: string | null;
  /** Needed to change an existing password. */
  currentPassword?: string;
  newPassword?: string;
}

/** The actor's own login settings. */
export async function getMyLoginSettings(deps: AuthnDeps, caller: Actor): Promise<MyLoginSettings> {
  const actor = requirePerson(caller);
  const settings = await deps.profile.uncheckedGetLoginSettings(actor.partyId);
  const profile = await deps.profile.uncheckedGetPersonProfile(actor.partyId);
  const hash = await selectPasswordHash(deps.db, actor.partyId);
  return { username: settings.username, allowSystemSubmission: settings.allowSystemSubmission, mobile: profile.mobile, hasPassword: hash !== undefined };
}

/**
 * Changes the actor's own user name, system flag, mobile number and/or password, all or nothing.
 * Changing a password needs the current one (a wrong one counts towards the lockout); setting the first
 * password needs security level 3 or more; changing the mobile number (where codes go) needs level 2.
 */
export async function updateMyLoginSettings(deps: AuthnDeps, caller: Actor, update: LoginSettingsUpdate): Promise<MyLoginSettings> {
  const actor = requirePerson(caller);
  if (update.username) normalizeUsername(update.username);
  const mobile = update.mobile ? normalizeMobile(update.mobile) : update.mobile;
  if (update.mobile !== undefined && actor.securityLevel < 2) throw new AppError(AuthnProblems.insufficientLevel, { detail: 'changing the mobile number needs level 2' });
  let newHash: string | undefined;
  if (update.newPassword !== undefined) {
    assertPasswordRules(update.newPassword);
    const existing = await selectPasswordHash(deps.db, actor.partyId);
    if (existing) {
      if (!(await verifyPassword(existing, update.currentPassword ?? ''))) {
        const locked = await recordFailure(deps, deps.db, loginSubject(actor.partyId));
        await audit(deps, deps.db, { event: 'password.change', outcome: 'failure', partyId: actor.partyId, detail: { reason: 'wrong current password', locked } });
        throw new AppError(locked ? AuthnProblems.locked : AuthnProblems.wrongCurrentPassword);
      }
    } else if (actor.securityLevel < 3) {
      throw new AppError(AuthnProblems.insufficientLevel, { detail: 'setting the first password needs level 3 (log in with eID)' });
    }
    newHash = await hashPassword(update.newPassword);
  }
  await inTransaction(deps.db, async (trx) => {
    const d = bindAuthnDeps(deps, trx);
    if (update.username !== undefined || update.allowSystemSubmission !== undefined) {
      await d.profile.uncheckedUpdateLoginSettings(actor.partyId, {
        ...(update.username !== undefined ? { username: update.username } : {}),
        ...(update.allowSystemSubmission !== undefined ? { allowSystemSubmission: update.allowSystemSubmission } : {}),
      });
    }
    if (mobile !== undefined) await d.profile.uncheckedUpdatePersonProfile(actor.partyId, { mobile });
    if (newHash) {
      await upsertPasswordHash(trx, actor.partyId, newHash, deps.clock.now());
      await audit(deps, trx, { event: 'password.change', outcome: 'success', partyId: actor.partyId });
    }
  });
  return getMyLoginSettings(deps, actor);
}

/** Sets a password without asking for the old one: for world files and operators. Callers check access. */
export async function uncheckedSetPassword(deps: AuthnDeps, partyId: number, password: string): Promise<void> {
  assertPasswordRules(password);
  const hash = await hashPassword(password);
  await upsertPasswordHash(deps.db, partyId, hash, deps.clock.now());
  await audit(deps, deps.db, { event: 'password.set', outcome: 'success', partyId, detail: { by: 'operator' } });
}
