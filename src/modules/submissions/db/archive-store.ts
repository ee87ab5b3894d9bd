import type { Kysely } from 'kysely';
import { tables } from './tables.ts';

const s = tables;

export async function selectArchivedElement(db: Kysely<any>, archiveReference: string) {
  return s(db)
    .selectFrom('submissions.reportee_element')
    .select(['reportee_element_id', 'reportee_party_id', 'service_code', 'service_edition_code', 'service_owner_code', 'case_id', 'external_shipment_reference', 'archive_reference', 'archived_at', 'content_sha256'])
    .where('archive_reference', '=', archiveReference)
    .executeTakeFirst();
}
export type ArchivedElementRow = NonNullable<Awaited<ReturnType<typeof selectArchivedElement>>>;

export async function selectForms(db: Kysely<any>, elementId: number) {
  return s(db)
    .selectFrom('submissions.form')
    .select(['form_id', 'data_format_id', 'data_format_version', 'is_main', 'end_user_system_reference', 'parent_reference', 'completed', 'form_data'])
    .where('reportee_element_id', '=', elementId)
    .orderBy('position')
    .execute();
}
export type FormRow = Awaited<ReturnType<typeof selectForms>>[number];

export async function selectAttachments(db: Kysely<any>, elementId: number) {
  return s(db)
    .selectFrom('submissions.attachment')
    .select(['attachment_id', 'name', 'file_name', 'attachment_type_name', 'end_user_system_reference', 'parent_reference', 'size_bytes', 'sha256', 'blob_key'])
    .where('reportee_element_id', '=', elementId)
    .orderBy('position')
    .execute();
}
export type AttachmentRow = Awaited<ReturnType<typeof selectAttachments>>[number];

export async function selectSignatures(db: Kysely<any>, elementId: number) {
  return s(db)
    .selectFrom('submissions.signature')
    .select(['step', 'signer_party_id', 'end_user_system_id', 'security_level', 'methods', 'signed_at'])
    .where('reportee_element_id', '=', elementId)
    .orderBy('step')
    .execute();
}
export type SignatureRow = Awaited<ReturnType<typeof selectSignatures>>[number];

/** The oldest `limit` unpurged items of a service owner (optionally one service code). */
export async function selectDownloadQueue(db: Kysely<any>, serviceOwnerCode: string, serviceCode: string | undefined, limit: number) {
  let q = s(db)
    .selectFrom('submissions.download_queue_item')
    .select(['archive_reference', 'service_code', 'service_edition_code', 'reportee_party_id', 'archived_at'])
    .where('service_owner_code', '=', serviceOwnerCode)
    .where('purged_at', 'is', null);
  if (serviceCode !== undefined) q = q.where('service_code', '=', serviceCode);
  return q.orderBy('archived_at').orderBy('archive_reference').limit(limit).execute();
}

/** Marks an item purged; answers whether the owner has the item at all (purged now or before). */
export async function purgeQueueItem(db: Kysely<any>, serviceOwnerCode: string, archiveReference: string, now: Date): Promise<boolean> {
  const row = await s(db)
    .updateTable('submissions.download_queue_item')
    .set({ purged_at: now })
    .where('archive_reference', '=', archiveReference)
    .where('service_owner_code', '=', serviceOwnerCode)
    .where('purged_at', 'is', null)
    .returning('archive_reference')
    .executeTakeFirst();
  if (row) return true;
  const existing = await s(db).selectFrom('submissions.download_queue_item').select('archive_reference').where('archive_reference', '=', archiveReference).where('service_owner_code', '=', serviceOwnerCode).executeTakeFirst();
  return existing !== undefined;
}
