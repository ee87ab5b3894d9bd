import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const auditMigrations: Record<string, Migration> = {
  // The audit log moved from authn to the platform when data systems (systems module) began writing to it too;
  // the authn migration that follows copies the earlier rows over.
  '20261123T2205-platform-audit-event': {
    async up(db: Kysely<any>) {
      await db.schema.createSchema('platform').ifNotExists().execute();
      await db.schema
        .createTable('platform.audit_event')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('success', 'failure')`))
        .addColumn('party_id', 'integer')
        .addColumn('detail', 'jsonb', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_event_party_idx').on('platform.audit_event').columns(['party_id', 'at']).execute();
    },
  },
};
