import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// The audit log now lives in platform.audit_event (written by several modules); earlier rows move there.
export const authnAuditToPlatform: Migration = {
  async up(db: Kysely<any>) {
    await sql`insert into platform.audit_event (at, event, outcome, party_id, detail)
              select at, event, outcome, party_id, detail from authn.audit_event order by id`.execute(db);
    await db.schema.dropTable('authn.audit_event').execute();
  },
};
