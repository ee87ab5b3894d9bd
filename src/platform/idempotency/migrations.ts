import type { Kysely, Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const idempotencyMigrations: Record<string, Migration> = {
  '20261123T2200-platform-idempotency-key': {
    async up(db: Kysely<any>) {
      await db.schema.createSchema('platform').ifNotExists().execute();
      await db.schema
        .createTable('platform.idempotency_key')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('result_id', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_key_pk', ['scope', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_key_created_idx').on('platform.idempotency_key').column('created_at').execute();
    },
  },
};
