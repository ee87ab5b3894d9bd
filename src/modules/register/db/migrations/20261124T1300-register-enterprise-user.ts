import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const registerEnterpriseUser: Migration = {
  async up(db: Kysely<any>) {
    // An enterprise user (virksomhetsbruker) is a party of its own, so roles can be delegated to it like to a
    // person; it belongs to one organisation, whose enterprise certificate it logs in with.
    await sql`alter table register.party drop constraint if exists party_party_type_check`.execute(db);
    await sql`alter table register.party add constraint party_type_check check (party_type in ('person', 'organization', 'enterprise_user'))`.execute(db);
    await db.schema
      .createTable('register.enterprise_user')
      .addColumn('party_id', 'integer', (c) => c.primaryKey().references('register.party.party_id').onDelete('cascade'))
      .addColumn('organization_party_id', 'integer', (c) => c.notNull().references('register.organization.party_id').onDelete('cascade'))
      .addColumn('user_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      // Deleted users keep their row: a name is never handed to someone else, and old receipts still name it.
      .addColumn('deleted_at', 'timestamptz')
      .execute();
    await sql`create unique index enterprise_user_name_idx on register.enterprise_user (lower(user_name))`.execute(db);
    await sql`create index enterprise_user_organization_idx on register.enterprise_user (organization_party_id) where deleted_at is null`.execute(db);
  },
};
