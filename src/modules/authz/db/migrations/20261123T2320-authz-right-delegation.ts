import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const authzRightDelegation: Migration = {
  async up(db: Kysely<any>) {
    // A single right (enkeltrettighet): operations on one service edition, given for a reportee to a person
    // or organisation, without a role.
    await db.schema
      .createTable('authz.right_delegation')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('reportee_party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('service_code', 'text', (c) => c.notNull())
      .addColumn('service_edition_code', 'integer', (c) => c.notNull())
      .addColumn('operations', 'jsonb', (c) => c.notNull())
      .addColumn('recipient_party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('delegated_by_party_id', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('valid_to', 'timestamptz')
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('revoked_by_party_id', 'integer')
      .execute();
    await sql`create index right_delegation_recipient_idx on authz.right_delegation (recipient_party_id) where revoked_at is null`.execute(db);
    await sql`create index right_delegation_reportee_idx on authz.right_delegation (reportee_party_id) where revoked_at is null`.execute(db);
    await sql`create unique index right_delegation_live_idx on authz.right_delegation (reportee_party_id, service_code, service_edition_code, recipient_party_id) where revoked_at is null`.execute(db);
  },
};
