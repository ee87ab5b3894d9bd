import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock.ts';

/** A limit: at most `limit` events per `windowSeconds` for one key. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one event for `key` in a fixed window and says whether it is within the limit. The counter is a
 * row, so every process shares it. Keys name what is limited and for whom (`login:ip:203.0.113.7`).
 */
export async function consumeRateLimit(db: Kysely<any>, clock: Clock, key: string, limit: RateLimit): Promise<RateDecision> {
  const now = clock.now();
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const row = await sql<{ count: number }>`
    insert into platform.rate_limit (key, window_start, count) values (${key}, ${windowStart}, 1)
    on conflict (key) do update set
      count = case when platform.rate_limit.window_start = excluded.window_start then platform.rate_limit.count + 1 else 1 end,
      window_start = excluded.window_start
    returning count`.execute(db);
  if (row.rows[0]!.count <= limit.limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000)) };
}

/** Whether one more event for each key would still be within its limit, without counting it (one query). */
export async function peekRateLimits(db: Kysely<any>, clock: Clock, limits: readonly (RateLimit & { key: string })[]): Promise<RateDecision> {
  if (limits.length === 0) return { allowed: true };
  const now = clock.now();
  const rows = await sql<{ key: string; count: number; window_start: Date }>`select key, count, window_start from platform.rate_limit where key in (${sql.join(limits.map((l) => l.key))})`.execute(db);
  for (const l of limits) {
    const r = rows.rows.find((x) => x.key === l.key);
    const windowMs = l.windowSeconds * 1000;
    const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
    if (r && new Date(r.window_start).getTime() === windowStart && r.count >= l.limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now.getTime()) / 1000)) };
    }
  }
  return { allowed: true };
}
