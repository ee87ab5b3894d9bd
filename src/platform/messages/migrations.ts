import { sql, type Kysely, type Migration } from 'kysely';

export const messageMigrations: Record<string, Migration> = {
  '20261123T1801-platform-message-outbox': {
    async up(db: Kysely<any>) {
      await db.schema.createSchema('platform').ifNotExists().execute();
      await db.schema
        .createTable('platform.outbox_message')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
        .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('sms', 'email')`))
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('sender', 'text')
        .addColumn('subject', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('html', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outbox_message_recipient_idx').on('platform.outbox_message').columns(['recipient', 'seq']).execute();
    },
  },
  // Frozen: letters (code letters for AltinnPin) join SMS and e-mail; the print house collects them from here.
  '20261123T2231-platform-outbox-letter': {
    async up(db: Kysely<any>) {
      await sql`alter table platform.outbox_message drop constraint outbox_message_channel_check`.execute(db);
      await sql`alter table platform.outbox_message add constraint outbox_message_channel_check check (channel in ('sms', 'email', 'letter'))`.execute(db);
    },
  },
};
