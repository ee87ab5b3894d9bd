import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const authnWsNonce: Migration = {
  async up(db: Kysely<any>) {
    // WS-Security UsernameToken nonces seen while their token could still be fresh: a nonce comes once.
    // Shared by every API process, so a replay to another process is caught too.
    await db.schema
      .createTable('authn.ws_nonce')
      .addColumn('nonce_hash', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await sql`create index ws_nonce_expires_idx on authn.ws_nonce (expires_at)`.execute(db);
  },
};
