export { openDb, type Db, type DbOptions, type Listener, type ListenHandlers } from './open.ts';
export { createChangeFeed, type ChangeFeed } from './changes.ts';
export { jsonb } from './json.ts';
export { migrateToLatest, pendingMigrations, type MigrationSet } from './migrate.ts';
export { isUniqueViolation, isForeignKeyViolation } from './pg-errors.ts';
export { truncateSchemas } from './truncate.ts';
export type { Kysely, Transaction } from 'kysely';
export { inTransaction } from './transaction.ts';
export { bumpVersions, readVersions, versionMigrations } from './versions.ts';
