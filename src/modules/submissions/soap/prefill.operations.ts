import { AppError, PlatformProblems } from '../../../platform/index.ts';
import type { SoapAuthenticator, SoapOperation } from '../../../platform/soap/index.ts';
import type { PrefillResult, PrefillShipment, Receipt, Submissions } from '../index.ts';
import { receiptExternal } from './receipt-external.ts';

type Xml = Record<string, any>;

const iso = (d: Date | undefined) => d?.toISOString();

/** PreFillIdentityFieldBE's Index is a string in the WSDL; Tinn keeps indexes 0–99, as REST's schema. */
function identityFieldsOf(list: Xml[]): { index: number; value: string }[] {
  const bad = list.flatMap((f, i) =>
    /^\s*\d{1,2}\s*$/.test(f.Index ?? '') ? [] : [{ path: `preFillFormTask/PreFillIdentityFields/PreFillIdentityFieldBE[${i + 1}]/Index`, message: 'an index 0–99', rule: 'format' }],
  );
  if (bad.length > 0) throw new AppError(PlatformProblems.soapInvalidRequest, { detail: bad[0]!.message, errors: bad });
  return list.map((f) => ({ index: Number(f.Index), value: f.FieldValue ?? '' }));
}

/**
 * SubmitAndInstantiatePrefilledFormTaskBasic's arguments (as read by the schema) → the shipment
 * `POST /api/v1/serviceowner/prefill` gives the use case. Not carried over: ServiceOwnerCode (the agency
 * system's login names the owner), IdentityFieldHashCode and LargeInboundReference (no Tinn counterpart),
 * the attachments' AttachmentType (a MIME kind, not one of the service's attachment types) and the
 * notifications' NotificationID/NotifyType/ReporteeElementID/ReporteeId (Altinn-internal).
 */
function shipmentOf(input: Xml): PrefillShipment {
  const task: Xml = input.preFillFormTask ?? {};
  return {
    externalShipmentReference: task.ExternalShipmentReference ?? '',
    serviceCode: task.ExternalServiceCode ?? '',
    serviceEditionCode: task.ExternalServiceEditionCode ?? 0,
    reportee: task.Reportee ?? '',
    sendersReference: task.SendersReference,
    receiversReference: task.ReceiversReference,
    validFrom: iso(task.ValidFromDate),
    validTo: iso(task.ValidToDate),
    forms: (task.PreFillForms?.PrefillForm ?? []).map((f: Xml) => ({
      dataFormatId: f.DataFormatID,
      dataFormatVersion: f.DataFormatVersion,
      formDataXml: f.FormDataXML,
      sendersReference: f.SendersReference,
      signedByDefault: f.SignedByDefault,
      signingLocked: f.SigningLocked,
    })),
    attachments: (task.PreFillAttachments?.PrefillFormTaskAttachment ?? []).map((a: Xml) => ({
      name: a.AttachmentName,
      fileName: a.FileName,
      data: a.AttachmentData,
      sendersReference: a.SendersReference,
      signedByDefault: a.SignedByDefault,
      signingLocked: a.SigningLocked,
    })),
    identityFields: identityFieldsOf(task.PreFillIdentityFields?.PreFillIdentityFieldBE ?? []),
    caseId: input.caseId === undefined ? undefined : String(input.caseId),
    dueDate: iso(input.dueDate),
    // doSaveFormTask is not needed: the set is always stored (as REST does), and instantiation uses it.
    instantiate: input.doinstantiateFormTask ?? false,
    notifications: (task.PrefillNotifications?.Notification ?? []).map((n: Xml) => ({
      languageCode: n.LanguageCode,
      notificationType: n.NotificationType ?? '',
      fromAddress: n.FromAddress,
      shipmentDateTime: iso(n.ShipmentDateTime),
      textTokens: (n.TextTokens?.TextToken ?? []).map((t: Xml) => ({ tokenNum: t.TokenNum, tokenValue: t.TokenValue ?? '' })),
      receiverEndPoints: (n.ReceiverEndPoints?.ReceiverEndPoint ?? []).map((e: Xml) => ({ transportType: e.TransportType ?? '', receiverAddress: e.ReceiverAddress })),
    })),
  };
}

/**
 * The answer as a PreFill receipt. Tinn keeps no receipt row for a prefilled set (the set itself is the
 * record, readable over REST), so the receipt has no ReceiptId; its references are those of the set, the form
 * task when instantiated, and the caller's externalBatchId.
 */
function receiptOf(result: PrefillResult, externalBatchId: string | undefined): Record<string, unknown> {
  const p = result.prefill;
  const done =
    p.instantiatedElementId !== null
      ? 'Prefilled form set stored. Successfully Instantiated: the form task is in the work list for filling in (FillIn)'
      : 'Prefilled form set stored: it waits for the reportee to start it';
  const receipt: Receipt = {
    receiptId: 0,
    parentReceiptId: null,
    receiptStatusCode: 'OK',
    receiptText: result.replayed ? `${done} (answered from the earlier request with this ExternalShipmentReference)` : done,
    receiptTypeName: 'PreFill',
    references: [
      { referenceTypeName: 'ExternalShipmentReference', referenceValue: p.externalShipmentReference },
      // As on form-task receipts: the form task in the work list, and the reportee's party.
      ...(p.instantiatedElementId !== null ? [{ referenceTypeName: 'WorkFlowReference' as const, referenceValue: String(p.instantiatedElementId) }] : []),
      { referenceTypeName: 'OwnerPartyReference', referenceValue: String(p.reporteePartyId) },
      ...(p.sendersReference ? [{ referenceTypeName: 'SendersReference' as const, referenceValue: p.sendersReference }] : []),
      ...(p.receiversReference ? [{ referenceTypeName: 'ReceiversReference' as const, referenceValue: p.receiversReference }] : []),
      ...(externalBatchId ? [{ referenceTypeName: 'BatchReference' as const, referenceValue: externalBatchId }] : []),
    ],
    subReceipts: [],
    lastChanged: p.createdAt,
    history: [],
  };
  return { ...receiptExternal(receipt), ReceiptId: undefined };
}

/**
 * PreFillBasic (`/ServiceEngineExternal/PreFillBasic.svc`): the service owner stores a prefilled form set
 * for a reportee, and with doinstantiateFormTask puts it in their work list, over SOAP 1.1 with credentials in
 * the body. The same use case as `POST /api/v1/serviceowner/prefill`; the answer is a receipt.
 */
export function prefillOperations(submissions: Submissions, auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),

    SubmitAndInstantiatePrefilledFormTaskBasic: async (input, call) => {
      const actor = await auth.serviceOwner({ systemName: input.systemUserName, password: input.systemPassword }, call);
      const result = await submissions.submitPrefill(actor, shipmentOf(input));
      return { SubmitAndInstantiatePrefilledFormTaskBasicResult: receiptOf(result, input.externalBatchId || undefined) };
    },
  };
}
