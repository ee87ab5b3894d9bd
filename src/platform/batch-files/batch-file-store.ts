import type { Kysely } from 'kysely';
import type { BatchKind } from './batch-file.ts';

/** OK: every item done; PartlyFailed: some; Failed: none, or the file was rejected whole. */
export type BatchFileResult = 'OK' | 'PartlyFailed' | 'Failed';

export interface BatchFileRow {
  account: string;
  service_owner_code: string;
  kind: BatchKind | null;
  file_name: string;
  received_at: Date;
  sequence_no: number | null;
  shipment_reference: string | null;
  result: BatchFileResult;
  code: string | null;
  item_count: number;
  ok_count: number;
  receipt: string;
}

interface BatchFileTable extends Omit<BatchFileRow, 'sequence_no'> {
  batch_file_id: string;
  /** bigint: pg answers a string. */
  sequence_no: string | number | null;
  receipt_removed_at: Date | null;
}

interface BatchSequenceTable {
  service_owner_code: string;
  kind: BatchKind;
  last_sequence_no: string | number;
  updated_at: Date;
}

const t = (db: Kysely<any>) => db as Kysely<{ 'platform.batch_file': BatchFileTable; 'platform.batch_sequence': BatchSequenceTable }>;

/** Starts an owner's series for a kind; false when it already has one. */
export async function insertBatchSequence(db: Kysely<any>, serviceOwnerCode: string, kind: BatchKind, sequenceNo: number, now: Date): Promise<boolean> {
  const inserted = await t(db)
    .insertInto('platform.batch_sequence')
    .values({ service_owner_code: serviceOwnerCode, kind, last_sequence_no: sequenceNo, updated_at: now })
    .onConflict((oc) => oc.columns(['service_owner_code', 'kind']).doNothing())
    .returning('kind')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The last accepted number of an owner's series, or undefined; `lock` holds the row until the transaction ends. */
export async function selectBatchSequence(db: Kysely<any>, serviceOwnerCode: string, kind: BatchKind, lock = false): Promise<number | undefined> {
  let query = t(db).selectFrom('platform.batch_sequence').select('last_sequence_no').where('service_owner_code', '=', serviceOwnerCode).where('kind', '=', kind);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? Number(row.last_sequence_no) : undefined;
}

export async function updateBatchSequence(db: Kysely<any>, serviceOwnerCode: string, kind: BatchKind, sequenceNo: number, now: Date): Promise<void> {
  await t(db).updateTable('platform.batch_sequence').set({ last_sequence_no: sequenceNo, updated_at: now }).where('service_owner_code', '=', serviceOwnerCode).where('kind', '=', kind).execute();
}

/** Takes a file's receipt out of the account's folder (the file stays recorded); false when there was none. */
export async function clearBatchReceipt(db: Kysely<any>, account: string, fileName: string, now: Date): Promise<boolean> {
  const result = await t(db)
    .updateTable('platform.batch_file')
    .set({ receipt_removed_at: now })
    .where('account', '=', account)
    .where('file_name', '=', fileName)
    .where('receipt_removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertBatchFile(db: Kysely<any>, row: BatchFileRow): Promise<void> {
  await t(db)
    .insertInto('platform.batch_file')
    .values({ ...row, receipt_removed_at: null } as never)
    .execute();
}

const COLUMNS = ['account', 'service_owner_code', 'kind', 'file_name', 'received_at', 'sequence_no', 'shipment_reference', 'result', 'code', 'item_count', 'ok_count', 'receipt'] as const;

/** The account's files whose receipts are still in its folder, oldest first. */
export async function selectBatchFiles(db: Kysely<any>, account: string): Promise<BatchFileRow[]> {
  const rows = await t(db)
    .selectFrom('platform.batch_file')
    .select(COLUMNS)
    .where('account', '=', account)
    .where('receipt_removed_at', 'is', null)
    .orderBy('received_at')
    .orderBy('batch_file_id')
    .limit(10_000)
    .execute();
  return rows.map((r) => ({ ...r, sequence_no: r.sequence_no === null ? null : Number(r.sequence_no) }));
}
