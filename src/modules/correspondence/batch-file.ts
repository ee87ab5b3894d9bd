import type { XmlNode } from '../../platform/xml/index.ts';
import { BatchFields, parseBatchFile, readSequenceNo, requireBatchKind, requireValidHeader, type BatchFile, type BatchItem } from '../../platform/batch-files/index.ts';
import type { ReplyOption } from './correspondence.ts';
import { CorrespondenceProblems } from './errors.ts';
import type { CorrespondenceInput } from './insert-correspondence.ts';

/** A correspondence batch file read: its header and each Correspondence as the send use case's input, or its problems. */
export type CorrespondenceBatch = BatchFile<CorrespondenceInput>;

/** ReplyOption elements: a service to fill in, a submission to look at, or a link (`Url`/`URL`, `LinkUrl`/`LinkURL`). */
function replyOptionsOf(f: BatchFields, node: XmlNode | undefined, path: string): ReplyOption[] {
  return f.all(node, 'ReplyOption').flatMap((r, i): ReplyOption[] => {
    const at = `${path}/ReplyOption[${i + 1}]`;
    const service = f.child(r, 'Service');
    const archive = f.child(r, 'ArchiveReference');
    const url = f.child(r, 'Url', 'URL');
    const options: ReplyOption[] = [];
    if (service) options.push({ type: 'Service', serviceCode: f.required(service, `${at}/Service`, 'ServiceCode'), serviceEditionCode: f.integer(service, `${at}/Service`, 'ServiceEdition', true) ?? 0 });
    // The batch XSD's ArchiveReference holds the reference itself; the SOAP contract's wraps it in ArchiveRef.
    if (archive) options.push({ type: 'ArchiveReference', archiveReference: archive.children.length > 0 ? f.required(archive, `${at}/ArchiveReference`, 'ArchiveRef') : archive.text });
    if (url) options.push({ type: 'URL', linkText: f.text(url, `${at}/${url.name}`, 'LinkText') ?? '', linkUrl: f.text(url, `${at}/${url.name}`, 'LinkUrl', 'LinkURL') ?? '' });
    if (options.length === 0) f.errors.push({ path: at, message: 'Service, ArchiveReference or Url expected', rule: 'replyOption' });
    return options;
  });
}

function notificationsOf(f: BatchFields, node: XmlNode | undefined, path: string): NonNullable<CorrespondenceInput['notifications']> {
  return f.all(node, 'Notification').map((n, i) => {
    const at = `${path}/Notification[${i + 1}]`;
    return {
      fromAddress: f.text(n, at, 'FromAddress'),
      shipmentDateTime: f.text(n, at, 'ShipmentDateTime'),
      languageCode: f.text(n, at, 'LanguageCode'),
      notificationType: f.required(n, at, 'NotificationType'),
      textTokens: f.all(f.child(n, 'TextTokens'), 'TextToken').map((x, j) => ({ tokenNum: f.integer(x, `${at}/TextTokens/TextToken[${j + 1}]`, 'TokenNum'), tokenValue: f.text(x, `${at}/TextTokens/TextToken[${j + 1}]`, 'TokenValue') ?? '' })),
      receiverEndPoints: f.all(f.child(n, 'ReceiverEndPoints'), 'ReceiverEndPoint').map((e, j) => ({
        transportType: f.required(e, `${at}/ReceiverEndPoints/ReceiverEndPoint[${j + 1}]`, 'TransportType'),
        receiverAddress: f.text(e, `${at}/ReceiverEndPoints/ReceiverEndPoint[${j + 1}]`, 'ReceiverAddress'),
      })),
      useServiceOwnerShortNameAsSenderOfSms: f.boolean(n, at, 'UseServiceOwnerShortNameAsSenderOfSms'),
    };
  });
}

/**
 * One Correspondence element → the send use case's input, as InsertCorrespondenceV2 maps over SOAP. Its
 * SendersReference becomes the externalShipmentReference, so sending a file's items again creates nothing new;
 * without one, the file's ShipmentReference and the item's position stand in. Read but not used, as over
 * SOAP: attachments' Encrypted, FunctionType, AttachmentType (MIME) and DestinationType.
 */
function correspondenceOf(c: XmlNode, position: number, shipmentReference: string | undefined): BatchItem<CorrespondenceInput> {
  const f = new BatchFields();
  const at = `Correspondence[${position}]`;
  const sendersReference = f.text(c, at, 'SendersReference');
  const reference = sendersReference ?? (shipmentReference ? `${shipmentReference}/${position}` : '');
  if (!reference) f.errors.push({ path: `${at}/SendersReference`, message: "SendersReference is missing (and the file has no ShipmentReference to stand in)", rule: 'required' });
  const reportee = f.required(c, at, 'Reportee');
  const contentNode = f.child(c, 'Content');
  if (!contentNode) f.errors.push({ path: `${at}/Content`, message: 'Content is missing', rule: 'required' });
  const cat = `${at}/Content`;
  const attachments = f.child(contentNode, 'Attachments');
  const binary = f.all(f.child(attachments, 'BinaryAttachments'), 'BinaryAttachment').map((a, i) => {
    const aat = `${cat}/Attachments/BinaryAttachments/BinaryAttachment[${i + 1}]`;
    const fileName = f.required(a, aat, 'FileName');
    return { name: f.text(a, aat, 'Name') ?? fileName, fileName, data: f.base64(a, aat, 'Data'), sendersReference: f.text(a, aat, 'SendersReference') };
  });
  // As over SOAP: XML attachments (form data Altinn rendered with InfoPath) become .xml files named by data format.
  const xml = f.all(f.child(attachments, 'XmlAttachments'), 'XmlAttachment').map((a, i) => {
    const aat = `${cat}/Attachments/XmlAttachments/XmlAttachment[${i + 1}]`;
    const dataFormatId = f.text(a, aat, 'DataFormatId');
    return {
      name: dataFormatId ?? `XML ${i + 1}`,
      fileName: `${(dataFormatId ?? 'xml').replace(/[^\w.-]/g, '_')}-${i + 1}.xml`,
      data: new TextEncoder().encode(f.required(a, aat, 'FormDataXml')),
      sendersReference: f.text(a, aat, 'SendersReference'),
    };
  });
  const replyOptions = f.child(c, 'ReplyOptions');
  const notifications = f.child(c, 'Notifications');
  const input: CorrespondenceInput = {
    externalShipmentReference: reference,
    serviceCode: f.required(c, at, 'ServiceCode'),
    serviceEditionCode: f.integer(c, at, 'ServiceEdition', true) ?? 0,
    reportee,
    content: {
      languageCode: f.required(contentNode, cat, 'LanguageCode'),
      messageTitle: f.required(contentNode, cat, 'MessageTitle'),
      messageSummary: f.text(contentNode, cat, 'MessageSummary'),
      messageBody: f.text(contentNode, cat, 'MessageBody') ?? '',
      customMessageData: f.text(contentNode, cat, 'CustomMessageData'),
      attachments: [...binary, ...xml],
    },
    visibleDateTime: f.text(c, at, 'VisibleDateTime'),
    // The batch XSD says AllowSystemDeleteDate where InsertCorrespondenceV2 says …DateTime.
    allowSystemDeleteDateTime: f.text(c, at, 'AllowSystemDeleteDate', 'AllowSystemDeleteDateTime'),
    dueDateTime: f.text(c, at, 'DueDateTime'),
    archiveReference: f.text(c, at, 'ArchiveReference'),
    replyOptions: replyOptions ? replyOptionsOf(f, replyOptions, `${at}/ReplyOptions`) : undefined,
    notifications: notifications ? notificationsOf(f, notifications, `${at}/Notifications`) : undefined,
    allowForwarding: f.boolean(c, at, 'AllowForwarding'),
    caseId: f.text(c, at, 'CaseId', 'CaseID'),
    messageSender: f.text(c, at, 'MessageSender'),
    isReservable: f.boolean(c, at, 'IsReservable'),
  };
  if (f.errors.length > 0) return { position, reference, reportee, problem: CorrespondenceProblems.invalidCorrespondence, errors: f.errors };
  return { position, reference, reportee, input };
}

/**
 * Reads an Altinn II correspondence batch file (root `Correspondences`, namespace
 * `http://schemas.altinn.no/services/intermediary/correspondence/2009/10`, any version of that family):
 * the header (SystemUserCode, ShipmentReference, SequenceNo) and each Correspondence, in order, as the input
 * of `sendCorrespondence` or, when it cannot be read, CORR-00001 with every problem and its path. Takes the
 * file's bytes (parsed safely: no DTD, no entities) or a root already parsed with `parseBatchFile`. A file that
 * is no correspondence batch is PLAT-00026; a header without SystemUserCode, or with a SequenceNo that is no
 * whole number, PLAT-00030.
 */
export function readCorrespondenceBatch(xml: Uint8Array | XmlNode): CorrespondenceBatch {
  const root = xml instanceof Uint8Array ? parseBatchFile(xml) : xml;
  requireBatchKind(root, 'correspondence');
  const f = new BatchFields();
  const ownerCode = f.required(root, 'Correspondences', 'SystemUserCode');
  const shipmentReference = f.text(root, 'Correspondences', 'ShipmentReference');
  const sequenceNo = readSequenceNo(f.text(root, 'Correspondences', 'SequenceNo'), 'Correspondences/SequenceNo', f.errors);
  requireValidHeader(f.errors);
  return {
    kind: 'correspondence',
    header: { ownerCode, shipmentReference, sequenceNo },
    items: f.all(root, 'Correspondence').map((c, i) => correspondenceOf(c, i + 1, shipmentReference)),
  };
}
