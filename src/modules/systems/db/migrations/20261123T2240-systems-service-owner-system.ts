import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const systemsServiceOwnerSystem: Migration = {
  async up(db: Kysely<any>) {
    // An agency system (etatssystem): a service owner's system user with a password and an IP allow-list.
    await db.schema
      .createTable('systems.service_owner_system')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('service_owner_party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('allowed_cidrs', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    // API keys are random 256-bit secrets: a SHA-256 hash is enough to store, and lets a request find its key.
    await db.schema
      .createTable('systems.service_owner_api_key')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('system_name', 'text', (c) => c.notNull().references('systems.service_owner_system.name').onDelete('cascade'))
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('key_hint', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .execute();
    await sql`create index service_owner_api_key_system_idx on systems.service_owner_api_key (system_name)`.execute(db);
  },
};
