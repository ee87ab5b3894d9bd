import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const submissionsBatchDelivery: Migration = {
  async up(db: Kysely<any>) {
    // Archived submissions of services with batch delivery, for the owner's SFTP /batch/outbound folder.
    // Queued in the archiving transaction; the file is rendered by a job, then listed until acknowledged.
    await sql`
      create table submissions.batch_delivery_item (
        batch_reference bigint generated always as identity primary key,
        archive_reference text not null unique,
        service_owner_code text not null,
        queued_at timestamptz not null,
        rendered_at timestamptz,
        previous_reference bigint,
        blob_key text,
        size_bytes bigint,
        acknowledged_at timestamptz
      )`.execute(db);
    await sql`create index batch_delivery_listed_idx on submissions.batch_delivery_item (service_owner_code, batch_reference) where acknowledged_at is null and rendered_at is not null`.execute(db);
  },
};
