import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const submissionsReporteeService: Migration = {
  async up(db: Kysely<any>) {
    // The services a reportee has elements of: the message box asks authz once per service, not per element.
    await sql`
      create table submissions.reportee_service (
        reportee_party_id integer not null,
        service_code text not null,
        service_edition_code integer not null,
        primary key (reportee_party_id, service_code, service_edition_code)
      )`.execute(db);
    await sql`
      insert into submissions.reportee_service (reportee_party_id, service_code, service_edition_code)
      select distinct reportee_party_id, service_code, service_edition_code from submissions.reportee_element`.execute(db);
  },
};
