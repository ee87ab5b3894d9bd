import type { ColumnType, Generated, Kysely } from 'kysely';

export interface FormSetTable {
  prefill_id: string;
  service_owner_code: string;
  service_code: string;
  service_edition_code: number;
  reportee_party_id: number;
  reportee_number: string;
  external_shipment_reference: string;
  request_sha256: string;
  senders_reference: string | null;
  receivers_reference: string | null;
  valid_from: Date;
  valid_to: Date;
  identity_fields: ColumnType<{ index: number; value: string }[], unknown, unknown>;
  case_id: string | null;
  due_at: Date | null;
  created_at: Date;
  instantiated_element_id: number | null;
}

export interface FormTable {
  prefill_id: string;
  position: number;
  data_format_id: string;
  data_format_version: number;
  form_data: string;
  senders_reference: string | null;
  signed_by_default: boolean;
  signing_locked: boolean;
}

export interface AttachmentTable {
  attachment_id: Generated<number>;
  prefill_id: string;
  position: number;
  name: string;
  file_name: string;
  attachment_type_name: string | null;
  size: number;
  sha256: string;
  blob_key: string;
  senders_reference: string | null;
  signed_by_default: boolean;
  signing_locked: boolean;
}

export interface PrefillDatabase {
  'prefill.form_set': FormSetTable;
  'prefill.form': FormTable;
  'prefill.attachment': AttachmentTable;
}

export const tables = (db: Kysely<any>) => db as Kysely<PrefillDatabase>;
