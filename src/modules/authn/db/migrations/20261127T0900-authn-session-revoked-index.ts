import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const authnSessionRevokedIndex: Migration = {
  async up(db: Kysely<any>) {
    // Every process reads the sessions ended within a token's lifetime (RevokedSessions): few rows of many.
    await sql`create index session_revoked_idx on authn.session (revoked_at) where revoked_at is not null`.execute(db);
  },
};
