import type { Receipt } from '../index.ts';

/** A receipt as Altinn II's `ReceiptExternal` (WSDL element names; the writer puts them in WSDL order). */
export function receiptExternal(r: Receipt): Record<string, unknown> {
  return {
    LastChanged: r.lastChanged,
    ParentReceiptId: r.parentReceiptId ?? 0,
    ReceiptHistory: r.history.length ? r.history.map((h) => `${h.changedAt.toISOString()} ${h.changedBy}: ${h.receiptStatusCode} ${h.receiptText}`).join('\n') : undefined,
    ReceiptId: r.receiptId,
    ReceiptStatusCode: r.receiptStatusCode,
    ReceiptText: r.receiptText,
    ReceiptTypeName: r.receiptTypeName,
    References: { Reference: r.references.map((x) => ({ ReferenceTypeName: x.referenceTypeName, ReferenceValue: x.referenceValue })) },
    SubReceipts: { ReceiptExternal: r.subReceipts.map(receiptExternal) },
  };
}
