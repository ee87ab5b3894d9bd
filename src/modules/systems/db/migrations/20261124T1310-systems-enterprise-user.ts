import type { Kysely, Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const systemsEnterpriseUser: Migration = {
  async up(db: Kysely<any>) {
    // The password of an enterprise user (the user itself is a party in the register). Removed when the
    // user is deleted.
    await db.schema
      .createTable('systems.enterprise_user_password')
      .addColumn('party_id', 'integer', (c) => c.primaryKey().references('register.party.party_id').onDelete('cascade'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_by_party_id', 'integer', (c) => c.notNull())
      .addColumn('password_changed_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
};
