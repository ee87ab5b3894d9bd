import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const profileTables: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createSchema('profile').ifNotExists().execute();
    await db.schema
      .createTable('profile.person_profile')
      .addColumn('party_id', 'integer', (c) => c.primaryKey().references('register.party.party_id').onDelete('cascade'))
      .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('nb', 'nn', 'en')`))
      .addColumn('email', 'text')
      .addColumn('mobile', 'text')
      .addColumn('is_reserved', 'boolean', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('profile.login_settings')
      .addColumn('party_id', 'integer', (c) => c.primaryKey().references('register.party.party_id').onDelete('cascade'))
      .addColumn('username', 'text')
      .addColumn('allow_system_submission', 'boolean', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    // User names are unique regardless of case.
    await sql`create unique index login_settings_username_idx on profile.login_settings (lower(username)) where username is not null`.execute(db);
    await db.schema
      .createTable('profile.org_notification_address')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'sms')`))
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addUniqueConstraint('org_notification_address_unique', ['party_id', 'channel', 'address'])
      .execute();
  },
};
