import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const systemsDataSystem: Migration = {
  async up(db: Kysely<any>) {
    // SystemIDs are numeric as in Altinn II; ids below 100000 are free for world files to choose.
    await sql`create sequence systems.data_system_id_seq start 100000`.execute(db);
    await db.schema
      .createTable('systems.data_system')
      .addColumn('system_id', 'integer', (c) => c.primaryKey().defaultTo(sql`nextval('systems.data_system_id_seq')`))
      .addColumn('owner_party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('system_type_id', 'integer', (c) => c.notNull().references('systems.system_type.id'))
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_by_party_id', 'integer')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addColumn('password_changed_at', 'timestamptz', (c) => c.notNull())
      // Deleted systems keep their row so a SystemID is never handed out twice and old receipts still name it.
      .addColumn('deleted_at', 'timestamptz')
      .execute();
    await sql`alter sequence systems.data_system_id_seq owned by systems.data_system.system_id`.execute(db);
    await sql`create index data_system_owner_idx on systems.data_system (owner_party_id) where deleted_at is null`.execute(db);
  },
};
