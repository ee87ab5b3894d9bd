import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const systemsSshKey: Migration = {
  async up(db: Kysely<any>) {
    // SSH public keys for SFTP logins. A key belongs to exactly one holder: a data system, an enterprise user
    // (its register party) or an agency system. Rows go with their holder (deleted in the same transaction).
    await db.schema
      .createTable('systems.ssh_key')
      .addColumn('key_id', 'uuid', (c) => c.primaryKey())
      .addColumn('data_system_id', 'integer', (c) => c.references('systems.data_system.system_id').onDelete('cascade'))
      .addColumn('enterprise_user_party_id', 'integer', (c) => c.references('register.party.party_id').onDelete('cascade'))
      .addColumn('service_owner_system', 'text', (c) => c.references('systems.service_owner_system.name').onDelete('cascade'))
      .addColumn('algorithm', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      // SHA256:<unpadded base64> of the wire blob, as ssh-keygen -l prints it; logins look keys up by it.
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('created_by_party_id', 'integer')
      .addCheckConstraint('ssh_key_one_holder', sql`num_nonnulls(data_system_id, enterprise_user_party_id, service_owner_system) = 1`)
      .execute();
    // The same key once per holder (nulls distinct: each index covers the rows of its own kind of holder).
    await sql`create unique index ssh_key_data_system_idx on systems.ssh_key (data_system_id, fingerprint) where data_system_id is not null`.execute(db);
    await sql`create unique index ssh_key_enterprise_user_idx on systems.ssh_key (enterprise_user_party_id, fingerprint) where enterprise_user_party_id is not null`.execute(db);
    await sql`create unique index ssh_key_service_owner_system_idx on systems.ssh_key (service_owner_system, fingerprint) where service_owner_system is not null`.execute(db);
  },
};
