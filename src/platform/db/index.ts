export { openDb, type Db, type DbOptions } from './open.ts';
export { jsonb } from './json.ts';
export { migrateToLatest, pendingMigrations, type MigrationSet } from './migrate.ts';
export { isUniqueViolation, isForeignKeyViolation } from './pg-errors.ts';
export { truncateSchemas } from './truncate.ts';
export type { Kysely, Transaction } from 'kysely';
export { inTransaction } from './transaction.ts';
