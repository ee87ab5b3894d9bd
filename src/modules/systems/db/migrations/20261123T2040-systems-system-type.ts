import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const systemsSystemType: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createSchema('systems').ifNotExists().execute();
    await sql`create sequence systems.system_type_id_seq start 1000`.execute(db);
    await db.schema
      .createTable('systems.system_type')
      .addColumn('id', 'integer', (c) => c.primaryKey().defaultTo(sql`nextval('systems.system_type_id_seq')`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('vendor_party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('may_submit_signed_data', 'boolean', (c) => c.notNull())
      .addColumn('listed_in_production', 'boolean', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved')`))
      .addColumn('created_by_party_id', 'integer')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('approved_at', 'timestamptz')
      .execute();
    await sql`alter sequence systems.system_type_id_seq owned by systems.system_type.id`.execute(db);
    await sql`create unique index system_type_vendor_name_idx on systems.system_type (vendor_party_id, lower(name))`.execute(db);
  },
};
