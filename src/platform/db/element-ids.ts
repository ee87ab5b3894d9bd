import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Altinn II numbers every element of a message box — form tasks, correspondence — from one series
 * (ReporteeElementId). The modules that own elements draw their ids from this sequence, so an id names
 * one element whatever its kind.
 */
export const elementIdMigrations: Record<string, Migration> = {
  // Frozen: never edit after it has shipped; add a new migration instead.
  '20261124T0700-platform-reportee-element-id': {
    async up(db: Kysely<any>) {
      await sql`create sequence platform.reportee_element_id start with 1000000`.execute(db);
    },
  },
};
