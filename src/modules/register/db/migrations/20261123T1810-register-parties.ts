import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const registerParties: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createSchema('register').ifNotExists().execute();
    // Party ids start high, as Altinn's do (50 000 000), so they are never mistaken for other numbers.
    await sql`create sequence register.party_id_seq start 50000000`.execute(db);
    await db.schema
      .createTable('register.party')
      .addColumn('party_id', 'integer', (c) => c.primaryKey().defaultTo(sql`nextval('register.party_id_seq')`))
      .addColumn('party_uuid', 'uuid', (c) => c.notNull().unique())
      .addColumn('party_type', 'text', (c) => c.notNull().check(sql`party_type in ('person', 'organization')`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('is_deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await sql`alter sequence register.party_id_seq owned by register.party.party_id`.execute(db);

    await db.schema
      .createTable('register.person')
      .addColumn('party_id', 'integer', (c) => c.primaryKey().references('register.party.party_id').onDelete('cascade'))
      .addColumn('ssn', 'text', (c) => c.notNull().unique())
      .addColumn('first_name', 'text', (c) => c.notNull())
      .addColumn('middle_name', 'text')
      .addColumn('last_name', 'text', (c) => c.notNull())
      .addColumn('birth_date', 'date', (c) => c.notNull())
      .addColumn('is_d_number', 'boolean', (c) => c.notNull())
      .addColumn('is_synthetic', 'boolean', (c) => c.notNull())
      .addColumn('address', 'jsonb')
      .execute();

    await db.schema
      .createTable('register.organization')
      .addColumn('party_id', 'integer', (c) => c.primaryKey().references('register.party.party_id').onDelete('cascade'))
      .addColumn('orgno', 'text', (c) => c.notNull().unique())
      .addColumn('organization_form', 'text', (c) => c.notNull())
      .addColumn('parent_party_id', 'integer', (c) => c.references('register.organization.party_id'))
      .addColumn('business_address', 'jsonb')
      .addColumn('postal_address', 'jsonb')
      .addColumn('deleted_at', 'timestamptz')
      .execute();
    await db.schema.createIndex('organization_parent_idx').on('register.organization').column('parent_party_id').execute();

    await db.schema
      .createTable('register.er_role')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('organization_party_id', 'integer', (c) => c.notNull().references('register.organization.party_id').onDelete('cascade'))
      .addColumn('role_code', 'text', (c) => c.notNull())
      .addColumn('holder_party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addUniqueConstraint('er_role_unique', ['organization_party_id', 'role_code', 'holder_party_id'])
      .execute();
    await db.schema.createIndex('er_role_holder_idx').on('register.er_role').columns(['holder_party_id', 'role_code']).execute();

    await db.schema
      .createTable('register.service_owner')
      .addColumn('party_id', 'integer', (c) => c.primaryKey().references('register.organization.party_id').onDelete('cascade'))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
};
