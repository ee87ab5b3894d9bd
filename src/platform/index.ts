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
export { recordAudit, listAuditEvents, type AuditEvent } from './audit/index.ts';
export { createIdempotently, parseIdempotencyKey, purgeIdempotencyKeys, idempotencyPurgeJob } from './idempotency/index.ts';
export { consumeRateLimit, peekRateLimit, purgeRateLimits, rateLimitPurgeJob, type RateLimit, type RateDecision } from './rate-limit/index.ts';
export { requirePerson, requireServiceOwner, requireLevel, type Actor, type PersonActor, type SystemActor, type ServiceOwnerActor, type SecurityLevel, type AuthMethod } from './actor.ts';
export { hashPassword, verifyPassword, sha256Hex, sameHash } from './secrets.ts';
export { normalizeCidr, isAddressAllowed } from './net.ts';
export { sanitizeHtml, htmlToText, type SanitizedHtml } from './html/index.ts';
