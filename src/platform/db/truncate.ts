import { sql, type Kysely } from 'kysely';

/**
 * Empties every table of the given schemas (restarting their sequences), except the migration
 * bookkeeping. Used by the test environment's reset; callers run it inside their transaction.
 */
export async function truncateSchemas(db: Kysely<any>, schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const tables = await sql<{ schema: string; name: string }>`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema in (${sql.join(schemas)})
      and not (table_schema = 'platform' and table_name like 'migration%')
    order by 1, 2`.execute(db);
  if (tables.rows.length === 0) return;
  const list = sql.join(tables.rows.map((t) => sql.table(`${t.schema}.${t.name}`)));
  await sql`truncate ${list} restart identity cascade`.execute(db);
}
