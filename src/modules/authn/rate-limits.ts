import { AppError, consumeRateLimit } from '../../platform/index.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';

/** Where a request came from, as the edge saw it. */
export interface RequestContext {
  ip: string;
}

/** Counts one attempt against each limit; the first one exceeded answers AUTN-00013 with Retry-After. */
export async function limitAttempts(deps: Pick<AuthnDeps, 'db' | 'clock'>, limits: { key: string; limit: number; windowSeconds: number }[]): Promise<void> {
  for (const l of limits) {
    const decision = await consumeRateLimit(deps.db, deps.clock, l.key, { limit: l.limit, windowSeconds: l.windowSeconds });
    if (!decision.allowed) {
      throw new AppError(AuthnProblems.rateLimited, { detail: `try again in ${decision.retryAfterSeconds} s`, data: { retryAfterSeconds: decision.retryAfterSeconds } });
    }
  }
}
