import type { Kysely, Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const testenvWorldLoad: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createSchema('testenv').ifNotExists().execute();
    await db.schema
      .createTable('testenv.world_load')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('summary', 'jsonb', (c) => c.notNull())
      .addColumn('loaded_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
};
