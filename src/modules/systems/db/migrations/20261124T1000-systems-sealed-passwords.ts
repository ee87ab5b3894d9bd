import type { Kysely, Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const systemsSealedPasswords: Migration = {
  async up(db: Kysely<any>) {
    // The password sealed with TINN_CREDENTIALS_KEY (AES-256-GCM), when that key was set as the password
    // was: WS-Security PasswordDigest needs the password itself. Null otherwise.
    await db.schema.alterTable('systems.data_system').addColumn('password_sealed', 'bytea').execute();
    await db.schema.alterTable('systems.service_owner_system').addColumn('password_sealed', 'bytea').execute();
  },
};
