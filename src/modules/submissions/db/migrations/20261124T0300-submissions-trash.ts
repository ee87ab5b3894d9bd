import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const submissionsTrash: Migration = {
  async up(db: Kysely<any>) {
    // An organisation's deleted form task goes to its trash bin (Altinn II); a person's is deleted for good.
    await sql`alter table submissions.reportee_element add column deleted_at timestamptz, add column deleted_by_party_id integer`.execute(db);
  },
};
