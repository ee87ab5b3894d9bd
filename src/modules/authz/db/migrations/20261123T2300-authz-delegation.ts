import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const authzDelegation: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createSchema('authz').ifNotExists().execute();
    // A role given for a reportee (offered by) to a person or organisation (covered by). Client roles name
    // the firm whose REGN/REVI role they pass on (via_party_id): they lapse when the firm loses it.
    await db.schema
      .createTable('authz.role_delegation')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('reportee_party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('role_code', 'text', (c) => c.notNull())
      .addColumn('recipient_party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('via_party_id', 'integer', (c) => c.references('register.party.party_id').onDelete('cascade'))
      .addColumn('delegated_by_party_id', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('valid_to', 'timestamptz')
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('revoked_by_party_id', 'integer')
      .execute();
    await sql`create index role_delegation_recipient_idx on authz.role_delegation (recipient_party_id) where revoked_at is null`.execute(db);
    await sql`create index role_delegation_reportee_idx on authz.role_delegation (reportee_party_id) where revoked_at is null`.execute(db);
    await sql`create unique index role_delegation_live_idx on authz.role_delegation (reportee_party_id, role_code, recipient_party_id) where revoked_at is null`.execute(db);
  },
};
