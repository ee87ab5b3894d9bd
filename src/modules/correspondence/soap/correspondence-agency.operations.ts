import type { SoapAuthenticator, SoapCall, SoapOperation } from '../../../platform/soap/index.ts';
import type { CorrespondenceApi, CorrespondenceInput, CorrespondenceReceipt, CorrespondenceStatus, ReplyOption, StatusFilter } from '../index.ts';

type Xml = Record<string, any>;

/** The WSDL's CorrespondenceStatusTypeV2 knows these; Archived and DeletedByUser came after Altinn II's V2 contract. */
const SOAP_STATUS_TYPES = new Set(['Created', 'Read', 'Confirmed', 'Reserved']);

/** Service editions travel as strings in InsertCorrespondenceV2; anything but digits matches no service (0). */
const editionOf = (value: string | undefined) => (value !== undefined && /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : 0);

const iso = (d: Date | undefined) => d?.toISOString();

/** ReplyOption elements → the use case's reply options; one element may carry several kinds, each becomes one. */
function replyOptionsOf(list: Xml[]): ReplyOption[] {
  return list.flatMap((r): ReplyOption[] => [
    ...(r.Service ? [{ type: 'Service' as const, serviceCode: r.Service.ServiceCode ?? '', serviceEditionCode: editionOf(r.Service.ServiceEdition) }] : []),
    ...(r.ArchiveReference ? [{ type: 'ArchiveReference' as const, archiveReference: r.ArchiveReference.ArchiveRef ?? '' }] : []),
    ...(r.URL ? [{ type: 'URL' as const, linkText: r.URL.LinkText ?? '', linkUrl: r.URL.LinkURL ?? '' }] : []),
  ]);
}

/** InsertCorrespondenceV2 (as read by the schema) → the input `POST /api/v1/serviceowner/correspondences` gives the use case. */
function correspondenceOf(externalShipmentReference: string, c: Xml): CorrespondenceInput {
  const content: Xml = c.Content ?? {};
  return {
    externalShipmentReference,
    serviceCode: c.ServiceCode ?? '',
    serviceEditionCode: editionOf(c.ServiceEdition),
    reportee: c.Reportee ?? '',
    content: {
      languageCode: content.LanguageCode ?? '',
      messageTitle: content.MessageTitle ?? '',
      messageSummary: content.MessageSummary,
      messageBody: content.MessageBody ?? '',
      customMessageData: content.CustomMessageData,
      attachments: [
        ...(content.Attachments?.BinaryAttachments?.BinaryAttachmentV2 ?? []).map((a: Xml) => ({
          // A binary attachment without a display name is shown by its file name.
          name: a.Name ?? a.FileName ?? '',
          fileName: a.FileName ?? '',
          data: a.Data ?? new Uint8Array(),
          sendersReference: a.SendersReference,
        })),
        // Altinn showed XML attachments (form data) to the reportee as documents: here each is an .xml file
        // named by its data format, so nothing the agency sent is lost.
        ...(content.Attachments?.XmlAttachmentList?.XmlAttachmentV2 ?? []).map((a: Xml, i: number) => ({
          name: a.DataFormatId ? `${a.DataFormatId}` : `XML ${i + 1}`,
          fileName: `${(a.DataFormatId ?? 'xml').replace(/[^\w.-]/g, '_')}-${i + 1}.xml`,
          data: new TextEncoder().encode(a.FormDataXml ?? ''),
          sendersReference: a.SendersReference,
        })),
      ],
    },
    visibleDateTime: iso(c.VisibleDateTime),
    allowSystemDeleteDateTime: iso(c.AllowSystemDeleteDateTime),
    dueDateTime: iso(c.DueDateTime),
    archiveReference: c.ArchiveReference,
    replyOptions: c.ReplyOptions ? replyOptionsOf(c.ReplyOptions.ReplyOption ?? []) : undefined,
    notifications: c.Notifications
      ? (c.Notifications.Notification ?? []).map((n: Xml) => ({
          fromAddress: n.FromAddress,
          shipmentDateTime: iso(n.ShipmentDateTime),
          languageCode: n.LanguageCode,
          notificationType: n.NotificationType ?? '',
          textTokens: (n.TextTokens?.TextToken ?? []).map((x: Xml) => ({ tokenNum: x.TokenNum, tokenValue: x.TokenValue ?? '' })),
          receiverEndPoints: (n.ReceiverEndPoints?.ReceiverEndPoint ?? []).map((e: Xml) => ({ transportType: e.TransportType ?? '', receiverAddress: e.ReceiverAddress })),
        }))
      : undefined,
    allowForwarding: c.AllowForwarding,
    caseId: c.CaseID === undefined ? undefined : String(c.CaseID),
    messageSender: c.MessageSender,
    isReservable: c.IsReservable,
  };
}

/**
 * The correspondence receipt as Altinn II's ReceiptExternal. Correspondence has no receipt of its own in
 * Tinn: the ReceiptId is the correspondence's id (its ReporteeElementId), as the REST receipt's correspondenceId.
 */
function receiptOf(r: CorrespondenceReceipt, unused: string[] = []): Xml {
  const created = r.status === 'Reserved' ? 'The reportee is reserved against digital communication: the correspondence was not delivered (Reserved)' : 'Correspondence created';
  const text = unused.length > 0 ? `${created}. Not used by Tinn: ${unused.join('; ')}` : created;
  return {
    ParentReceiptId: 0,
    ReceiptId: r.correspondenceId,
    ReceiptStatusCode: r.receiptStatusCode,
    ReceiptText: r.replayed ? `${text} (answered from the earlier request with this ExternalShipmentReference)` : text,
    ReceiptTypeName: 'Correspondence',
    References: { Reference: [{ ReferenceTypeName: 'ExternalShipmentReference', ReferenceValue: r.externalShipmentReference }] },
  };
}

/**
 * Contract fields Tinn accepts but cannot honour, named in the receipt's text rather than dropped in silence:
 * SdpOptions (Tinn forwards nothing to digital mailboxes) and OnBehalfOfOrgNr (the sender shown is the
 * service owner, or MessageSender).
 */
function unusedOf(c: Xml): string[] {
  return [
    ...(c.SdpOptions ? ['SdpOptions (no forwarding to digital mailboxes)'] : []),
    ...(c.OnBehalfOfOrgNr ? [`OnBehalfOfOrgNr ${c.OnBehalfOfOrgNr} (the sender shown is ${c.MessageSender ? 'MessageSender' : 'the service owner'})`] : []),
  ];
}

/** One correspondence's history as StatusV2. */
function statusOf(s: CorrespondenceStatus): Xml {
  return {
    CorrespondenceID: s.correspondenceId,
    CreatedDate: s.createdDate,
    Notifications: { Notification: s.notifications.map((n) => ({ Recipient: n.recipient ?? undefined, SentDate: n.sentDate ?? undefined, TransportType: n.transportType })) },
    Reportee: s.reportee,
    SendersReference: s.sendersReference,
    StatusChanges: { StatusChangeV2: s.statusChanges.filter((c) => SOAP_STATUS_TYPES.has(c.statusType)).map((c) => ({ StatusDate: c.statusDate, StatusType: c.statusType })) },
  };
}

/**
 * CorrespondenceStatusFilterV2 or V3 → the filter `GET /api/v1/serviceowner/correspondences/status` gives
 * the use case. Not used: V3's SdpSearchOptions (Tinn forwards nothing to digital mailboxes, so nothing
 * matches a search for what was).
 */
function statusFilterOf(f: Xml): StatusFilter {
  return {
    serviceCode: f.ServiceCode ?? '',
    serviceEditionCode: f.ServiceEditionCode,
    createdAfter: f.CreatedAfterDate,
    createdBefore: f.CreatedBeforeDate,
    reportee: f.Reportee,
    sendersReference: f.SendersReference,
    // NotSet is the contract's "any status".
    currentStatus: f.CurrentStatus === 'NotSet' ? undefined : f.CurrentStatus,
    notificationSent: f.NotificationSent,
  };
}

/** The owner's correspondence as ArrayOfStatusV2, the list both V2 and V3 answer. */
const statusListOf = (correspondences: CorrespondenceStatus[]): Xml => ({ StatusV2: correspondences.map(statusOf) });

/** The agency system's credentials (body on Basic and EC, UsernameToken on WS, certificate on AEC) → its service owner. */
const ownerOf = (auth: SoapAuthenticator, input: Xml, call: SoapCall) => auth.serviceOwner({ systemName: input.systemUserName, password: input.systemPassword }, call);

/**
 * CorrespondenceAgencyExternalBasic (`/ServiceEngineExternal/CorrespondenceAgencyExternalBasic.svc`): the
 * service owner sends correspondence and follows its status over SOAP 1.1, credentials in the body. Same use
 * cases as `POST /api/v1/serviceowner/correspondences` and `GET /api/v1/serviceowner/correspondences/status`.
 */
export function correspondenceAgencyOperations(correspondence: CorrespondenceApi, auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),

    InsertCorrespondenceBasicV2: async (input, call) => {
      const actor = await ownerOf(auth, input, call);
      // SystemUserCode (the owner's source-system code) is not used: the agency system's login names the owner.
      const c: Xml = input.Correspondence ?? {};
      const receipt = await correspondence.sendCorrespondence(actor, correspondenceOf(input.ExternalShipmentReference ?? '', c));
      return { InsertCorrespondenceBasicV2Result: receiptOf(receipt, unusedOf(c)) };
    },

    GetCorrespondenceStatusDetailsBasicV3: async (input, call) => {
      const actor = await ownerOf(auth, input, call);
      const f: Xml = input.filterCriteria ?? {};
      const result = await correspondence.getStatus(actor, statusFilterOf(f));
      return {
        GetCorrespondenceStatusDetailsBasicV3Result: {
          CorrespondenceStatusInformation: {
            CorrespondenceStatusDetailsList: statusListOf(result.correspondences),
            LimitReached: result.limitReached,
          },
          ServiceCode: f.ServiceCode,
          ServiceEditionCode: f.ServiceEditionCode,
        },
      };
    },
  };
}

/**
 * Operations of the WS endpoint (`/ServiceEngineExternal/CorrespondenceAgencyExternal.svc`, Altinn's own WS
 * WSDL) that its Basic twin lacks, so the derived variant cannot supply them: GetCorrespondenceStatusDetailsV2,
 * deprecated in Altinn II but still called by older clients. The same use case as V3 (and as
 * `GET /api/v1/serviceowner/correspondences/status`); V2 answers the list without V3's SDP part.
 */
export function correspondenceAgencyWsOperations(correspondence: CorrespondenceApi, auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    GetCorrespondenceStatusDetailsV2: async (input, call) => {
      const actor = await ownerOf(auth, input, call);
      const f: Xml = input.filterCriteria ?? {};
      const result = await correspondence.getStatus(actor, statusFilterOf(f));
      return {
        GetCorrespondenceStatusDetailsV2Result: {
          LimitReached: result.limitReached,
          ServiceCode: f.ServiceCode,
          ServiceEditionCode: f.ServiceEditionCode,
          StatusList: statusListOf(result.correspondences),
        },
      };
    },
  };
}
