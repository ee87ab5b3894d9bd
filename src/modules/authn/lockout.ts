import { AppError, type Kysely } from '../../platform/index.ts';
import { clearLockout, incrementFailures, lockSubject, selectLockout } from './db/credential-store.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';

/** The lockout subject of a person's interactive login (password and one-time code failures count together). */
export const loginSubject = (partyId: number) => `login:${partyId}`;

/** Throws AUTN-00002 while the subject is locked. */
export async function assertNotLocked(deps: Pick<AuthnDeps, 'db' | 'clock'>, subject: string): Promise<void> {
  const row = await selectLockout(deps.db, subject);
  if (row?.locked_until && row.locked_until > deps.clock.now()) {
    throw new AppError(AuthnProblems.locked, { detail: `try again after ${row.locked_until.toISOString()}`, data: { lockedUntil: row.locked_until.toISOString() } });
  }
}

/** Counts a failure; returns true when it locked the subject. Runs in `db` (commit it even if the caller then throws). */
export async function recordFailure(deps: Pick<AuthnDeps, 'clock' | 'settings'>, db: Kysely<any>, subject: string): Promise<boolean> {
  const now = deps.clock.now();
  const failures = await incrementFailures(db, subject, now);
  if (failures < deps.settings.maxFailures) return false;
  await lockSubject(db, subject, new Date(now.getTime() + deps.settings.lockoutMinutes * 60_000), now);
  return true;
}

export async function recordSuccess(db: Kysely<any>, subject: string): Promise<void> {
  await clearLockout(db, subject);
}
