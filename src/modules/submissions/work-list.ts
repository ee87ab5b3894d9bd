import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { actingUserOf, AppError, inTransaction, tap, type Actor, type ProblemItem } from '../../platform/index.ts';
import type { Operation, Reportee } from '../authz/index.ts';
import type { ServiceEdition } from '../catalog/index.ts';
import { archiveContentHash } from './archive-hash.ts';
import { authorize } from './authorize.ts';
import { queueForServiceOwner } from './batch-delivery.ts';
import { selectAttachments, selectForms, selectSignatures } from './db/archive-store.ts';
import {
  deleteAttachment,
  deleteElement,
  deleteSignatures,
  insertAttachments,
  insertSignature,
  lockElement,
  selectElement,
  nextArchiveReference,
  nextAttachmentPosition,
  updateElement,
  upsertForm,
  type LockedElement,
} from './db/element-store.ts';
import { selectElementReceiptId, updateReceiptRow } from './db/receipt-store.ts';
import { bindSubmissionsDeps, type SubmissionsDeps } from './deps.ts';
import { SubmissionProblems } from './errors.ts';
import { checkAttachments, checkFormSet, emptyToNull, unknownForms, type FormTaskShipment, type ShipmentAttachment, type ShipmentForm } from './shipment.ts';

/** A form task as the work list shows it (GetFormSetElements + process state). */
export interface FormTaskInstance {
  reporteeElementId: number;
  status: 'FillIn' | 'SignIn' | 'Archive';
  serviceCode: string;
  serviceEditionCode: number;
  archiveReference: string | null;
  signaturesRequired: number;
  forms: { formId: number; dataFormatId: string; dataFormatVersion: number; isMain: boolean; endUserSystemReference: string; parentReference: string | null; completed: boolean; formData: string }[];
  attachments: { attachmentId: number; name: string; fileName: string; attachmentTypeName: string | null; sizeBytes: number; sha256: string }[];
  signatures: { step: number; signerPartyId: number | null; endUserSystemId: number | null; securityLevel: number; signedAt: Date }[];
  createdAt: Date;
  lastChangedAt: Date;
}

interface Context {
  reportee: Reportee;
  element: LockedElement;
  edition: ServiceEdition;
}

/**
 * Runs `work` on a form task in the reportee's work list: another reportee's element, a deleted one or an
 * archived one is not found or refused; the actor needs `operations`. Access is decided before the
 * transaction (authz and the catalog read through their caches); inside it the element is locked and looked
 * at again, so concurrent changes to one form task happen one after the other. `work` gets the module's
 * dependencies bound to the transaction.
 */
async function onWorkListItem<T>(
  deps: SubmissionsDeps,
  actor: Actor,
  reporteeRef: string,
  id: number,
  operations: Operation[],
  work: (trx: SubmissionsDeps['db'], c: Context, bound: SubmissionsDeps) => Promise<T>,
): Promise<T> {
  const reportee = await deps.authz.resolveReportee(actor, reporteeRef);
  const check = (element: LockedElement | undefined): LockedElement => {
    if (!element || element.reportee_party_id !== reportee.partyId || element.deleted_at !== null) throw new AppError(SubmissionProblems.formTaskNotFound);
    if (element.status === 'Archive') throw new AppError(SubmissionProblems.alreadyArchived, { detail: `archived as ${element.archive_reference}` });
    return element;
  };
  const seen = check(await selectElement(deps.db, id));
  await authorize(deps, actor, reportee, seen.service_code, seen.service_edition_code, operations);
  const edition = await deps.catalog.uncheckedGetServiceEdition(seen.service_code, seen.service_edition_code);
  return inTransaction(deps.db, async (trx) => {
    const element = check(await lockElement(trx, id));
    return work(trx, { reportee, element, edition }, bindSubmissionsDeps(deps, trx));
  });
}

/** A form task as the work list shows it: its forms, attachments and signatures. */
export async function loadInstance(db: SubmissionsDeps['db'], e: Pick<LockedElement, 'reportee_element_id' | 'status' | 'service_code' | 'service_edition_code' | 'archive_reference' | 'signatures_required' | 'created_at' | 'last_changed_at'>): Promise<FormTaskInstance> {
  const [forms, attachments, signatures] = await Promise.all([selectForms(db, e.reportee_element_id), selectAttachments(db, e.reportee_element_id), selectSignatures(db, e.reportee_element_id)]);
  return {
    reporteeElementId: e.reportee_element_id,
    status: e.status as FormTaskInstance['status'],
    serviceCode: e.service_code,
    serviceEditionCode: e.service_edition_code,
    archiveReference: e.archive_reference,
    signaturesRequired: e.signatures_required,
    forms: forms.map((f) => ({
      formId: f.form_id,
      dataFormatId: f.data_format_id,
      dataFormatVersion: f.data_format_version,
      isMain: f.is_main,
      endUserSystemReference: f.end_user_system_reference,
      parentReference: f.parent_reference,
      completed: f.completed,
      formData: f.form_data,
    })),
    attachments: attachments.map((a) => ({ attachmentId: a.attachment_id, name: a.name, fileName: a.file_name, attachmentTypeName: a.attachment_type_name, sizeBytes: Number(a.size_bytes), sha256: a.sha256 })),
    signatures: signatures.map((s) => ({ step: s.step, signerPartyId: s.signer_party_id, endUserSystemId: s.end_user_system_id, securityLevel: s.security_level, signedAt: s.signed_at })),
    createdAt: e.created_at,
    lastChangedAt: e.last_changed_at,
  };
}

/** A form task started empty (createFormTask) has no forms until its main form is saved. */
const MAIN_FORM_MISSING: ProblemItem = { path: 'forms', message: 'the main form is not saved yet', rule: 'mainForm' };

/** The state a changed form task returns to: signing once every form is complete and the process signs, else filling in. */
function statusAfterChange(forms: { completed: boolean }[], edition: ServiceEdition): 'FillIn' | 'SignIn' {
  return forms.every((f) => f.completed) && edition.process.some((s) => s.type === 'Signing') ? 'SignIn' : 'FillIn';
}

/** A form task in the work list, for someone who may Read it. */
export async function getFormTask(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, id: number): Promise<FormTaskInstance> {
  return onWorkListItem(deps, actor, reporteeRef, id, ['Read'], (trx, c) => loadInstance(trx, c.element));
}

/**
 * UpdateFormData: replaces the form with the same endUserSystemReference or adds a new one, after the same
 * checks as a submission (form of the service, form set, XSD). Signatures given so far no longer hold: they
 * are removed and the form task returns to filling in or signing.
 */
export async function updateFormData(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, id: number, form: ShipmentForm): Promise<FormTaskInstance> {
  return onWorkListItem(deps, actor, reporteeRef, id, ['Write'], async (trx, c, bound) => {
    const current = await loadInstance(trx, c.element);
    const others = current.forms.filter((f) => f.endUserSystemReference !== form.endUserSystemReference);
    const next: ShipmentForm[] = [...others, form];
    const unknown = unknownForms(c.edition, [form]);
    if (unknown.length > 0) throw new AppError(SubmissionProblems.unknownForm, { errors: unknown });
    const asShipment: FormTaskShipment = { externalShipmentReference: '', serviceCode: c.edition.serviceCode, serviceEditionCode: c.edition.serviceEditionCode, forms: next };
    const set = checkFormSet(c.edition, asShipment);
    if (set.errors.length > 0) throw new AppError(SubmissionProblems.invalidFormSet, { errors: set.errors });
    const errors = await bound.catalog.validateFormData(form.dataFormatId, form.dataFormatVersion, form.formData);
    if (errors.length > 0) throw new AppError(SubmissionProblems.formValidationFailed, { errors: errors.map((e) => ({ ...e, path: 'formData' })), data: { receiptStatusCode: 'ValidationFailed' } });
    const isMain = c.edition.forms.find((d) => d.dataFormatId === form.dataFormatId && d.dataFormatVersion === form.dataFormatVersion)?.kind === 'main';
    await upsertForm(trx, id, {
      data_format_id: form.dataFormatId,
      data_format_version: form.dataFormatVersion,
      is_main: isMain,
      end_user_system_reference: form.endUserSystemReference,
      parent_reference: emptyToNull(form.parentReference),
      completed: form.completed ?? true,
      form_data: form.formData,
    });
    await deleteSignatures(trx, id);
    const status = statusAfterChange([...others, { completed: form.completed ?? true }], c.edition);
    const now = deps.clock.now();
    await updateElement(trx, id, { status, last_changed_at: now });
    return loadInstance(trx, { ...c.element, status, last_changed_at: now });
  });
}

/** Adds an attachment under the service's rules (maximum counts and sizes now; minimum counts at send-in). Signatures given so far are removed. */
export async function addAttachment(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, id: number, attachment: ShipmentAttachment): Promise<FormTaskInstance> {
  const hash = createHash('sha256').update(attachment.data).digest('hex');
  return onWorkListItem(deps, actor, reporteeRef, id, ['Write'], async (trx, c) => {
    const existing = await selectAttachments(trx, id);
    const asShipment = existing.map((a) => ({ name: a.name, fileName: a.file_name, attachmentTypeName: a.attachment_type_name ?? undefined, data: new Uint8Array(Number(a.size_bytes)) }));
    const errors = checkAttachments(c.edition, [...asShipment, attachment], false).filter((e) => !e.path?.startsWith('attachments/') || e.path.startsWith(`attachments/${existing.length}`));
    if (errors.length > 0) throw new AppError(SubmissionProblems.invalidAttachments, { errors: renumber(errors, existing.length) });
    const key = `attachments/${hash.slice(0, 2)}/${hash}`;
    if (!(await deps.blobs.stat(key))) await deps.blobs.put(key, attachment.data);
    return attachAndReset(deps, trx, c, {
      name: attachment.name,
      file_name: attachment.fileName,
      attachment_type_name: attachment.attachmentTypeName ?? null,
      end_user_system_reference: attachment.endUserSystemReference ?? null,
      parent_reference: emptyToNull(attachment.parentReference),
      size_bytes: attachment.data.length,
      sha256: hash,
      blob_key: key,
    });
  });
}

/** Stores an attachment row; signatures given so far no longer cover the form set and are removed. */
async function attachAndReset(deps: SubmissionsDeps, trx: SubmissionsDeps['db'], c: Context, row: Omit<Parameters<typeof insertAttachments>[2][number], 'position' | 'created_at'>): Promise<FormTaskInstance> {
  const id = c.element.reportee_element_id;
  const now = deps.clock.now();
  await insertAttachments(trx, id, [{ ...row, position: await nextAttachmentPosition(trx, id), created_at: now }]);
  const dropped = await deleteSignatures(trx, id);
  const status = dropped > 0 ? statusAfterChange((await loadInstance(trx, c.element)).forms, c.edition) : (c.element.status as 'FillIn' | 'SignIn');
  await updateElement(trx, id, { status, last_changed_at: now });
  return loadInstance(trx, { ...c.element, status, last_changed_at: now });
}

/** Removes an attachment from a form task in the work list (Write). Signatures given so far are removed. */
export async function removeAttachment(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, id: number, attachmentId: number): Promise<FormTaskInstance> {
  return onWorkListItem(deps, actor, reporteeRef, id, ['Write'], async (trx, c) => {
    if (!(await deleteAttachment(trx, id, attachmentId))) throw new AppError(SubmissionProblems.workListAttachmentNotFound, { detail: `attachment ${attachmentId}` });
    const now = deps.clock.now();
    const dropped = await deleteSignatures(trx, id);
    const status = dropped > 0 ? statusAfterChange((await loadInstance(trx, c.element)).forms, c.edition) : (c.element.status as 'FillIn' | 'SignIn');
    await updateElement(trx, id, { status, last_changed_at: now });
    return loadInstance(trx, { ...c.element, status, last_changed_at: now });
  });
}

/** The new attachment's problems are reported at index 0 of the request, as it was sent alone. */
function renumber(errors: ProblemItem[], index: number): ProblemItem[] {
  return errors.map((e) => ({ ...e, ...(e.path ? { path: e.path.replace(`attachments/${index}`, 'attachment') } : {}) }));
}

/**
 * DoSigning: the actor signs the next signing step (Sign right; a data system needs its user). Every form
 * must be complete; one person signs once. With `sendIn`, a form task that then has every signature it
 * needs is sent in at once (SignAndSend).
 */
export async function signFormTask(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, id: number, options: { sendIn?: boolean } = {}): Promise<FormTaskInstance> {
  const signed = await onWorkListItem(deps, actor, reporteeRef, id, ['Sign'], async (trx, c) => {
    const current = await loadInstance(trx, c.element);
    if (!current.forms.some((f) => f.isMain)) throw new AppError(SubmissionProblems.notComplete, { detail: 'the main form must be saved before signing', errors: [MAIN_FORM_MISSING] });
    if (!current.forms.every((f) => f.completed)) throw new AppError(SubmissionProblems.notComplete, { detail: 'every form must be complete before signing' });
    const signerPartyId = actingUserOf(actor);
    if (signerPartyId !== null && current.signatures.some((s) => s.signerPartyId === signerPartyId)) throw new AppError(SubmissionProblems.alreadySigned);
    if (actor.kind === 'serviceOwner') throw new AppError(SubmissionProblems.formTaskNotFound);
    const now = deps.clock.now();
    await insertSignature(trx, id, {
      step: current.signatures.length + 1,
      signer_party_id: signerPartyId,
      end_user_system_id: actor.kind === 'system' ? actor.systemId : null,
      security_level: actor.securityLevel,
      methods: actor.methods,
      signed_at: now,
    });
    await updateElement(trx, id, { status: 'SignIn', last_changed_at: now });
    return loadInstance(trx, { ...c.element, status: 'SignIn', last_changed_at: now });
  });
  if (options.sendIn && signed.signatures.length >= signed.signaturesRequired) return sendIn(deps, actor, reporteeRef, id);
  return signed;
}

/**
 * DoSendingInAction: archives a complete form task with the signatures its process needs and the minimum
 * attachments (SUB-00015 otherwise, listing what is missing): archive reference, content hash, download
 * queue, and the shipment's receipt updated with the archive reference.
 */
export async function sendIn(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, id: number): Promise<FormTaskInstance> {
  return onWorkListItem(deps, actor, reporteeRef, id, ['Write'], async (trx, c) => {
    const current = await loadInstance(trx, c.element);
    const missing: ProblemItem[] = current.forms.some((f) => f.isMain) ? [] : [MAIN_FORM_MISSING];
    for (const [i, f] of current.forms.entries()) if (!f.completed) missing.push({ path: `forms/${i}`, message: `${f.endUserSystemReference} is not complete`, rule: 'completed' });
    if (current.signatures.length < current.signaturesRequired) {
      missing.push({ path: 'signatures', message: `${current.signaturesRequired} signature(s) needed, ${current.signatures.length} given`, rule: 'signing' });
    }
    const attachments = await selectAttachments(trx, id);
    missing.push(
      ...checkAttachments(
        c.edition,
        attachments.map((a) => ({ name: a.name, fileName: a.file_name, attachmentTypeName: a.attachment_type_name ?? undefined, data: new Uint8Array(0) })),
        true,
      ).filter((e) => e.rule === 'minCount'),
    );
    if (missing.length > 0) throw new AppError(SubmissionProblems.notComplete, { errors: missing });
    const now = deps.clock.now();
    const archiveReference = await nextArchiveReference(trx);
    const contentSha256 = archiveContentHash({
      forms: current.forms,
      attachments: current.attachments.map((a) => ({ fileName: a.fileName, attachmentTypeName: a.attachmentTypeName, sha256: a.sha256 })),
      signatures: current.signatures,
    });
    await updateElement(trx, id, { status: 'Archive', archive_reference: archiveReference, archived_at: now, content_sha256: contentSha256, last_changed_at: now });
    await queueForServiceOwner(trx, deps.clock, c.edition, { archiveReference, reporteePartyId: c.element.reportee_party_id, archivedAt: now });
    const receiptId = await selectElementReceiptId(trx, id);
    if (receiptId !== undefined) {
      await updateReceiptRow(trx, receiptId, { status_code: 'OK', receipt_text: 'SignAndSend Completed Successfully: archived', last_changed_at: now }, [{ type: 'ArchiveReference', value: archiveReference }]);
    }
    return loadInstance(trx, { ...c.element, status: 'Archive', archive_reference: archiveReference, last_changed_at: now });
  });
}

/** SetBackToFormFilling: signatures are removed and the form task is filled in again. */
export async function backToFormFilling(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, id: number): Promise<FormTaskInstance> {
  return onWorkListItem(deps, actor, reporteeRef, id, ['Write'], async (trx, c) => {
    await deleteSignatures(trx, id);
    const now = deps.clock.now();
    await updateElement(trx, id, { status: 'FillIn', last_changed_at: now });
    return loadInstance(trx, { ...c.element, status: 'FillIn', last_changed_at: now });
  });
}

/**
 * DeleteReporteeElement for the work list: an organisation's form task goes to its trash bin (kept, hidden
 * from the message box); a person's is deleted for good. Archived items are never deleted here.
 */
export async function deleteFormTask(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, id: number): Promise<{ trashed: boolean }> {
  return onWorkListItem(deps, actor, reporteeRef, id, ['Write'], async (trx, c) => {
    if (c.reportee.type === 'person') {
      await deleteElement(trx, id);
      return { trashed: false };
    }
    const by = actingUserOf(actor);
    await updateElement(trx, id, { deleted_at: deps.clock.now(), deleted_by_party_id: by });
    return { trashed: true };
  });
}

/** Largest streamed attachment (Altinn II SubmitAttachmentStreamed); a service's rule may allow less. */
export const MAX_STREAMED_ATTACHMENT_BYTES = 500 * 1024 * 1024;

/**
 * SubmitAttachmentStreamed: adds an attachment sent as a stream of bytes, written to the blob store as it
 * arrives (never held in memory) while its SHA-256 and size are counted. Type, file name and counts are
 * checked before the first byte is stored; the size limit (the rule's, or 500 MB) stops the stream when
 * passed. The optional checksum (SHA-256, hex) must match.
 */
export async function addAttachmentStreamed(
  deps: SubmissionsDeps,
  actor: Actor,
  reporteeRef: string,
  id: number,
  meta: { name: string; fileName: string; attachmentTypeName?: string; checksum?: string },
  content: Readable,
): Promise<FormTaskInstance> {
  // Checked first, outside the upload: the element, the right and the attachment rules (with a one-byte stand-in).
  const limit = await onWorkListItem(deps, actor, reporteeRef, id, ['Write'], async (trx, c) => {
    const existing = await selectAttachments(trx, id);
    const asShipment = existing.map((a) => ({ name: a.name, fileName: a.file_name, attachmentTypeName: a.attachment_type_name ?? undefined, data: new Uint8Array(0) }));
    const probe = { ...meta, data: new Uint8Array(1) };
    const errors = checkAttachments(c.edition, [...asShipment, probe], false).filter((e) => e.rule !== 'size');
    if (errors.length > 0) throw new AppError(SubmissionProblems.invalidAttachments, { errors: renumber(errors, existing.length) });
    const rule = c.edition.attachmentRules.find((r) => r.attachmentTypeName === meta.attachmentTypeName);
    return Math.min(rule?.maxFileSize ?? 30 * 1024 * 1024, MAX_STREAMED_ATTACHMENT_BYTES);
  });
  const hash = createHash('sha256');
  let size = 0;
  const counted = tap(content, (chunk) => {
    size += chunk.length;
    if (size > limit) throw new AppError(SubmissionProblems.invalidAttachments, { errors: [{ path: 'attachment', message: `more than ${limit} bytes`, rule: 'size' }] });
    hash.update(chunk);
  });
  const key = `attachments/stream/${deps.random.uuid()}`;
  try {
    await deps.blobs.put(key, counted);
  } catch (err) {
    await deps.blobs.delete(key).catch(() => false);
    throw err;
  }
  const sha256 = hash.digest('hex');
  if (size === 0 || (meta.checksum !== undefined && meta.checksum.toLowerCase() !== sha256)) {
    await deps.blobs.delete(key);
    throw new AppError(SubmissionProblems.invalidAttachments, {
      errors: [size === 0 ? { path: 'attachment', message: 'an attachment has content', rule: 'size' } : { path: 'checksum', message: `the content's SHA-256 is ${sha256}`, rule: 'checksum' }],
    });
  }
  return onWorkListItem(deps, actor, reporteeRef, id, ['Write'], (trx, c) =>
    attachAndReset(deps, trx, c, { name: meta.name, file_name: meta.fileName, attachment_type_name: meta.attachmentTypeName ?? null, end_user_system_reference: null, parent_reference: null, size_bytes: size, sha256, blob_key: key }),
  );
}
