export { createIdempotently, parseIdempotencyKey, purgeIdempotencyKeys, idempotencyPurgeJob, IDEMPOTENCY_RETENTION_MS } from './idempotency.ts';
export { idempotencyMigrations } from './migrations.ts';
