/** The platform: what every module may use. It imports no module. */
export * from './errors/index.ts';
export * from './db/index.ts';
export * from './jobs/index.ts';
export * from './messages/index.ts';
export * from './blobs/index.ts';
export * from './log/index.ts';
export * from './http/index.ts';
export { systemClock, SettableClock, type Clock } from './clock.ts';
export { cryptoRandom, seededRandom, type Random } from './random.ts';
export type { Config } from './config/index.ts';
export { platformMigrations } from './migrations.ts';
export { consumeRateLimit, purgeRateLimits, rateLimitPurgeJob, type RateLimit, type RateDecision } from './rate-limit/index.ts';
export type { Actor, PersonActor, SecurityLevel, AuthMethod } from './actor.ts';
