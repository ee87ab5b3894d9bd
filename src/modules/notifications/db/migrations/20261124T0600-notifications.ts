import { sql, type Kysely, type Migration } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
export const notificationsSchema: Migration = {
  async up(db: Kysely<any>) {
    await sql`create schema if not exists notifications`.execute(db);
    await sql`
      create table notifications.template_text (
        service_owner_code text not null,
        notification_type text not null,
        language text not null check (language in ('nb', 'nn', 'en')),
        transport text not null check (transport in ('sms', 'email')),
        subject text,
        body text not null,
        updated_at timestamptz not null,
        primary key (service_owner_code, notification_type, language, transport)
      )`.execute(db);
    await sql`
      create table notifications.notification (
        id uuid primary key,
        batch_id uuid not null,
        position integer not null,
        service_owner_code text not null,
        created_by text not null,
        notification_type text not null,
        language text not null,
        reportee_party_id integer,
        reportee_number text,
        service_code text,
        service_edition_code integer,
        is_reservable boolean not null,
        is_reserved boolean not null,
        shipment_at timestamptz not null,
        created_at timestamptz not null
      )`.execute(db);
    await sql`create index notification_batch_idx on notifications.notification (batch_id, position)`.execute(db);
    await sql`create index notification_owner_idx on notifications.notification (service_owner_code, created_at)`.execute(db);
    await sql`
      create table notifications.recipient (
        id uuid primary key,
        notification_id uuid not null references notifications.notification (id) on delete cascade,
        position integer not null,
        channel text not null check (channel in ('sms', 'email')),
        address text,
        retrieve_from_profile boolean not null,
        name text,
        status text not null check (status in ('New', 'Sending', 'Sent', 'Failed', 'Reserved', 'NoAddress')),
        sender text,
        subject text,
        body text,
        segments integer,
        encoding text,
        attempts integer not null default 0,
        last_error text,
        gateway_message_id text,
        sent_at timestamptz,
        updated_at timestamptz not null
      )`.execute(db);
    await sql`create index recipient_notification_idx on notifications.recipient (notification_id, position)`.execute(db);
  },
};
