import type { MigrationSet } from './db/index.ts';
import { jobMigrations } from './jobs/migrations.ts';
import { messageMigrations } from './messages/migrations.ts';
import { rateLimitMigrations } from './rate-limit/migrations.ts';
import { idempotencyMigrations } from './idempotency/migrations.ts';
import { auditMigrations } from './audit/migrations.ts';
import { versionMigrations } from './db/versions.ts';
import { elementIdMigrations } from './db/element-ids.ts';
import { batchFileMigrations } from './batch-files/migrations.ts';

/** The platform's own migrations (jobs, message outbox, rate limits, idempotency keys, audit log, batch files); the migrator runs them with every module's. */
export const platformMigrations: MigrationSet = { ...jobMigrations, ...messageMigrations, ...rateLimitMigrations, ...idempotencyMigrations, ...auditMigrations, ...versionMigrations, ...elementIdMigrations, ...batchFileMigrations };
