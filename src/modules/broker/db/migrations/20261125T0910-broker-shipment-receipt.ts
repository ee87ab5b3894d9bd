import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const brokerShipmentReceipt: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table broker.shipment_receipt (
        account text not null,
        archive_name text not null,
        created_at timestamptz not null,
        result text not null check (result in ('OK', 'Failed')),
        file_reference uuid,
        code text,
        message text not null,
        errors jsonb not null,
        primary key (account, archive_name)
      )`.execute(db);
  },
};
