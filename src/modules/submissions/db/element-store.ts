import { sql, type Generated, type Kysely, type Selectable } from 'kysely';
import { jsonb } from '../../../platform/index.ts';

interface ReporteeElementTable {
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
}

interface FormTable {
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

interface AttachmentTable {
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

interface SignatureTable {
  signature_id: Generated<number>;
  reportee_element_id: number;
  step: number;
  signer_party_id: number | null;
  end_user_system_id: number | null;
  security_level: number;
  methods: unknown;
  signed_at: Date;
}

interface DownloadQueueTable {
  archive_reference: string;
  service_owner_code: string;
  service_code: string;
  service_edition_code: number;
  reportee_party_id: number;
  archived_at: Date;
  purged_at: Date | null;
}

interface Tables {
  'submissions.reportee_element': ReporteeElementTable;
  'submissions.form': FormTable;
  'submissions.attachment': AttachmentTable;
  'submissions.signature': SignatureTable;
  'submissions.download_queue_item': DownloadQueueTable;
}

const s = (db: Kysely<any>) => db as Kysely<Tables>;

export type NewElementRow = Omit<ReporteeElementTable, 'reportee_element_id'>;
export type NewFormRow = Omit<FormTable, 'form_id' | 'reportee_element_id'>;
export type NewAttachmentRow = Omit<AttachmentTable, 'attachment_id' | 'reportee_element_id'>;
export type NewSignatureRow = Omit<SignatureTable, 'signature_id' | 'reportee_element_id' | 'methods'> & { methods: string[] };

/** The next archive reference: `AR` and a number from a sequence (never reused, gaps allowed). */
export async function nextArchiveReference(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('submissions.archive_number')::text as n`.execute(db);
  return `AR${rows[0]!.n}`;
}

export async function insertElement(db: Kysely<any>, row: NewElementRow): Promise<number> {
  const r = await s(db).insertInto('submissions.reportee_element').values(row).returning('reportee_element_id').executeTakeFirstOrThrow();
  return r.reportee_element_id;
}

export async function insertForms(db: Kysely<any>, elementId: number, rows: NewFormRow[]): Promise<void> {
  if (rows.length > 0) await s(db).insertInto('submissions.form').values(rows.map((r) => ({ ...r, reportee_element_id: elementId }))).execute();
}

export async function insertAttachments(db: Kysely<any>, elementId: number, rows: NewAttachmentRow[]): Promise<void> {
  if (rows.length > 0) await s(db).insertInto('submissions.attachment').values(rows.map((r) => ({ ...r, reportee_element_id: elementId }))).execute();
}

export async function insertSignature(db: Kysely<any>, elementId: number, row: NewSignatureRow): Promise<void> {
  await s(db).insertInto('submissions.signature').values({ ...row, methods: jsonb(row.methods), reportee_element_id: elementId }).execute();
}

export async function insertDownloadQueueItem(db: Kysely<any>, row: Omit<DownloadQueueTable, 'purged_at'>): Promise<void> {
  await s(db).insertInto('submissions.download_queue_item').values({ ...row, purged_at: null }).execute();
}

export async function selectElementState(db: Kysely<any>, id: number): Promise<Pick<Selectable<ReporteeElementTable>, 'status' | 'archive_reference'> | undefined> {
  return s(db).selectFrom('submissions.reportee_element').select(['status', 'archive_reference']).where('reportee_element_id', '=', id).executeTakeFirst();
}
