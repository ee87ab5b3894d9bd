import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// KoFuVi's "personal contacts": where a person who acts for an organisation wants notices about it.
export const profilePersonalContact: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('profile.personal_contact')
      .addColumn('person_party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('organization_party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('email', 'text')
      .addColumn('mobile', 'text')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('personal_contact_pk', ['organization_party_id', 'person_party_id'])
      .addCheckConstraint('personal_contact_has_address', sql`email is not null or mobile is not null`)
      .execute();
    // Deleting a person cascades through this index instead of scanning the table.
    await db.schema.createIndex('personal_contact_person_idx').on('profile.personal_contact').column('person_party_id').execute();
  },
};
