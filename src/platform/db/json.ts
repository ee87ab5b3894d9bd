import { sql, type RawBuilder } from 'kysely';

/**
 * The one way to write JSON into a jsonb column. pg turns JS arrays into PostgreSQL array literals and
 * postgres.js double-encodes strings; sending text and casting works the same on every driver.
 */
export function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value)} as text)::jsonb`;
}
