import { sql, type Kysely, type Selectable } from 'kysely';
import { jsonb } from '../../../platform/index.ts';
import { tables, type AttachmentTable, type DownloadQueueTable, type FormTable, type ReporteeElementTable, type SignatureTable } from './tables.ts';

const s = tables;

export type NewElementRow = Omit<ReporteeElementTable, 'reportee_element_id' | 'deleted_at' | 'deleted_by_party_id'>;
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

const ELEMENT_COLUMNS = [
  'reportee_element_id',
  'reportee_party_id',
  'service_code',
  'service_edition_code',
  'service_owner_code',
  'status',
  'signatures_required',
  'case_id',
  'external_shipment_reference',
  'sender_key',
  'created_at',
  'last_changed_at',
  'archive_reference',
  'archived_at',
  'content_sha256',
] as const;

/** A form task as it is now (no lock). */
export async function selectElement(db: Kysely<any>, id: number) {
  return s(db).selectFrom('submissions.reportee_element').select([...ELEMENT_COLUMNS, 'deleted_at']).where('reportee_element_id', '=', id).executeTakeFirst();
}

/** A form task with a row lock for the rest of the transaction (work-list operations change it one at a time). */
export async function lockElement(db: Kysely<any>, id: number) {
  return s(db).selectFrom('submissions.reportee_element').select([...ELEMENT_COLUMNS, 'deleted_at']).where('reportee_element_id', '=', id).forUpdate().executeTakeFirst();
}
export type LockedElement = NonNullable<Awaited<ReturnType<typeof lockElement>>>;

export async function updateElement(
  db: Kysely<any>,
  id: number,
  patch: Partial<Pick<ReporteeElementTable, 'status' | 'last_changed_at' | 'archive_reference' | 'archived_at' | 'content_sha256'>> & { deleted_at?: Date; deleted_by_party_id?: number | null },
): Promise<void> {
  await s(db).updateTable('submissions.reportee_element').set(patch).where('reportee_element_id', '=', id).execute();
}

export async function deleteElement(db: Kysely<any>, id: number): Promise<void> {
  await s(db).deleteFrom('submissions.reportee_element').where('reportee_element_id', '=', id).execute();
}

/** Replaces the form with this endUserSystemReference, or adds it at the end. */
export async function upsertForm(db: Kysely<any>, elementId: number, row: Omit<NewFormRow, 'position'>): Promise<void> {
  const updated = await s(db)
    .updateTable('submissions.form')
    .set({ data_format_id: row.data_format_id, data_format_version: row.data_format_version, is_main: row.is_main, parent_reference: row.parent_reference, completed: row.completed, form_data: row.form_data })
    .where('reportee_element_id', '=', elementId)
    .where('end_user_system_reference', '=', row.end_user_system_reference)
    .returning('form_id')
    .executeTakeFirst();
  if (updated) return;
  const { n } = await s(db).selectFrom('submissions.form').select(sql<number>`coalesce(max(position) + 1, 0)::int`.as('n')).where('reportee_element_id', '=', elementId).executeTakeFirstOrThrow();
  await s(db).insertInto('submissions.form').values({ ...row, position: n, reportee_element_id: elementId }).execute();
}

export async function nextAttachmentPosition(db: Kysely<any>, elementId: number): Promise<number> {
  const { n } = await s(db).selectFrom('submissions.attachment').select(sql<number>`coalesce(max(position) + 1, 0)::int`.as('n')).where('reportee_element_id', '=', elementId).executeTakeFirstOrThrow();
  return n;
}

/** Removes one attachment row of a form task (the content-addressed blob may be shared and stays); false when there is none. */
export async function deleteAttachment(db: Kysely<any>, elementId: number, attachmentId: number): Promise<boolean> {
  const r = await s(db).deleteFrom('submissions.attachment').where('reportee_element_id', '=', elementId).where('attachment_id', '=', attachmentId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function deleteSignatures(db: Kysely<any>, elementId: number): Promise<number> {
  const r = await s(db).deleteFrom('submissions.signature').where('reportee_element_id', '=', elementId).executeTakeFirst();
  return Number(r.numDeletedRows);
}
