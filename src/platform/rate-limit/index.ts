export { consumeRateLimit, type RateLimit, type RateDecision } from './rate-limit.ts';
export { rateLimitMigrations } from './migrations.ts';
