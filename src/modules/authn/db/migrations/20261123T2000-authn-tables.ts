import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const authnTables: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createSchema('authn').ifNotExists().execute();
    await db.schema
      .createTable('authn.password')
      .addColumn('party_id', 'integer', (c) => c.primaryKey().references('register.party.party_id').onDelete('cascade'))
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    // Failure counters live in the database, so a lockout holds across every process.
    await db.schema
      .createTable('authn.lockout')
      .addColumn('subject', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'timestamptz')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('authn.login_challenge')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('consumed_at', 'timestamptz')
      .execute();
    await db.schema
      .createTable('authn.session')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('security_level', 'integer', (c) => c.notNull().check(sql`security_level between 0 and 4`))
      .addColumn('methods', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .execute();
    await db.schema
      .createTable('authn.signing_key')
      .addColumn('kid', 'text', (c) => c.primaryKey())
      .addColumn('algorithm', 'text', (c) => c.notNull())
      .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
      .addColumn('private_pem', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .addColumn('retired_at', 'timestamptz')
      .execute();
    await db.schema
      .createTable('authn.audit_event')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('success', 'failure')`))
      .addColumn('party_id', 'integer')
      .addColumn('detail', 'jsonb', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_event_party_idx').on('authn.audit_event').columns(['party_id', 'at']).execute();
  },
};
