import type { JobDefinition, Kysely } from '../../platform/index.ts';
import type { AuthnDatabase } from './db/tables.ts';
import type { AuthnDeps } from './deps.ts';
import { deleteOldSystemChallenges } from './db/system-challenge-store.ts';
import { deleteExpiredWsNonces } from './db/ws-nonce-store.ts';

const KEEP_MS = 86_400_000;

/**
 * Deletes WS-Security nonces past their freshness, and login challenges, data-system challenges and sessions that ended more than a day ago (expired, used, revoked or idle
 * past the limit). Audit events stay: they are the record.
 */
export async function purgeEndedLogins(deps: Pick<AuthnDeps, 'db' | 'clock' | 'settings'>): Promise<{ challenges: number; systemChallenges: number; sessions: number }> {
  const db = deps.db as Kysely<AuthnDatabase>;
  const now = deps.clock.now().getTime();
  const before = new Date(now - KEEP_MS);
  const idleBefore = new Date(now - KEEP_MS - deps.settings.sessionIdleMinutes * 60_000);
  const challenges = await db.deleteFrom('authn.login_challenge').where('expires_at', '<', before).executeTakeFirst();
  const sessions = await db
    .deleteFrom('authn.session')
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before), eb('last_seen_at', '<', idleBefore)]))
    .executeTakeFirst();
  const systemChallenges = await deleteOldSystemChallenges(deps.db, before);
  await deleteExpiredWsNonces(deps.db, new Date(now));
  return { challenges: Number(challenges.numDeletedRows), systemChallenges, sessions: Number(sessions.numDeletedRows) };
}

/** Hourly housekeeping of ended logins. */
export function authnPurgeJob(deps: Pick<AuthnDeps, 'db' | 'clock' | 'settings'>): JobDefinition<Record<string, never>> {
  return { kind: 'authn.purge-ended-logins', every: { ms: 3_600_000, payload: {} }, run: async () => void (await purgeEndedLogins(deps)) };
}
