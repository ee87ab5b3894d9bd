import { AppError, recordAudit, type AuditEvent, type Kysely, type Problem } from '../../platform/index.ts';
import { clearLockout, incrementFailures, lockSubject, selectLockout } from './db/credential-store.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';

/** The lockout subject of a person's password. */
export const loginSubject = (partyId: number) => `login:${partyId}`;

/**
 * The lockout subject of a person's one-time codes. Separate from the password's: every code check follows a
 * right password, which must not wipe the count of wrong codes (else knowing the password would allow
 * endless guessing).
 */
export const codeSubject = (partyId: number) => `code:${partyId}`;

/** The lockout subject of a data system's password. */
export const systemSubject = (systemId: number) => `system:${systemId}`;
/** An enterprise user's password, by its party. */
export const enterpriseUserSubject = (partyId: number) => `enterprise-user:${partyId}`;

/**
 * Throws AUTN-00002 (or the given problem) while the subject is locked. Answers whether the subject has a
 * lockout row at all (failures counted), so a success need not write when there is nothing to clear.
 */
export async function assertNotLocked(deps: Pick<AuthnDeps, 'db' | 'clock'>, subject: string, problem: Problem = AuthnProblems.locked): Promise<{ hasFailures: boolean }> {
  const row = await selectLockout(deps.db, subject);
  if (row?.locked_until && row.locked_until > deps.clock.now()) {
    throw new AppError(problem, { detail: `try again after ${row.locked_until.toISOString()}`, data: { lockedUntil: row.locked_until.toISOString() } });
  }
  return { hasFailures: row !== undefined };
}

/** Counts a failure; returns true when it locked the subject. Runs in `db` (commit it even if the caller then throws). */
/** Throws AUTN-00002 while the person's password or one-time codes are locked. */
export async function assertPersonNotLocked(deps: Pick<AuthnDeps, 'db' | 'clock'>, partyId: number): Promise<void> {
  await assertNotLocked(deps, loginSubject(partyId));
  await assertNotLocked(deps, codeSubject(partyId));
}

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

/**
 * A wrong password of a known subject: counts it, audits it (with whether it locked), and throws
 * `lockedProblem` when this failure locked the subject. The caller then throws its wrong-credentials problem.
 */
export async function countWrongSecret(
  deps: Pick<AuthnDeps, 'db' | 'clock' | 'settings'>,
  subject: string,
  lockedProblem: Problem,
  event: Omit<AuditEvent, 'outcome'>,
): Promise<void> {
  const locked = await recordFailure(deps, deps.db, subject);
  await recordAudit(deps.db, deps.clock, { ...event, outcome: 'failure', detail: { ...event.detail, locked } });
  if (locked) throw new AppError(lockedProblem, { detail: `locked for ${deps.settings.lockoutMinutes} minutes` });
}
