import { PlatformProblems } from '../../platform/index.ts';
import type { XmlNode } from '../../platform/xml/index.ts';
import { BatchFields, parseBatchFile, readSequenceNo, requireBatchKind, requireValidHeader, type BatchFile, type BatchItem } from '../../platform/batch-files/index.ts';
import { PrefillProblems } from './errors.ts';
import type { PrefillInput } from './store-prefill.ts';

/** A prefill batch file read: its header and each FormTask as the store use case's input, or its problems. */
export type PrefillBatch = BatchFile<PrefillInput>;

/**
 * A reportee's id: the `Id` child element of Altinn's XSD, or an `Id` attribute (which some producers write).
 */
function reporteeIdOf(f: BatchFields, reportee: XmlNode): string {
  return f.text(reportee, 'Reportee', 'Id') ?? reportee.attributes['Id'] ?? reportee.attributes['id'] ?? '';
}

/**
 * One FormTask → the store use case's input. Its externalShipmentReference is
 * `<reportee>/<service code>/<edition>/<SendersReference>`: a form set is the owner's SendersReference for one
 * reportee and service, so sending the same items again in a later file stores nothing new, and a campaign that
 * gives every set the same SendersReference still gets one set per reportee. Without a SendersReference the
 * file's ExternalShipmentReference and the item's position (`<reference>/<position>`) stand in. Read but not used:
 * IdentityFieldHashCode (Tinn keys sets by their identity fields), a form's ParentReference, an attachment's
 * Encrypted and AttachmentType (MIME).
 */
function formTaskOf(f: BatchFields, t: XmlNode, at: string, position: number, reportee: string, shipmentReference: string | undefined): BatchItem<PrefillInput> {
  const serviceCode = f.required(t, at, 'ExternalServiceCode');
  const serviceEditionCode = f.integer(t, at, 'ExternalServiceEditionCode', true) ?? 0;
  const sendersReference = f.text(t, at, 'SendersReference');
  const externalShipmentReference = sendersReference
    ? `${reportee}/${serviceCode}/${serviceEditionCode}/${sendersReference}`
    : shipmentReference
      ? `${shipmentReference}/${position}`
      : '';
  if (!externalShipmentReference) f.errors.push({ path: `${at}/SendersReference`, message: "SendersReference is missing (and the file has no ExternalShipmentReference to stand in)", rule: 'required' });
  const forms = f.all(t, 'Form').map((form, i) => {
    const fat = `${at}/Form[${i + 1}]`;
    return {
      dataFormatId: f.required(form, fat, 'DataFormatId'),
      dataFormatVersion: f.integer(form, fat, 'DataFormatVersion', true) ?? 0,
      formDataXml: f.required(form, fat, 'FormData'),
      sendersReference: f.text(form, fat, 'SendersReference'),
      signedByDefault: f.boolean(form, fat, 'SignedByDefault'),
      signingLocked: f.boolean(form, fat, 'SigningLocked'),
    };
  });
  if (forms.length === 0) f.errors.push({ path: `${at}/Form`, message: 'a form set needs at least one Form', rule: 'required' });
  const attachments = f.all(f.child(t, 'Attachments'), 'Attachment').map((a, i) => {
    const aat = `${at}/Attachments/Attachment[${i + 1}]`;
    const fileName = f.required(a, aat, 'FileName');
    return {
      name: f.text(a, aat, 'AttachmentName') ?? fileName,
      fileName,
      data: f.base64(a, aat, 'AttachmentData'),
      sendersReference: f.text(a, aat, 'SendersReference'),
      signedByDefault: f.boolean(a, aat, 'SignedByDefault'),
      signingLocked: f.boolean(a, aat, 'SigningLocked'),
    };
  });
  const identityFields = f.all(f.child(t, 'IdentifyingFields'), 'IdentifyingField').map((x, i) => ({ index: i + 1, value: x.text }));
  const input: PrefillInput = {
    externalShipmentReference,
    serviceCode,
    serviceEditionCode,
    reportee,
    sendersReference,
    receiversReference: f.text(t, at, 'ReceiversReference'),
    validFrom: f.text(t, at, 'ValidFrom'),
    validTo: f.text(t, at, 'ValidTo'),
    forms,
    attachments,
    identityFields: identityFields.length > 0 ? identityFields : undefined,
  };
  const reference = sendersReference ?? externalShipmentReference;
  if (!reportee) f.errors.push({ path: 'Reportee/Id', message: 'the reportee has no Id', rule: 'required' });
  if (f.errors.length > 0) return { position, reference, reportee, problem: PrefillProblems.invalidPrefill, errors: f.errors };
  return { position, reference, reportee, input };
}

/**
 * Reads an Altinn II prefill batch file (root `ServiceOwner` with `Prefill`, namespace
 * `http://schemas.altinn.no/services/intermediary/serviceinitiation/2009/10`): the header (ServiceOwnerName,
 * SequenceNo, ExternalShipmentReference — inside Prefill as in Altinn's XSD, or directly under ServiceOwner) and
 * each Reportee's FormTasks, in document order, as the input of `storePrefill` or, when one cannot be read,
 * PREF-00001 with every problem and its path. Field-based prefill (a Reportee's `Field` elements) is not built
 * in Tinn: each Reportee with fields is one item refused with PLAT-00031, listing them. Takes the file's bytes
 * (parsed safely: no DTD, no entities) or a root already parsed with `parseBatchFile`. A file that is no prefill
 * batch (a Subscription file among them) is PLAT-00026; a header without ServiceOwnerName, or with a SequenceNo
 * that is no whole number, PLAT-00030.
 */
export function readPrefillBatch(xml: Uint8Array | XmlNode): PrefillBatch {
  const root = xml instanceof Uint8Array ? parseBatchFile(xml) : xml;
  requireBatchKind(root, 'prefill');
  const h = new BatchFields();
  const prefill = h.child(root, 'Prefill')!;
  const ownerCode = h.required(root, 'ServiceOwner', 'ServiceOwnerName');
  const headerText = (name: string) => h.text(prefill, 'ServiceOwner/Prefill', name) ?? h.text(root, 'ServiceOwner', name);
  const shipmentReference = headerText('ExternalShipmentReference');
  const sequenceNo = readSequenceNo(headerText('SequenceNo'), 'ServiceOwner/Prefill/SequenceNo', h.errors);
  requireValidHeader(h.errors);

  const items: BatchItem<PrefillInput>[] = [];
  for (const [r, reporteeNode] of h.all(prefill, 'Reportee').entries()) {
    const rat = `Prefill/Reportee[${r + 1}]`;
    const idReader = new BatchFields();
    const reportee = reporteeIdOf(idReader, reporteeNode);
    for (const [i, t] of h.all(reporteeNode, 'FormTask').entries()) {
      const f = new BatchFields();
      f.errors.push(...idReader.errors);
      items.push(formTaskOf(f, t, `${rat}/FormTask[${i + 1}]`, items.length + 1, reportee, shipmentReference));
    }
    const fields = h.all(reporteeNode, 'Field');
    if (fields.length > 0) {
      items.push({
        position: items.length + 1,
        reference: fields.map((x) => h.text(x, rat, 'Id') ?? '?').join(',').slice(0, 200),
        reportee,
        problem: PlatformProblems.batchItemNotSupported,
        errors: fields.map((x, j) => ({ path: `${rat}/Field[${j + 1}]`, message: `field ${h.text(x, rat, 'Id') ?? '(no Id)'}: field-based prefill is not built in Tinn; send the form set as a FormTask`, rule: 'fieldPrefill' })),
      });
    }
  }
  return { kind: 'prefill', header: { ownerCode, shipmentReference, sequenceNo }, items };
}
