import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const brokerSchema: Migration = {
  async up(db: Kysely<any>) {
    await sql`create schema if not exists broker`.execute(db);
    await sql`
      create table broker.file (
        file_reference uuid primary key,
        service_code text not null,
        service_edition_code integer not null,
        service_owner_code text not null,
        sender_party_id integer not null references register.party (party_id),
        senders_reference text not null,
        file_name text not null,
        properties jsonb not null,
        checksum_algorithm text not null check (checksum_algorithm in ('sha256', 'md5')),
        declared_checksum text,
        checksum text,
        status text not null check (status in ('Initialized', 'Uploading', 'Published', 'Cancelled', 'Expired', 'Failed')),
        changed_at timestamptz not null,
        size bigint,
        received bigint not null,
        upload_id text,
        parts jsonb not null,
        blob_key text not null,
        failure text,
        created_by text not null,
        created_at timestamptz not null,
        published_at timestamptz,
        expires_at timestamptz not null,
        purged_at timestamptz
      )`.execute(db);
    await sql`create index file_sender on broker.file (sender_party_id, created_at desc)`.execute(db);
    await sql`create index file_expiry on broker.file (expires_at) where purged_at is null`.execute(db);
    await sql`
      create table broker.recipient (
        file_reference uuid not null references broker.file (file_reference),
        party_id integer not null references register.party (party_id),
        reportee_number text not null,
        position integer not null,
        status text not null check (status in ('Initialized', 'Published', 'Downloaded')),
        last_downloaded_at timestamptz,
        confirmed_at timestamptz,
        confirmed_by text,
        primary key (file_reference, party_id)
      )`.execute(db);
    await sql`create index recipient_party on broker.recipient (party_id)`.execute(db);
    await sql`
      create table broker.file_event (
        id integer generated always as identity primary key,
        file_reference uuid not null references broker.file (file_reference),
        at timestamptz not null,
        event text not null,
        recipient_party_id integer,
        detail text
      )`.execute(db);
    await sql`create index file_event_file on broker.file_event (file_reference, id)`.execute(db);
  },
};
