export { consumeRateLimit, peekRateLimits, type RateLimit, type RateDecision } from './rate-limit.ts';
export { rateLimitMigrations } from './migrations.ts';
export { purgeRateLimits, rateLimitPurgeJob } from './purge.ts';
