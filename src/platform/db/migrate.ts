import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';

/**
 * A module's migrations, keyed by name. Names start with a UTC timestamp (`20261123T1900-register-party`)
 * so that one migrator can order every module's migrations in one sequence. Migrations are frozen:
 * they import only kysely, never application code, and are forward-only.
 */
export type MigrationSet = Record<string, Migration>;

const MIGRATION_SCHEMA = 'platform';
const MIGRATION_TABLE = 'migration';
const MIGRATION_LOCK_TABLE = 'migration_lock';

function collect(sets: readonly MigrationSet[]): Record<string, Migration> {
  const all: Record<string, Migration> = {};
  for (const set of sets) {
    for (const [name, m] of Object.entries(set)) {
      if (!/^\d{8}T\d{4}-[a-z0-9-]+$/.test(name)) throw new Error(`migration name ${name} does not match YYYYMMDDTHHMM-name`);
      if (all[name]) throw new Error(`migration ${name} is defined twice`);
      all[name] = m;
    }
  }
  return all;
}

function migrator(db: Kysely<any>, sets: readonly MigrationSet[]): Migrator {
  const all = collect(sets);
  return new Migrator({
    db,
    provider: { getMigrations: async () => all },
    migrationTableSchema: MIGRATION_SCHEMA,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
}

/** Runs every pending migration of every module in one ordered sequence; throws on the first failure. */
export async function migrateToLatest(db: Kysely<any>, sets: readonly MigrationSet[]): Promise<string[]> {
  const { error, results }: MigrationResultSet = await migrator(db, sets).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? '(unknown)'} failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of migrations the code knows that the database has not run yet. */
export async function pendingMigrations(db: Kysely<any>, sets: readonly MigrationSet[]): Promise<string[]> {
  const known = Object.keys(collect(sets)).sort();
  const exists = await sql<{ present: boolean }>`
    select to_regclass(${`${MIGRATION_SCHEMA}.${MIGRATION_TABLE}`}) is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return known;
  const done = await sql<{ name: string }>`select name from ${sql.table(`${MIGRATION_SCHEMA}.${MIGRATION_TABLE}`)}`.execute(db);
  const executed = new Set(done.rows.map((r) => r.name));
  return known.filter((n) => !executed.has(n));
}
