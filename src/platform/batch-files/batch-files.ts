import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { inTransaction } from '../db/transaction.ts';
import { AppError } from '../errors/errors.ts';
import { PlatformProblems } from '../errors/platform-problems.ts';
import type { BatchKind } from './batch-file.ts';
import { clearBatchReceipt, insertBatchFile, insertBatchSequence, selectBatchFiles, selectBatchSequence, updateBatchSequence, type BatchFileResult } from './batch-file-store.ts';

export type { BatchFileResult } from './batch-file-store.ts';

/** A processed batch file as recorded: what came, what became of it, the receipt written back. */
export interface BatchFileRecord {
  /** The folder it was put in (one per agency system); receipts are listed per account. */
  account: string;
  serviceOwnerCode: string;
  /** Null when the file was no batch format Tinn reads. */
  kind: BatchKind | null;
  fileName: string;
  receivedAt: Date;
  sequenceNo: number | null;
  shipmentReference: string | null;
  result: BatchFileResult;
  /** The problem code of a file rejected whole. */
  code: string | null;
  itemCount: number;
  okCount: number;
  /** The receipt XML. */
  receipt: string;
}

/**
 * Takes the SequenceNo of a service owner's batch file of one kind: the first file starts the series, each
 * later one must carry the last accepted number plus one (PLAT-00028 names the expected number otherwise). A
 * file without a number is not checked and changes nothing (Altinn II checked it "if set"). The owner's row is
 * locked until the claim commits, so two files processed at once cannot both take a number. Commits before
 * the file's items are processed: a process that dies meanwhile has used the number, and the owner sends the
 * items again in the next file (each item is idempotent by its reference).
 */
export async function claimBatchSequence(db: Kysely<any>, clock: Clock, claim: { serviceOwnerCode: string; kind: BatchKind; sequenceNo: number | null }): Promise<void> {
  const { serviceOwnerCode, kind, sequenceNo } = claim;
  if (sequenceNo === null) return;
  await inTransaction(db, async (trx) => {
    const now = clock.now();
    if (await insertBatchSequence(trx, serviceOwnerCode, kind, sequenceNo, now)) return;
    const last = (await selectBatchSequence(trx, serviceOwnerCode, kind, true))!;
    if (sequenceNo !== last + 1) {
      throw new AppError(PlatformProblems.batchSequenceMismatch, { detail: `SequenceNo ${sequenceNo}; expected ${last + 1}`, data: { expected: last + 1, received: sequenceNo } });
    }
    await updateBatchSequence(trx, serviceOwnerCode, kind, sequenceNo, now);
  });
}

/** The last SequenceNo accepted for a service owner's files of one kind, or null before the first. */
export async function findLastBatchSequence(db: Kysely<any>, serviceOwnerCode: string, kind: BatchKind): Promise<number | null> {
  return (await selectBatchSequence(db, serviceOwnerCode, kind)) ?? null;
}

/** Records a processed file with its receipt; the receipt of an earlier file of the same name in the account leaves the folder. */
export async function recordBatchFile(db: Kysely<any>, clock: Clock, file: BatchFileRecord): Promise<void> {
  await inTransaction(db, async (trx) => {
    await clearBatchReceipt(trx, file.account, file.fileName, clock.now());
    await insertBatchFile(trx, {
      account: file.account,
      service_owner_code: file.serviceOwnerCode,
      kind: file.kind,
      file_name: file.fileName,
      received_at: file.receivedAt,
      sequence_no: file.sequenceNo,
      shipment_reference: file.shipmentReference,
      result: file.result,
      code: file.code,
      item_count: file.itemCount,
      ok_count: file.okCount,
      receipt: file.receipt,
    });
  });
}

/** The account's files whose receipts are still in its folder, oldest first. */
export async function listBatchFiles(db: Kysely<any>, account: string): Promise<BatchFileRecord[]> {
  return (await selectBatchFiles(db, account)).map((r) => ({
    account: r.account,
    serviceOwnerCode: r.service_owner_code,
    kind: r.kind,
    fileName: r.file_name,
    receivedAt: r.received_at,
    sequenceNo: r.sequence_no,
    shipmentReference: r.shipment_reference,
    result: r.result,
    code: r.code,
    itemCount: r.item_count,
    okCount: r.ok_count,
    receipt: r.receipt,
  }));
}

/** Takes a receipt out of the account's folder once read (the file stays recorded); false when there was none. */
export async function removeBatchReceipt(db: Kysely<any>, clock: Clock, account: string, fileName: string): Promise<boolean> {
  return clearBatchReceipt(db, account, fileName, clock.now());
}
