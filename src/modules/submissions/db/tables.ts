import type { Generated, Kysely } from 'kysely';

// The submissions schema as Kysely sees it: the only place its tables are declared.

export interface ReporteeElementTable {
  reportee_element_id: Generated<number>;
  reportee_party_id: number;
  service_code: string;
  service_edition_code: number;
  service_owner_code: string;
  status: 'FillIn' | 'SignIn' | 'Archive';
  signatures_required: number;
  case_id: string | null;
  external_shipment_reference: string | null;
  sender_key: string;
  end_user_system_id: number | null;
  created_by_party_id: number | null;
  created_at: Date;
  last_changed_at: Date;
  archive_reference: string | null;
  archived_at: Date | null;
  content_sha256: string | null;
  deleted_at: Generated<Date | null>;
  deleted_by_party_id: Generated<number | null>;
}

export interface FormTable {
  form_id: Generated<number>;
  reportee_element_id: number;
  position: number;
  data_format_id: string;
  data_format_version: number;
  is_main: boolean;
  end_user_system_reference: string;
  parent_reference: string | null;
  completed: boolean;
  form_data: string;
}

export interface AttachmentTable {
  attachment_id: Generated<number>;
  reportee_element_id: number;
  position: number;
  name: string;
  file_name: string;
  attachment_type_name: string | null;
  end_user_system_reference: string | null;
  parent_reference: string | null;
  size_bytes: number;
  sha256: string;
  blob_key: string;
  created_at: Date;
}

export interface SignatureTable {
  signature_id: Generated<number>;
  reportee_element_id: number;
  step: number;
  signer_party_id: number | null;
  end_user_system_id: number | null;
  security_level: number;
  methods: unknown;
  signed_at: Date;
}

export interface DownloadQueueTable {
  archive_reference: string;
  service_owner_code: string;
  service_code: string;
  service_edition_code: number;
  reportee_party_id: number;
  archived_at: Date;
  purged_at: Date | null;
}

export interface BatchDeliveryTable {
  batch_reference: Generated<string>;
  archive_reference: string;
  service_owner_code: string;
  queued_at: Date;
  rendered_at: Date | null;
  previous_reference: string | null;
  blob_key: string | null;
  size_bytes: string | null;
  acknowledged_at: Date | null;
}

export interface ReceiptTable {
  receipt_id: Generated<number>;
  parent_receipt_id: number | null;
  receipt_type: string;
  status_code: string;
  receipt_text: string;
  reportee_element_id: number | null;
  owner_party_id: number;
  service_code: string;
  service_edition_code: number;
  service_owner_code: string;
  sender_key: string;
  created_at: Date;
  last_changed_at: Date;
}

export interface ReferenceTable {
  receipt_id: number;
  position: number;
  reference_type: string;
  reference_value: string;
}

export interface ShipmentTable {
  sender_key: string;
  reportee_party_id: number;
  external_shipment_reference: string;
  request_sha256: string;
  receipt_id: number | null;
  created_at: Date;
}

export interface HistoryTable {
  receipt_id: number;
  changed_at: Date;
  status_code: string;
  receipt_text: string;
  changed_by: string;
}

export interface ReporteeServiceTable {
  reportee_party_id: number;
  service_code: string;
  service_edition_code: number;
}

export interface SubmissionsTables {
  'submissions.reportee_element': ReporteeElementTable;
  'submissions.form': FormTable;
  'submissions.attachment': AttachmentTable;
  'submissions.signature': SignatureTable;
  'submissions.download_queue_item': DownloadQueueTable;
  'submissions.batch_delivery_item': BatchDeliveryTable;
  'submissions.receipt': ReceiptTable;
  'submissions.receipt_reference': ReferenceTable;
  'submissions.receipt_history': HistoryTable;
  'submissions.shipment': ShipmentTable;
  'submissions.reportee_service': ReporteeServiceTable;
}

/** The database handle typed for this module's tables (stores take `Kysely<any>` so transactions pass through). */
export const tables = (db: Kysely<any>) => db as Kysely<SubmissionsTables>;
