import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const authzServicePolicy: Migration = {
  async up(db: Kysely<any>) {
    // Which roles grant which operations on a service edition (its role requirements), the minimum security
    // level, and whether the service owner's rights register (SRR) also has to allow the reportee.
    await db.schema
      .createTable('authz.service_policy')
      .addColumn('service_code', 'text', (c) => c.notNull())
      .addColumn('service_edition_code', 'integer', (c) => c.notNull())
      .addColumn('service_owner_code', 'text', (c) => c.notNull())
      .addColumn('name', 'jsonb', (c) => c.notNull())
      .addColumn('minimum_security_level', 'integer', (c) => c.notNull())
      .addColumn('srr_enabled', 'boolean', (c) => c.notNull())
      .addColumn('role_requirements', 'jsonb', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('service_policy_pk', ['service_code', 'service_edition_code'])
      .execute();
    // SRR: a service owner allows a reportee Read or Write on its own service edition.
    await db.schema
      .createTable('authz.srr_right')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('service_code', 'text', (c) => c.notNull())
      .addColumn('service_edition_code', 'integer', (c) => c.notNull())
      .addColumn('reportee_party_id', 'integer', (c) => c.notNull().references('register.party.party_id').onDelete('cascade'))
      .addColumn('operation', 'text', (c) => c.notNull().check(sql`operation in ('Read', 'Write')`))
      .addColumn('valid_to', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await sql`create unique index srr_right_rule_idx on authz.srr_right (service_code, service_edition_code, reportee_party_id, operation)`.execute(db);
  },
};
