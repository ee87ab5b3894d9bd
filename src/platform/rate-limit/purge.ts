import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { JobDefinition } from '../jobs/index.ts';

/** Deletes rate-limit counters whose window ended more than a day ago (they would restart at 1 anyway). */
export async function purgeRateLimits(db: Kysely<any>, clock: Clock): Promise<number> {
  const before = new Date(clock.now().getTime() - 86_400_000);
  const result = await (db as Kysely<{ 'platform.rate_limit': { window_start: Date } }>)
    .deleteFrom('platform.rate_limit')
    .where('window_start', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Hourly housekeeping of the rate-limit table. */
export function rateLimitPurgeJob(db: Kysely<any>, clock: Clock): JobDefinition<Record<string, never>> {
  return { kind: 'platform.rate-limit-purge', every: { ms: 3_600_000, payload: {} }, run: async () => void (await purgeRateLimits(db, clock)) };
}
