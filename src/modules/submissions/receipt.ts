import { AppError, inTransaction, isAppError, type Actor } from '../../platform/index.ts';
import {
  insertHistory,
  selectHistory,
  selectReceiptIdsByReference,
  selectReceiptIdsChanged,
  selectReceiptTree,
  updateReceiptRow,
  type HistoryRow,
  type ReceiptRow,
  type ReferenceRow,
} from './db/receipt-store.ts';
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
  | 'PartyReference'
  | 'ReceiversReference'
  | 'OutboundShipmentReference'
  | 'BatchReference';

/** The reference types a search may use (GetReceiptV2) and those an update may add (UpdateReceipt). */
export const SEARCHABLE_REFERENCES = ['ArchiveReference', 'OutboundShipmentReference', 'BatchReference', 'EndUserSystemReference', 'ExternalShipmentReference', 'SendersReference', 'WorkFlowReference'] as const;
export const ADDABLE_REFERENCES = ['SendersReference', 'ReceiversReference', 'OutboundShipmentReference', 'BatchReference'] as const;
export const SETTABLE_STATUSES = ['OK', 'UnExpectedError', 'ValidationFailed', 'Rejected'] as const;

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
  /** What the receipt said before each update, oldest first (ReceiptHistory). */
  history: { changedAt: Date; receiptStatusCode: ReceiptStatusCode; receiptText: string; changedBy: string }[];
}

function toReceipt(row: ReceiptRow, refs: ReferenceRow[], subs: Receipt[], history: HistoryRow[] = []): Receipt {
  return {
    receiptId: row.receipt_id,
    parentReceiptId: row.parent_receipt_id,
    receiptStatusCode: row.status_code as ReceiptStatusCode,
    receiptText: row.receipt_text,
    receiptTypeName: row.receipt_type,
    references: refs.map((r) => ({ referenceTypeName: r.type as ReferenceTypeName, referenceValue: r.value })),
    subReceipts: subs,
    lastChanged: row.last_changed_at,
    history: history.map((h) => ({ changedAt: h.changed_at, receiptStatusCode: h.status_code as ReceiptStatusCode, receiptText: h.receipt_text, changedBy: h.changed_by })),
  };
}

/** A receipt without an access check (the use case that made it, or after one). */
export async function uncheckedGetReceipt(deps: Pick<SubmissionsDeps, 'db'>, receiptId: number): Promise<Receipt & { row: ReceiptRow }> {
  const tree = await selectReceiptTree(deps.db, receiptId);
  if (!tree) throw new AppError(SubmissionProblems.receiptNotFound);
  const subs = tree.subs.map((s) => toReceipt(s, tree.references.get(s.receipt_id) ?? [], []));
  const history = await selectHistory(deps.db, receiptId);
  return { ...toReceipt(tree.receipt, tree.references.get(tree.receipt.receipt_id) ?? [], subs, history), row: tree.receipt };
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

async function mayRead(deps: SubmissionsDeps, actor: Actor, row: ReceiptRow, operation: 'Read' | 'Write' = 'Read', auditDenial = true): Promise<boolean> {
  if (actor.kind === 'serviceOwner') return actor.serviceOwnerCode === row.service_owner_code;
  if (senderKey(actor) === row.sender_key) return true;
  try {
    const reportee = await deps.authz.resolveReportee(actor, `r${row.owner_party_id}`);
    const d = await deps.authz.decide(actor, { reportee, serviceCode: row.service_code, serviceEditionCode: row.service_edition_code, operation, auditDenial });
    return d.decision === 'Permit';
  } catch (err) {
    if (isAppError(err) && (err.problem.kind === 'not-found' || err.problem.kind === 'forbidden')) return false;
    throw err;
  }
}

/** At most this many receipts per search or list. */
export const MAX_RECEIPTS = 1000;

/**
 * GetReceiptV2 by reference: the receipts carrying it that the actor may read (sender, service owner, or
 * Read on the service for the receipt's party), newest first.
 */
export async function searchReceipts(deps: SubmissionsDeps, actor: Actor, reference: { referenceTypeName: string; referenceValue: string }): Promise<Receipt[]> {
  if (!(SEARCHABLE_REFERENCES as readonly string[]).includes(reference.referenceTypeName)) {
    throw new AppError(SubmissionProblems.invalidReceiptSearch, { detail: `search by one of ${SEARCHABLE_REFERENCES.join(', ')}` });
  }
  const found: Receipt[] = [];
  const seen = new Set<number>();
  for (const hit of await selectReceiptIdsByReference(deps.db, reference.referenceTypeName, reference.referenceValue, MAX_RECEIPTS)) {
    let loaded = await uncheckedGetReceipt(deps, hit);
    // A sub-receipt (a form's EndUserSystemReference) answers with its shipment's receipt.
    if (loaded.row.parent_receipt_id !== null) loaded = await uncheckedGetReceipt(deps, loaded.row.parent_receipt_id);
    const { row, ...receipt } = loaded;
    if (seen.has(row.receipt_id)) continue;
    seen.add(row.receipt_id);
    if (await mayRead(deps, actor, row, 'Read', false)) found.push(receipt);
  }
  return found;
}

/**
 * GetReceiptListV2: receipts of a type last changed in [dateFrom, dateTo): a service owner's for its
 * services, anyone else's that it sent. The type is required (SUB-00018 for NotSet); dateFrom after dateTo
 * is SUB-00013.
 */
export async function listReceipts(deps: SubmissionsDeps, actor: Actor, q: { receiptTypeName: string; dateFrom: Date; dateTo: Date }): Promise<Receipt[]> {
  if (q.receiptTypeName === 'NotSet') throw new AppError(SubmissionProblems.invalidReceiptSearch, { detail: 'receiptTypeName NotSet is not searchable' });
  if (q.dateFrom > q.dateTo) throw new AppError(SubmissionProblems.invalidDateRange);
  const scope = actor.kind === 'serviceOwner' ? { serviceOwnerCode: actor.serviceOwnerCode } : { senderKey: senderKey(actor) };
  const ids = await selectReceiptIdsChanged(deps.db, { type: q.receiptTypeName, from: q.dateFrom, to: q.dateTo, ...scope, limit: MAX_RECEIPTS });
  const receipts: Receipt[] = [];
  for (const id of ids) {
    const { row: _row, ...receipt } = await uncheckedGetReceipt(deps, id);
    receipts.push(receipt);
  }
  return receipts;
}

function describeUpdater(actor: Actor): string {
  if (actor.kind === 'serviceOwner') return `ServiceOwner ${actor.serviceOwnerCode} (${actor.systemName})`;
  if (actor.kind === 'system') return actor.systemId === null ? `EndUserSystem of party ${actor.ownerPartyId}` : `EndUserSystem: ${actor.systemId}`;
  if (actor.kind === 'enterpriseUser') return `EnterpriseUser: ${actor.userName}`;
  return `User: ${actor.partyId}`;
}

/**
 * UpdateReceipt by either party: the service owner of the service, or the sender or someone who may Write
 * the service for the receipt's party. The old status and text move to the history; the new text says who
 * updated it ("Receipt updated by …"); references of the types an update may add are appended.
 */
export async function updateReceipt(
  deps: SubmissionsDeps,
  actor: Actor,
  receiptId: number,
  change: { receiptStatusCode: (typeof SETTABLE_STATUSES)[number]; receiptText: string; references?: { referenceTypeName: string; referenceValue: string }[] },
): Promise<Receipt> {
  const current = await uncheckedGetReceipt(deps, receiptId);
  if (!(await mayRead(deps, actor, current.row, 'Read', false))) throw new AppError(SubmissionProblems.receiptNotFound);
  if (!(await mayRead(deps, actor, current.row, 'Write'))) throw new AppError(SubmissionProblems.receiptNotUpdatable);
  const badRefs = (change.references ?? []).flatMap((r, i) =>
    (ADDABLE_REFERENCES as readonly string[]).includes(r.referenceTypeName) ? [] : [{ path: `references/${i}/referenceTypeName`, message: `one of ${ADDABLE_REFERENCES.join(', ')}`, rule: 'referenceType' }],
  );
  if (badRefs.length > 0) throw new AppError(SubmissionProblems.invalidReceiptSearch, { detail: 'these reference types are set by Tinn', errors: badRefs });
  const by = describeUpdater(actor);
  await inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    await insertHistory(trx, { receipt_id: receiptId, changed_at: now, status_code: current.receiptStatusCode, receipt_text: current.receiptText, changed_by: by });
    await updateReceiptRow(
      trx,
      receiptId,
      { status_code: change.receiptStatusCode, receipt_text: `Receipt updated by ${by}. ${change.receiptText}`, last_changed_at: now },
      (change.references ?? []).map((r) => ({ type: r.referenceTypeName, value: r.referenceValue })),
    );
  });
  const { row: _row, ...receipt } = await uncheckedGetReceipt(deps, receiptId);
  return receipt;
}
