import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const submissionsSharedElementId: Migration = {
  async up(db: Kysely<any>) {
    // Form tasks now draw their ids from the platform's one series (correspondence draws from it too),
    // continuing after the highest id given so far.
    await sql`select setval('platform.reportee_element_id', greatest((select max(reportee_element_id) from submissions.reportee_element), 999999))`.execute(db);
    await sql`alter table submissions.reportee_element alter column reportee_element_id drop identity`.execute(db);
    await sql`alter table submissions.reportee_element alter column reportee_element_id set default nextval('platform.reportee_element_id')`.execute(db);
  },
};
