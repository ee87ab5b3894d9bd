import { createHash } from 'node:crypto';
import { actingUserOf, AppError, inTransaction, isAppError, type Actor, type ProblemItem } from '../../platform/index.ts';
import type { Reportee } from '../authz/index.ts';
import { authorize } from './authorize.ts';
import { isActive, type ServiceEdition } from '../catalog/index.ts';
import { queueForServiceOwner } from './batch-delivery.ts';
import { insertAttachments, insertElement, insertForms, insertSignature, nextArchiveReference, selectElementState } from './db/element-store.ts';
import { addReporteeService } from './db/message-box-store.ts';
import { claimShipment, insertReceiptTree, setShipmentReceipt, type ReferenceRow } from './db/receipt-store.ts';
import type { SubmissionsDeps } from './deps.ts';
import { SubmissionProblems } from './errors.ts';
import { archiveContentHash } from './archive-hash.ts';
import { uncheckedGetReceipt, type Receipt } from './receipt.ts';
import {
  checkAttachments,
  checkFormSet,
  emptyToNull,
  initialStatus,
  reporteeTypeOf,
  senderKey,
  shipmentHash,
  signaturesRequired,
  unknownForms,
  type FormTaskShipment,
} from './shipment.ts';

export interface SubmitResult {
  receipt: Receipt;
  /** True when this was a retry of a shipment already received: nothing new was stored. */
  replayed: boolean;
  status: 'FillIn' | 'SignIn' | 'Archive';
  reporteeElementId: number;
  archiveReference: string | null;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * SubmitFormTask: checks, in order, that the service is an active form task, the reportee's type is
 * allowed, the actor may Write (and Sign when signing) for the reportee at its security level, the forms
 * belong to the service and make a well-formed form set, each form matches its XSD and the attachments keep
 * the service's rules. Every problem of a step is reported at once; nothing is stored unless all pass.
 * A complete, sufficiently signed form set is archived (ArchiveReference, download queue); otherwise the
 * form task waits in the reportee's work list (FillIn or SignIn). The same shipment again (same sender,
 * reportee and externalShipmentReference, same content) answers the first receipt; different content under
 * the same reference is SUB-00008.
 */
export async function submitFormTask(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, shipment: FormTaskShipment): Promise<SubmitResult> {
  // REST's schema refuses an empty reference; SOAP's contract allows an empty element, so the rule is here.
  if (shipment.externalShipmentReference.trim() === '' || shipment.externalShipmentReference.length > 100) throw new AppError(SubmissionProblems.missingShipmentReference);
  const reportee = await deps.authz.resolveReportee(actor, reporteeRef);
  const edition = await activeFormTask(deps, shipment);
  if (!edition.reporteeTypes.includes(reporteeTypeOf(reportee))) {
    throw new AppError(SubmissionProblems.reporteeTypeNotAllowed, { detail: `${edition.serviceCode} is for ${edition.reporteeTypes.join(', ')}; ${reportee.name} is a ${reporteeTypeOf(reportee)}` });
  }
  await authorize(deps, actor, reportee, edition.serviceCode, edition.serviceEditionCode, shipment.sign ? ['Write', 'Sign'] : ['Write']);

  const unknown = unknownForms(edition, shipment.forms);
  if (unknown.length > 0) throw new AppError(SubmissionProblems.unknownForm, { errors: unknown });
  const formSet = checkFormSet(edition, shipment);
  if (formSet.errors.length > 0) throw new AppError(SubmissionProblems.invalidFormSet, { errors: formSet.errors });
  const schemaErrors: ProblemItem[] = [];
  for (const [i, f] of shipment.forms.entries()) {
    const errors = await deps.catalog.validateFormData(f.dataFormatId, f.dataFormatVersion, f.formData);
    schemaErrors.push(...errors.map((e) => ({ ...e, path: `forms/${i}/formData` })));
  }
  if (schemaErrors.length > 0) {
    throw new AppError(SubmissionProblems.formValidationFailed, { detail: `${schemaErrors.length} error(s)`, errors: schemaErrors, data: { receiptStatusCode: 'ValidationFailed' } });
  }
  const complete = shipment.forms.every((f) => f.completed ?? true);
  const signatures = shipment.sign ? 1 : 0;
  const status = initialStatus(edition, complete, signatures);
  const attachments = shipment.attachments ?? [];
  const attachmentErrors = checkAttachments(edition, attachments, status === 'Archive');
  if (attachmentErrors.length > 0) throw new AppError(SubmissionProblems.invalidAttachments, { errors: attachmentErrors });

  // Content-addressed blobs: written before the transaction, so a rolled-back or retried submission leaves
  // at most an unreferenced copy of bytes it would have written anyway.
  const stored = await Promise.all(
    attachments.map(async (a) => {
      const hash = sha256(a.data);
      const key = `attachments/${hash.slice(0, 2)}/${hash}`;
      if (!(await deps.blobs.stat(key))) await deps.blobs.put(key, a.data);
      return { hash, key };
    }),
  );

  const sender = senderKey(actor);
  const requestSha256 = shipmentHash(shipment);
  type Outcome = { replayedReceiptId: number } | { receipt: Receipt; elementId: number; archiveReference: string | null };
  const outcome = await inTransaction(deps.db, async (trx): Promise<Outcome> => {
    const now = deps.clock.now();
    const shipmentKey = { sender_key: sender, reportee_party_id: reportee.partyId, external_shipment_reference: shipment.externalShipmentReference };
    const claim = await claimShipment(trx, { ...shipmentKey, request_sha256: requestSha256, created_at: now });
    if (!claim.claimed) {
      if (claim.requestSha256 !== requestSha256) throw new AppError(SubmissionProblems.shipmentExists, { detail: `externalShipmentReference ${shipment.externalShipmentReference}` });
      return { replayedReceiptId: claim.receiptId };
    }
    const archiveReference = status === 'Archive' ? await nextArchiveReference(trx) : null;
    const signer = shipment.sign && actor.kind !== 'serviceOwner'
      ? { step: 1, signerPartyId: actingUserOf(actor), endUserSystemId: actor.kind === 'system' ? actor.systemId : null, securityLevel: actor.securityLevel, signedAt: now }
      : undefined;
    const contentSha256 = archiveReference
      ? archiveContentHash({
          forms: shipment.forms.map((f) => ({ ...f, parentReference: emptyToNull(f.parentReference) })),
          attachments: attachments.map((a, i) => ({ fileName: a.fileName, attachmentTypeName: a.attachmentTypeName ?? null, sha256: stored[i]!.hash })),
          signatures: signer ? [signer] : [],
        })
      : null;
    const elementId = await insertElement(trx, {
      reportee_party_id: reportee.partyId,
      service_code: edition.serviceCode,
      service_edition_code: edition.serviceEditionCode,
      service_owner_code: edition.serviceOwnerCode,
      status,
      signatures_required: signaturesRequired(edition),
      case_id: shipment.caseId ?? null,
      external_shipment_reference: shipment.externalShipmentReference,
      sender_key: sender,
      end_user_system_id: actor.kind === 'system' ? actor.systemId : null,
      created_by_party_id: actingUserOf(actor),
      created_at: now,
      last_changed_at: now,
      archive_reference: archiveReference,
      archived_at: archiveReference ? now : null,
      content_sha256: contentSha256,
    });
    await insertForms(
      trx,
      elementId,
      shipment.forms.map((f, position) => ({
        position,
        data_format_id: f.dataFormatId,
        data_format_version: f.dataFormatVersion,
        is_main: position === formSet.main,
        end_user_system_reference: f.endUserSystemReference,
        parent_reference: emptyToNull(f.parentReference),
        completed: f.completed ?? true,
        form_data: f.formData,
      })),
    );
    await insertAttachments(
      trx,
      elementId,
      attachments.map((a, position) => ({
        position,
        name: a.name,
        file_name: a.fileName,
        attachment_type_name: a.attachmentTypeName ?? null,
        end_user_system_reference: a.endUserSystemReference ?? null,
        parent_reference: emptyToNull(a.parentReference),
        size_bytes: a.data.length,
        sha256: stored[position]!.hash,
        blob_key: stored[position]!.key,
        created_at: now,
      })),
    );
    if (signer && actor.kind !== 'serviceOwner') {
      await insertSignature(trx, elementId, {
        step: signer.step,
        signer_party_id: signer.signerPartyId,
        end_user_system_id: signer.endUserSystemId,
        security_level: signer.securityLevel,
        methods: actor.methods,
        signed_at: now,
      });
    }
    if (archiveReference) await queueForServiceOwner(trx, deps.clock, edition, { archiveReference, reporteePartyId: reportee.partyId, archivedAt: now });
    await addReporteeService(trx, reportee.partyId, edition);
    const receipt = await writeReceipts(trx, { edition, reportee, sender, shipment, status, elementId, archiveReference, now });
    await setShipmentReceipt(trx, shipmentKey, receipt.receiptId);
    return { receipt, elementId, archiveReference };
  });

  if ('replayedReceiptId' in outcome) {
    const { row, ...receipt } = await uncheckedGetReceipt(deps, outcome.replayedReceiptId);
    const element = row.reportee_element_id === null ? undefined : await selectElementState(deps.db, row.reportee_element_id);
    return { receipt, replayed: true, status: element?.status ?? status, reporteeElementId: row.reportee_element_id ?? 0, archiveReference: element?.archive_reference ?? null };
  }
  return { receipt: outcome.receipt, replayed: false, status, reporteeElementId: outcome.elementId, archiveReference: outcome.archiveReference };
}

/** The edition of a shipment, when it is a form-task service usable now (SUB-00001 otherwise). */
export async function activeFormTask(deps: SubmissionsDeps, s: Pick<FormTaskShipment, 'serviceCode' | 'serviceEditionCode'>): Promise<ServiceEdition> {
  let edition: ServiceEdition;
  try {
    edition = await deps.catalog.uncheckedGetServiceEdition(s.serviceCode, s.serviceEditionCode);
  } catch (err) {
    if (isAppError(err) && err.problem.kind === 'not-found') throw new AppError(SubmissionProblems.serviceNotActive, { detail: `no service ${s.serviceCode} edition ${s.serviceEditionCode}` });
    throw err;
  }
  if (edition.type !== 'FormTask' || !isActive(edition, deps.clock.now(), deps.testEnvironment)) {
    throw new AppError(SubmissionProblems.serviceNotActive, { detail: `${s.serviceCode} edition ${s.serviceEditionCode} is ${edition.type !== 'FormTask' ? `a ${edition.type} service` : `not active (${edition.state})`}` });
  }
  return edition;
}

const RECEIPT_TEXT = {
  FillIn: 'Successfully Instantiated: the form task is in the work list for filling in (FillIn)',
  SignIn: 'Schema Validation OK: the form task waits for signing (SignIn)',
  Archive: 'SignAndSend Completed Successfully: archived',
} as const;

/** Writes the shipment's receipt and a sub-receipt per form, and answers them as a read would (no ExternalShipmentReference when it is empty). */
export async function writeReceipts(
  trx: SubmissionsDeps['db'],
  c: { edition: ServiceEdition; reportee: Reportee; sender: string; shipment: FormTaskShipment; status: 'FillIn' | 'SignIn' | 'Archive'; elementId: number; archiveReference: string | null; now: Date },
): Promise<Receipt> {
  const base = {
    receipt_type: 'FormTask',
    status_code: 'OK',
    reportee_element_id: c.elementId,
    owner_party_id: c.reportee.partyId,
    service_code: c.edition.serviceCode,
    service_edition_code: c.edition.serviceEditionCode,
    service_owner_code: c.edition.serviceOwnerCode,
    sender_key: c.sender,
    created_at: c.now,
    last_changed_at: c.now,
  };
  const parent = {
    row: { ...base, receipt_text: RECEIPT_TEXT[c.status] },
    references: [
      ...(c.shipment.externalShipmentReference ? [{ type: 'ExternalShipmentReference', value: c.shipment.externalShipmentReference }] : []),
      { type: 'WorkFlowReference', value: String(c.elementId) },
      ...(c.archiveReference ? [{ type: 'ArchiveReference', value: c.archiveReference }] : []),
      { type: 'OwnerPartyReference', value: String(c.reportee.partyId) },
    ] as ReferenceRow[],
  };
  const subs = c.shipment.forms.map((f) => {
    const parentRef = emptyToNull(f.parentReference);
    return {
      row: { ...base, receipt_text: `Form ${f.dataFormatId} version ${f.dataFormatVersion}: Schema Validation OK` },
      references: [{ type: 'EndUserSystemReference', value: f.endUserSystemReference }, ...(parentRef ? [{ type: 'ParentReference', value: parentRef }] : [])] as ReferenceRow[],
    };
  });
  const { receiptId, subIds } = await insertReceiptTree(trx, parent, subs);
  const view = (id: number, parentId: number | null, x: { row: { receipt_text: string }; references: ReferenceRow[] }, subReceipts: Receipt[]): Receipt => ({
    receiptId: id,
    parentReceiptId: parentId,
    receiptStatusCode: 'OK',
    receiptText: x.row.receipt_text,
    receiptTypeName: 'FormTask',
    references: x.references.map((r) => ({ referenceTypeName: r.type as Receipt['references'][number]['referenceTypeName'], referenceValue: r.value })),
    subReceipts,
    lastChanged: c.now,
    history: [],
  });
  return view(receiptId, null, parent, subs.map((x, i) => view(subIds[i]!, receiptId, x, [])));
}
