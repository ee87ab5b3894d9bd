import type { Kysely } from 'kysely';
import { tables } from './tables.ts';

const s = tables;

export async function insertBatchDeliveryItem(db: Kysely<any>, row: { archive_reference: string; service_owner_code: string; queued_at: Date }): Promise<void> {
  await s(db)
    .insertInto('submissions.batch_delivery_item')
    .values({ ...row, rendered_at: null, previous_reference: null, blob_key: null, size_bytes: null, acknowledged_at: null })
    .execute();
}

export async function selectBatchDeliveryItem(db: Kysely<any>, archiveReference: string) {
  return s(db).selectFrom('submissions.batch_delivery_item').selectAll().where('archive_reference', '=', archiveReference).executeTakeFirst();
}
export type BatchDeliveryRow = NonNullable<Awaited<ReturnType<typeof selectBatchDeliveryItem>>>;

/** The owner's item queued just before this one (its batchReference is the file's previousReference), if any. */
export async function selectPreviousBatchReference(db: Kysely<any>, serviceOwnerCode: string, batchReference: string): Promise<string | null> {
  const row = await s(db)
    .selectFrom('submissions.batch_delivery_item')
    .select('batch_reference')
    .where('service_owner_code', '=', serviceOwnerCode)
    .where('batch_reference', '<', batchReference)
    .orderBy('batch_reference', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? String(row.batch_reference) : null;
}

export async function markBatchDeliveryRendered(db: Kysely<any>, archiveReference: string, set: { rendered_at: Date; previous_reference: string | null; blob_key: string; size_bytes: number }): Promise<boolean> {
  const row = await s(db)
    .updateTable('submissions.batch_delivery_item')
    .set({ ...set, size_bytes: String(set.size_bytes) })
    .where('archive_reference', '=', archiveReference)
    .where('rendered_at', 'is', null)
    .returning('archive_reference')
    .executeTakeFirst();
  return row !== undefined;
}

/** The owner's rendered, unacknowledged items, oldest first, with the attachments of each submission. */
export async function selectBatchDeliveryListing(db: Kysely<any>, serviceOwnerCode: string, limit: number) {
  const items = await s(db)
    .selectFrom('submissions.batch_delivery_item as b')
    .innerJoin('submissions.reportee_element as e', 'e.archive_reference', 'b.archive_reference')
    .select(['b.batch_reference', 'b.archive_reference', 'b.rendered_at', 'b.size_bytes', 'b.blob_key', 'e.reportee_element_id'])
    .where('b.service_owner_code', '=', serviceOwnerCode)
    .where('b.acknowledged_at', 'is', null)
    .where('b.rendered_at', 'is not', null)
    .orderBy('b.batch_reference')
    .limit(limit)
    .execute();
  const attachments =
    items.length === 0
      ? []
      : await s(db)
          .selectFrom('submissions.attachment')
          .select(['reportee_element_id', 'attachment_id', 'file_name', 'size_bytes', 'blob_key'])
          .where(
            'reportee_element_id',
            'in',
            items.map((i) => i.reportee_element_id),
          )
          .orderBy('reportee_element_id')
          .orderBy('position')
          .execute();
  return { items, attachments };
}

/** Acknowledges an item → its blob key when it was listed until now; undefined when the owner has no such item waiting. */
export async function acknowledgeBatchDeliveryItem(db: Kysely<any>, serviceOwnerCode: string, archiveReference: string, now: Date): Promise<string | null | undefined> {
  const row = await s(db)
    .updateTable('submissions.batch_delivery_item')
    .set({ acknowledged_at: now })
    .where('archive_reference', '=', archiveReference)
    .where('service_owner_code', '=', serviceOwnerCode)
    .where('acknowledged_at', 'is', null)
    .where('rendered_at', 'is not', null)
    .returning('blob_key')
    .executeTakeFirst();
  return row ? row.blob_key : undefined;
}
