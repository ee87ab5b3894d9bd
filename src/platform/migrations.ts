import type { MigrationSet } from './db/index.ts';
import { jobMigrations } from './jobs/migrations.ts';
import { messageMigrations } from './messages/migrations.ts';
import { rateLimitMigrations } from './rate-limit/migrations.ts';

/** The platform's own migrations (jobs, message outbox, rate limits); the migrator runs them with every module's. */
export const platformMigrations: MigrationSet = { ...jobMigrations, ...messageMigrations, ...rateLimitMigrations };
