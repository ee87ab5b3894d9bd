import type { Kysely, Migration } from 'kysely';

export const rateLimitMigrations: Record<string, Migration> = {
  '20261123T2030-platform-rate-limit': {
    async up(db: Kysely<any>) {
      await db.schema.createSchema('platform').ifNotExists().execute();
      await db.schema
        .createTable('platform.rate_limit')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', 'timestamptz', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();
    },
  },
};
