import type { ColumnType, Generated, Kysely } from 'kysely';
import type { ReplyOption, StatusType } from '../correspondence.ts';

export interface CorrespondenceTable {
  correspondence_id: Generated<number>;
  reportee_party_id: number;
  reportee_number: string;
  service_code: string;
  service_edition_code: number;
  service_owner_code: string;
  sent_by: string;
  external_shipment_reference: string;
  request_sha256: string;
  language: 'nb' | 'nn' | 'en';
  title: string;
  summary: string;
  body: string;
  custom_message_data: string | null;
  message_sender: string | null;
  reply_options: ColumnType<ReplyOption[], unknown, unknown>;
  archive_reference: string | null;
  case_id: string | null;
  allow_forwarding: boolean;
  is_reservable: boolean;
  is_confirmation_needed: boolean;
  visible_at: Date;
  due_at: Date | null;
  allow_system_delete_at: Date | null;
  created_at: Date;
  last_changed_at: Date;
  reserved: boolean;
  read_at: Date | null;
  read_by_party_id: number | null;
  read_level: number | null;
  confirmed_at: Date | null;
  confirmed_by_party_id: number | null;
  archived_at: Date | null;
  deleted_at: Date | null;
}

export interface AttachmentTable {
  attachment_id: Generated<number>;
  correspondence_id: number;
  position: number;
  name: string;
  file_name: string;
  size: number;
  sha256: string;
  blob_key: string;
  senders_reference: string | null;
}

export interface StatusChangeTable {
  correspondence_id: number;
  status: StatusType;
  changed_at: Date;
  changed_by_party_id: number | null;
}

export interface NotificationLinkTable {
  correspondence_id: number;
  notification_id: string;
}

export interface CorrespondenceDatabase {
  'correspondence.correspondence': CorrespondenceTable;
  'correspondence.attachment': AttachmentTable;
  'correspondence.status_change': StatusChangeTable;
  'correspondence.notification_link': NotificationLinkTable;
}

export const tables = (db: Kysely<any>) => db as Kysely<CorrespondenceDatabase>;
