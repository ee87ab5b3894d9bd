import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const authnSystemChallenge: Migration = {
  async up(db: Kysely<any>) {
    // A code letter (kodebrev): numbered one-time codes sent by post; the newest letter replaces older ones.
    await db.schema
      .createTable('authn.code_letter')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .execute();
    await sql`create index code_letter_party_idx on authn.code_letter (party_id) where revoked_at is null`.execute(db);
    await db.schema
      .createTable('authn.code_letter_code')
      .addColumn('letter_id', 'uuid', (c) => c.notNull().references('authn.code_letter.id').onDelete('cascade'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('used_at', 'timestamptz')
      .addPrimaryKeyConstraint('code_letter_code_pk', ['letter_id', 'number'])
      .execute();
    // GetAuthenticationChallenge: a one-time code for a (data system, user) pair. Once used it stays valid
    // for a sliding window (valid_until) up to max_valid_until.
    await db.schema
      .createTable('authn.system_challenge')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('system_id', 'integer')
      .addColumn('user_party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('auth_method', 'text', (c) => c.notNull().check(sql`auth_method in ('SMSPin', 'AltinnPin')`))
      .addColumn('code_hash', 'text')
      .addColumn('letter_id', 'uuid', (c) => c.references('authn.code_letter.id').onDelete('cascade'))
      .addColumn('pin_number', 'integer')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('code_expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('validated_at', 'timestamptz')
      .addColumn('valid_until', 'timestamptz')
      .addColumn('max_valid_until', 'timestamptz')
      .addColumn('ended_at', 'timestamptz')
      .execute();
    await sql`create index system_challenge_open_idx on authn.system_challenge (user_party_id, system_id) where ended_at is null`.execute(db);
  },
};
