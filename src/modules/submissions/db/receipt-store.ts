import type { Kysely, Selectable } from 'kysely';
import { tables, type HistoryTable, type ReceiptTable, type ShipmentTable } from './tables.ts';

const s = tables;

export type ReceiptRow = Selectable<ReceiptTable>;
export type NewReceiptRow = Omit<ReceiptTable, 'receipt_id'>;
export interface ReferenceRow {
  type: string;
  value: string;
}

const RECEIPT_COLUMNS = [
  'receipt_id',
  'parent_receipt_id',
  'receipt_type',
  'status_code',
  'receipt_text',
  'reportee_element_id',
  'owner_party_id',
  'service_code',
  'service_edition_code',
  'service_owner_code',
  'sender_key',
  'created_at',
  'last_changed_at',
] as const;

/**
 * A shipment's receipt and its sub-receipts with all their references, in three statements. Identity
 * values follow the order of the VALUES list, so the sub-receipts' ids, sorted, match `subs` in order.
 */
export async function insertReceiptTree(db: Kysely<any>, parent: { row: Omit<NewReceiptRow, 'parent_receipt_id'>; references: ReferenceRow[] }, subs: { row: Omit<NewReceiptRow, 'parent_receipt_id'>; references: ReferenceRow[] }[]): Promise<{ receiptId: number; subIds: number[] }> {
  const { receipt_id: receiptId } = await s(db).insertInto('submissions.receipt').values({ ...parent.row, parent_receipt_id: null }).returning('receipt_id').executeTakeFirstOrThrow();
  const subIds =
    subs.length === 0
      ? []
      : (await s(db).insertInto('submissions.receipt').values(subs.map((x) => ({ ...x.row, parent_receipt_id: receiptId }))).returning('receipt_id').execute()).map((r) => r.receipt_id).sort((a, b) => a - b);
  const references = [{ id: receiptId, refs: parent.references }, ...subs.map((x, i) => ({ id: subIds[i]!, refs: x.references }))].flatMap(({ id, refs }) =>
    refs.map((r, position) => ({ receipt_id: id, position, reference_type: r.type, reference_value: r.value })),
  );
  if (references.length > 0) await s(db).insertInto('submissions.receipt_reference').values(references).execute();
  return { receiptId, subIds };
}

/** A receipt and its sub-receipts (one level below it), with references in order. */
export async function selectReceiptTree(db: Kysely<any>, receiptId: number): Promise<{ receipt: ReceiptRow; subs: ReceiptRow[]; references: Map<number, ReferenceRow[]> } | undefined> {
  const receipt = await s(db).selectFrom('submissions.receipt').select(RECEIPT_COLUMNS).where('receipt_id', '=', receiptId).executeTakeFirst();
  if (!receipt) return undefined;
  const subs = await s(db).selectFrom('submissions.receipt').select(RECEIPT_COLUMNS).where('parent_receipt_id', '=', receiptId).orderBy('receipt_id').execute();
  const ids = [receipt.receipt_id, ...subs.map((r) => r.receipt_id)];
  const refs = await s(db)
    .selectFrom('submissions.receipt_reference')
    .select(['receipt_id', 'reference_type', 'reference_value'])
    .where('receipt_id', 'in', ids)
    .orderBy('receipt_id')
    .orderBy('position')
    .execute();
  const references = new Map<number, ReferenceRow[]>(ids.map((id) => [id, []]));
  for (const r of refs) references.get(r.receipt_id)!.push({ type: r.reference_type, value: r.reference_value });
  return { receipt, subs, references };
}

/**
 * Claims (sender, reportee, reference) for a new shipment. When it was claimed before, answers the earlier
 * claim: a concurrent claim of the same key waits for the other transaction and then sees its row.
 */
export async function claimShipment(db: Kysely<any>, row: Omit<ShipmentTable, 'receipt_id'>): Promise<{ claimed: true } | { claimed: false; requestSha256: string; receiptId: number }> {
  const inserted = await s(db)
    .insertInto('submissions.shipment')
    .values({ ...row, receipt_id: null })
    .onConflict((oc) => oc.columns(['sender_key', 'reportee_party_id', 'external_shipment_reference']).doNothing())
    .returning('sender_key')
    .executeTakeFirst();
  if (inserted) return { claimed: true };
  const existing = await s(db)
    .selectFrom('submissions.shipment')
    .select(['request_sha256', 'receipt_id'])
    .where('sender_key', '=', row.sender_key)
    .where('reportee_party_id', '=', row.reportee_party_id)
    .where('external_shipment_reference', '=', row.external_shipment_reference)
    .executeTakeFirstOrThrow();
  return { claimed: false, requestSha256: existing.request_sha256, receiptId: existing.receipt_id! };
}

export async function setShipmentReceipt(db: Kysely<any>, key: { sender_key: string; reportee_party_id: number; external_shipment_reference: string }, receiptId: number): Promise<void> {
  await s(db)
    .updateTable('submissions.shipment')
    .set({ receipt_id: receiptId })
    .where('sender_key', '=', key.sender_key)
    .where('reportee_party_id', '=', key.reportee_party_id)
    .where('external_shipment_reference', '=', key.external_shipment_reference)
    .execute();
}

/** The shipment receipt (not a sub-receipt) of a form task. */
export async function selectElementReceiptId(db: Kysely<any>, elementId: number): Promise<number | undefined> {
  const r = await s(db).selectFrom('submissions.receipt').select('receipt_id').where('reportee_element_id', '=', elementId).where('parent_receipt_id', 'is', null).orderBy('receipt_id').executeTakeFirst();
  return r?.receipt_id;
}

/** Changes a receipt's status and text and appends references. */
export async function updateReceiptRow(db: Kysely<any>, receiptId: number, change: { status_code: string; receipt_text: string; last_changed_at: Date }, addReferences: ReferenceRow[] = []): Promise<void> {
  await s(db).updateTable('submissions.receipt').set(change).where('receipt_id', '=', receiptId).execute();
  if (addReferences.length === 0) return;
  const { n } = (await s(db)
    .selectFrom('submissions.receipt_reference')
    .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.val(-1)).as('n'))
    .where('receipt_id', '=', receiptId)
    .executeTakeFirstOrThrow()) as { n: number };
  await s(db)
    .insertInto('submissions.receipt_reference')
    .values(addReferences.map((r, i) => ({ receipt_id: receiptId, position: Number(n) + 1 + i, reference_type: r.type, reference_value: r.value })))
    .execute();
}

export type HistoryRow = HistoryTable;

export async function insertHistory(db: Kysely<any>, row: HistoryRow): Promise<void> {
  await s(db).insertInto('submissions.receipt_history').values(row).execute();
}

export async function selectHistory(db: Kysely<any>, receiptId: number): Promise<HistoryRow[]> {
  return s(db).selectFrom('submissions.receipt_history').select(['receipt_id', 'changed_at', 'status_code', 'receipt_text', 'changed_by']).where('receipt_id', '=', receiptId).orderBy('changed_at').execute();
}

/** Receipts (shipment level) carrying a reference, newest first. */
export async function selectReceiptIdsByReference(db: Kysely<any>, type: string, value: string, limit: number): Promise<number[]> {
  const rows = await s(db)
    .selectFrom('submissions.receipt_reference as r')
    .innerJoin('submissions.receipt as t', 't.receipt_id', 'r.receipt_id')
    .select('t.receipt_id')
    .where('r.reference_type', '=', type)
    .where('r.reference_value', '=', value)
    .orderBy('t.receipt_id', 'desc')
    .limit(limit)
    .execute();
  return [...new Set(rows.map((r) => r.receipt_id))];
}

/** Shipment receipts of a type last changed in [from, to), of one sender or one service owner. */
export async function selectReceiptIdsChanged(db: Kysely<any>, q: { type: string; from: Date; to: Date; senderKey?: string; serviceOwnerCode?: string; limit: number }): Promise<number[]> {
  let query = s(db)
    .selectFrom('submissions.receipt')
    .select('receipt_id')
    .where('receipt_type', '=', q.type)
    .where('parent_receipt_id', 'is', null)
    .where('last_changed_at', '>=', q.from)
    .where('last_changed_at', '<', q.to);
  if (q.senderKey !== undefined) query = query.where('sender_key', '=', q.senderKey);
  if (q.serviceOwnerCode !== undefined) query = query.where('service_owner_code', '=', q.serviceOwnerCode);
  return (await query.orderBy('last_changed_at').orderBy('receipt_id').limit(q.limit).execute()).map((r) => r.receipt_id);
}
