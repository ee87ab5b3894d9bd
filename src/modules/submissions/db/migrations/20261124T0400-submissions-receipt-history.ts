import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const submissionsReceiptHistory: Migration = {
  async up(db: Kysely<any>) {
    // UpdateReceipt keeps what a receipt said before (Altinn II ReceiptHistory).
    await sql`
      create table submissions.receipt_history (
        receipt_id integer not null references submissions.receipt on delete cascade,
        changed_at timestamptz not null,
        status_code text not null,
        receipt_text text not null,
        changed_by text not null
      )`.execute(db);
    await sql`create index receipt_history_receipt_idx on submissions.receipt_history (receipt_id, changed_at)`.execute(db);
    await sql`create index receipt_sender_changed_idx on submissions.receipt (sender_key, last_changed_at)`.execute(db);
    await sql`create index receipt_owner_changed_idx on submissions.receipt (service_owner_code, receipt_type, last_changed_at)`.execute(db);
  },
};
