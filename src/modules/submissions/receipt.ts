import { AppError, isAppError, type Actor } from '../../platform/index.ts';
import { selectReceiptTree, type ReceiptRow, type ReferenceRow } from './db/receipt-store.ts';
import type { SubmissionsDeps } from './deps.ts';
import { SubmissionProblems } from './errors.ts';
import { senderKey } from './shipment.ts';

/** Altinn II ReceiptStatusEnum. */
export type ReceiptStatusCode = 'NotSet' | 'OK' | 'UnExpectedError' | 'ValidationFailed' | 'Rejected';

/** Altinn II ReferenceType values a receipt carries. */
export type ReferenceTypeName =
  | 'ExternalShipmentReference'
  | 'EndUserSystemReference'
  | 'ParentReference'
  | 'SendersReference'
  | 'WorkFlowReference'
  | 'ArchiveReference'
  | 'OwnerPartyReference'
  | 'PartyReference';

/** A receipt in the Altinn II model (ReceiptExternal). */
export interface Receipt {
  receiptId: number;
  parentReceiptId: number | null;
  receiptStatusCode: ReceiptStatusCode;
  receiptText: string;
  receiptTypeName: string;
  references: { referenceTypeName: ReferenceTypeName; referenceValue: string }[];
  subReceipts: Receipt[];
  lastChanged: Date;
}

function toReceipt(row: ReceiptRow, refs: ReferenceRow[], subs: Receipt[]): Receipt {
  return {
    receiptId: row.receipt_id,
    parentReceiptId: row.parent_receipt_id,
    receiptStatusCode: row.status_code as ReceiptStatusCode,
    receiptText: row.receipt_text,
    receiptTypeName: row.receipt_type,
    references: refs.map((r) => ({ referenceTypeName: r.type as ReferenceTypeName, referenceValue: r.value })),
    subReceipts: subs,
    lastChanged: row.last_changed_at,
  };
}

/** A receipt without an access check (the use case that made it, or after one). */
export async function uncheckedGetReceipt(deps: Pick<SubmissionsDeps, 'db'>, receiptId: number): Promise<Receipt & { row: ReceiptRow }> {
  const tree = await selectReceiptTree(deps.db, receiptId);
  if (!tree) throw new AppError(SubmissionProblems.receiptNotFound);
  const subs = tree.subs.map((s) => toReceipt(s, tree.references.get(s.receipt_id) ?? [], []));
  return { ...toReceipt(tree.receipt, tree.references.get(tree.receipt.receipt_id) ?? [], subs), row: tree.receipt };
}

/**
 * A receipt for whoever may read it: its sender, the service owner of its service, or someone allowed to
 * Read the service for the party it belongs to. To anyone else it does not exist (SUB-00009).
 */
export async function getReceipt(deps: SubmissionsDeps, actor: Actor, receiptId: number): Promise<Receipt> {
  const { row, ...receipt } = await uncheckedGetReceipt(deps, receiptId);
  if (await mayRead(deps, actor, row)) return receipt;
  throw new AppError(SubmissionProblems.receiptNotFound);
}

async function mayRead(deps: SubmissionsDeps, actor: Actor, row: ReceiptRow): Promise<boolean> {
  if (actor.kind === 'serviceOwner') return actor.serviceOwnerCode === row.service_owner_code;
  if (senderKey(actor) === row.sender_key) return true;
  try {
    const reportee = await deps.authz.resolveReportee(actor, `r${row.owner_party_id}`);
    const d = await deps.authz.decide(actor, { reportee, serviceCode: row.service_code, serviceEditionCode: row.service_edition_code, operation: 'Read' });
    return d.decision === 'Permit';
  } catch (err) {
    if (isAppError(err) && (err.problem.kind === 'not-found' || err.problem.kind === 'forbidden')) return false;
    throw err;
  }
}
