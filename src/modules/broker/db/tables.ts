import type { ColumnType, Generated, Kysely } from 'kysely';
import type { StagedPart } from '../../../platform/index.ts';
import type { ChecksumAlgorithm, FileEvent, FileStatus, RecipientStatus } from '../broker-file.ts';

/** bigint columns: numbers in, number or string out depending on the driver. */
type Bigint = ColumnType<number, number, number>;

export interface FileTable {
  file_reference: string;
  service_code: string;
  service_edition_code: number;
  service_owner_code: string;
  sender_party_id: number;
  senders_reference: string;
  file_name: string;
  properties: ColumnType<Record<string, string>, unknown, unknown>;
  checksum_algorithm: ChecksumAlgorithm;
  declared_checksum: string | null;
  checksum: string | null;
  status: FileStatus;
  changed_at: Date;
  size: Bigint | null;
  received: Bigint;
  upload_id: string | null;
  parts: ColumnType<StagedPart[], unknown, unknown>;
  blob_key: string;
  failure: string | null;
  created_by: string;
  created_at: Date;
  published_at: Date | null;
  expires_at: Date;
  purged_at: Date | null;
}

export interface RecipientTable {
  file_reference: string;
  party_id: number;
  reportee_number: string;
  position: number;
  status: RecipientStatus;
  last_downloaded_at: Date | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
}

export interface FileEventTable {
  id: Generated<number>;
  file_reference: string;
  at: Date;
  event: FileEvent['event'];
  recipient_party_id: number | null;
  detail: string | null;
}

export interface ShipmentReceiptTable {
  account: string;
  archive_name: string;
  created_at: Date;
  result: 'OK' | 'Failed';
  file_reference: string | null;
  code: string | null;
  message: string;
  errors: ColumnType<{ path?: string; message: string; rule?: string }[], unknown, unknown>;
}

export interface BrokerDatabase {
  'broker.shipment_receipt': ShipmentReceiptTable;
  'broker.file': FileTable;
  'broker.recipient': RecipientTable;
  'broker.file_event': FileEventTable;
}

export const tables = (db: Kysely<any>) => db as Kysely<BrokerDatabase>;
