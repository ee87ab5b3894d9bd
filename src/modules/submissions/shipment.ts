import { createHash } from 'node:crypto';
import type { Actor, ProblemItem } from '../../platform/index.ts';
import type { Reportee } from '../authz/index.ts';
import type { ReporteeType, ServiceEdition } from '../catalog/index.ts';

/** At most this many attachment bytes per submission (Altinn II SubmitFormTask: 30 MB). */
export const MAX_ATTACHMENT_BYTES_PER_REQUEST = 30 * 1024 * 1024;

/** One form of a form-task shipment (Altinn II `Form`). */
export interface ShipmentForm {
  dataFormatId: string;
  dataFormatVersion: number;
  /** Unique per form in the shipment; sub-forms name the main form's as their parentReference. */
  endUserSystemReference: string;
  parentReference?: string | null | undefined;
  formData: string;
  /** Sent complete from the end-user system (default true); an incomplete form set lands in the work list. */
  completed?: boolean | undefined;
}

/** One attachment, its bytes decoded. */
export interface ShipmentAttachment {
  name: string;
  fileName: string;
  attachmentTypeName?: string | undefined;
  endUserSystemReference?: string | undefined;
  parentReference?: string | null | undefined;
  data: Uint8Array;
}

/** A form-task shipment (Altinn II `FormTaskShipmentBE`, REST body of POST …/formtasks). */
export interface FormTaskShipment {
  externalShipmentReference: string;
  serviceCode: string;
  serviceEditionCode: number;
  forms: ShipmentForm[];
  attachments?: ShipmentAttachment[] | undefined;
  /** Sign with the caller's login (needs Sign; a data system needs its user). */
  sign?: boolean | undefined;
  caseId?: string | undefined;
}

/** Who sent a shipment, as a stable key: idempotency and "my receipts" go by it. */
export function senderKey(actor: Actor): string {
  if (actor.kind === 'person') return `person:${actor.partyId}`;
  if (actor.kind === 'system') return actor.systemId === null ? `person-system:${actor.ownerPartyId}` : `system:${actor.systemId}`;
  if (actor.kind === 'enterpriseUser') return `enterprise-user:${actor.partyId}`;
  return `serviceOwner:${actor.systemName}`;
}

export function reporteeTypeOf(r: Reportee): ReporteeType {
  return r.type === 'person' ? 'person' : r.mainUnitPartyId !== null ? 'subUnit' : 'organization';
}

/** A hash of everything the shipment says, so a retry can be told from a different shipment under the same reference. */
export function shipmentHash(s: FormTaskShipment): string {
  const h = createHash('sha256');
  const part = (v: unknown) => h.update(`${JSON.stringify(v ?? null)}\n`);
  part([s.externalShipmentReference, s.serviceCode, s.serviceEditionCode, s.sign ?? false, s.caseId ?? null]);
  for (const f of s.forms) {
    part([f.dataFormatId, f.dataFormatVersion, f.endUserSystemReference, emptyToNull(f.parentReference), f.completed ?? true]);
    part(f.formData);
  }
  for (const a of s.attachments ?? []) {
    part([a.name, a.fileName, a.attachmentTypeName ?? null, a.endUserSystemReference ?? null, emptyToNull(a.parentReference)]);
    part(createHash('sha256').update(a.data).digest('hex'));
  }
  return h.digest('hex');
}

/** Altinn II sends "" or "0" for "no parent". */
export function emptyToNull(ref: string | null | undefined): string | null {
  return ref === undefined || ref === null || ref === '' || ref === '0' ? null : ref;
}

/** Forms that are not in the service edition (every one, by index). */
export function unknownForms(edition: ServiceEdition, forms: readonly ShipmentForm[]): ProblemItem[] {
  return forms.flatMap((f, i) =>
    edition.forms.some((d) => d.dataFormatId === f.dataFormatId && d.dataFormatVersion === f.dataFormatVersion)
      ? []
      : [{ path: `forms/${i}`, message: `${f.dataFormatId} version ${f.dataFormatVersion} is not a form of ${edition.serviceCode} edition ${edition.serviceEditionCode}`, rule: 'dataFormat' }],
  );
}

/**
 * The form set's structure: exactly one main form (a main form of the edition) without a parent, every
 * sub-form's parentReference naming the main form, unique endUserSystemReferences; attachments may point to
 * a form. Returns the main form's index.
 */
export function checkFormSet(edition: ServiceEdition, s: FormTaskShipment): { main?: number; errors: ProblemItem[] } {
  const errors: ProblemItem[] = [];
  const kindOf = (f: ShipmentForm) => edition.forms.find((d) => d.dataFormatId === f.dataFormatId && d.dataFormatVersion === f.dataFormatVersion)?.kind;
  const mains = s.forms.flatMap((f, i) => (kindOf(f) === 'main' ? [i] : []));
  if (mains.length !== 1) errors.push({ path: 'forms', message: `a form set has exactly one main form; this one has ${mains.length}`, rule: 'mainForm' });
  const seen = new Set<string>();
  for (const [i, f] of s.forms.entries()) {
    if (seen.has(f.endUserSystemReference)) errors.push({ path: `forms/${i}/endUserSystemReference`, message: `${f.endUserSystemReference} is used twice`, rule: 'unique' });
    seen.add(f.endUserSystemReference);
  }
  const mainRef = mains.length === 1 ? s.forms[mains[0]!]!.endUserSystemReference : undefined;
  for (const [i, f] of s.forms.entries()) {
    const parent = emptyToNull(f.parentReference);
    if (kindOf(f) === 'main' && parent !== null) errors.push({ path: `forms/${i}/parentReference`, message: 'the main form has no parent', rule: 'parentReference' });
    if (kindOf(f) === 'sub' && mainRef !== undefined && parent !== mainRef) {
      errors.push({ path: `forms/${i}/parentReference`, message: `a sub-form points to the main form (${mainRef}); ${parent ?? 'nothing'} is not it`, rule: 'parentReference' });
    }
  }
  for (const [i, a] of (s.attachments ?? []).entries()) {
    const parent = emptyToNull(a.parentReference);
    if (parent !== null && !seen.has(parent)) errors.push({ path: `attachments/${i}/parentReference`, message: `no form has endUserSystemReference ${parent}`, rule: 'parentReference' });
  }
  return { ...(mains.length === 1 ? { main: mains[0]! } : {}), errors };
}

/**
 * The attachments against the edition's rules: a file name with an extension and no `:` or `\`; with rules,
 * a known attachmentTypeName, an allowed extension, the size limit and maximum counts (minimum counts when
 * `sendingIn`); without rules, 30 MB each; and 30 MB in all.
 */
export function checkAttachments(edition: ServiceEdition, attachments: readonly ShipmentAttachment[], sendingIn: boolean): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const rules = edition.attachmentRules;
  const counts = new Map<string, number>();
  let total = 0;
  for (const [i, a] of attachments.entries()) {
    const path = `attachments/${i}`;
    total += a.data.length;
    const ext = /\.([A-Za-z0-9]{1,10})$/.exec(a.fileName)?.[1]?.toLowerCase();
    if (/[:\\/]/.test(a.fileName) || !ext) errors.push({ path: `${path}/fileName`, message: 'a file name with an extension, without : \\ or /', rule: 'fileName' });
    if (rules.length === 0) {
      if (a.data.length > MAX_ATTACHMENT_BYTES_PER_REQUEST) errors.push({ path, message: `at most ${MAX_ATTACHMENT_BYTES_PER_REQUEST} bytes`, rule: 'size' });
      continue;
    }
    const rule = rules.find((r) => r.attachmentTypeName === a.attachmentTypeName);
    if (!rule) {
      errors.push({ path: `${path}/attachmentTypeName`, message: `one of ${rules.map((r) => r.attachmentTypeName).join(', ')}`, rule: 'attachmentType' });
      continue;
    }
    counts.set(rule.attachmentTypeName, (counts.get(rule.attachmentTypeName) ?? 0) + 1);
    if (ext && !rule.allowedFileTypes.includes(ext)) errors.push({ path: `${path}/fileName`, message: `.${ext} is not allowed for ${rule.attachmentTypeName} (allowed: ${rule.allowedFileTypes.join(', ')})`, rule: 'fileType' });
    if (a.data.length > rule.maxFileSize) errors.push({ path, message: `${a.data.length} bytes; ${rule.attachmentTypeName} allows at most ${rule.maxFileSize}`, rule: 'size' });
    if (a.data.length === 0) errors.push({ path, message: 'an attachment has content', rule: 'size' });
  }
  for (const r of rules) {
    const n = counts.get(r.attachmentTypeName) ?? 0;
    if (n > r.maxCount) errors.push({ path: 'attachments', message: `${n} × ${r.attachmentTypeName}; at most ${r.maxCount}`, rule: 'maxCount' });
    if (sendingIn && n < r.minCount) errors.push({ path: 'attachments', message: `${r.attachmentTypeName} needs at least ${r.minCount} before sending in; ${n} given`, rule: 'minCount' });
  }
  if (total > MAX_ATTACHMENT_BYTES_PER_REQUEST) errors.push({ path: 'attachments', message: `${total} bytes in all; at most ${MAX_ATTACHMENT_BYTES_PER_REQUEST} per submission`, rule: 'size' });
  return errors;
}

/** Where a new form task goes: the work list (FillIn, SignIn) or straight to the archive. */
export function initialStatus(edition: ServiceEdition, complete: boolean, signatures: number): 'FillIn' | 'SignIn' | 'Archive' {
  if (!complete) return 'FillIn';
  return signatures < signaturesRequired(edition) ? 'SignIn' : 'Archive';
}

export function signaturesRequired(edition: ServiceEdition): number {
  return edition.process.filter((s) => s.type === 'Signing').length;
}
