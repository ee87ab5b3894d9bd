import { createHash } from 'node:crypto';
import { AppError, inTransaction, isUniqueViolation, requireServiceOwner, type Actor, type ProblemItem } from '../../platform/index.ts';
import { isActive } from '../catalog/index.ts';
import { insertFormSet, selectByShipment, type FormSetRow } from './db/prefill-store.ts';
import type { PrefillDeps } from './deps.ts';
import { PrefillProblems } from './errors.ts';
import { MAX_PREFILL_ATTACHMENT_BYTES, type PrefilledFormSet } from './prefill.ts';
import { loadFormSet } from './read-prefill.ts';

/** A prefilled form set as a service owner sends it (Altinn II PrefillFormTask). */
export interface PrefillInput {
  /** The owner's reference: the same reference and content again answers the first set. */
  externalShipmentReference: string;
  serviceCode: string;
  serviceEditionCode: number;
  /** National identity number or orgno. */
  reportee: string;
  sendersReference?: string | undefined;
  receiversReference?: string | undefined;
  /** Default now. */
  validFrom?: string | undefined;
  /** Default a year after validFrom. */
  validTo?: string | undefined;
  forms: { dataFormatId: string; dataFormatVersion: number; formDataXml: string; sendersReference?: string | undefined; signedByDefault?: boolean | undefined; signingLocked?: boolean | undefined }[];
  attachments?:
    | { name: string; fileName: string; attachmentTypeName?: string | undefined; data: Uint8Array; sendersReference?: string | undefined; signedByDefault?: boolean | undefined; signingLocked?: boolean | undefined }[]
    | undefined;
  identityFields?: { index: number; value: string }[] | undefined;
  caseId?: string | undefined;
  dueDate?: string | undefined;
}

const YEAR_MS = 366 * 86_400_000;

function fingerprint(input: PrefillInput): string {
  const hash = createHash('sha256').update(JSON.stringify({ ...input, attachments: undefined }));
  for (const a of input.attachments ?? []) hash.update(`\n${a.name}\n${a.fileName}\n`).update(a.data);
  return hash.digest('hex');
}


/**
 * Stores a prefilled form set for a reportee (Altinn II SubmitPrefilledFormTasks): the caller's own active
 * form-task service, a known reportee, forms of the service that match their XSDs (every error with its
 * line), sensible validity dates. All problems at once (PREF-00001); nothing is stored unless all pass.
 * The same externalShipmentReference with the same content answers the first set (`replayed`).
 */
export async function storePrefill(deps: PrefillDeps, actor: Actor, input: PrefillInput): Promise<{ prefill: PrefilledFormSet; replayed: boolean }> {
  const owner = requireServiceOwner(actor);
  const now = deps.clock.now();
  const edition = await deps.catalog.uncheckedFindServiceEdition(input.serviceCode, input.serviceEditionCode);
  if (!edition || edition.type !== 'FormTask' || edition.serviceOwnerCode !== owner.serviceOwnerCode || !isActive(edition, now, deps.testEnvironment)) {
    throw new AppError(PrefillProblems.serviceNotAvailable, { detail: `service ${input.serviceCode} edition ${input.serviceEditionCode}` });
  }
  const request = fingerprint(input);
  const replay = async (row: FormSetRow) => {
    if (row.request_sha256 !== request) throw new AppError(PrefillProblems.shipmentExists, { detail: `reference ${input.externalShipmentReference}` });
    return { prefill: await loadFormSet(deps, row), replayed: true };
  };
  const earlier = await selectByShipment(deps.db, owner.serviceOwnerCode, input.externalShipmentReference);
  if (earlier) return replay(earlier);

  const party = await deps.register.uncheckedFindPartyByNumber(input.reportee);
  if (!party || party.isDeleted) throw new AppError(PrefillProblems.unknownReportee, { errors: [{ path: 'reportee', message: 'no such person or organisation', rule: PrefillProblems.unknownReportee.code }] });

  const errors: ProblemItem[] = [];
  const validFrom = input.validFrom ? new Date(input.validFrom) : now;
  const validTo = input.validTo ? new Date(input.validTo) : new Date(validFrom.getTime() + YEAR_MS);
  const dueAt = input.dueDate ? new Date(input.dueDate) : null;
  if (Number.isNaN(validFrom.getTime())) errors.push({ path: 'validFrom', message: 'not a date-time', rule: 'format' });
  if (Number.isNaN(validTo.getTime())) errors.push({ path: 'validTo', message: 'not a date-time', rule: 'format' });
  else if (validTo <= validFrom) errors.push({ path: 'validTo', message: 'not after validFrom', rule: 'order' });
  else if (validTo <= now) errors.push({ path: 'validTo', message: 'already past', rule: 'order' });
  if (dueAt && Number.isNaN(dueAt.getTime())) errors.push({ path: 'dueDate', message: 'not a date-time', rule: 'format' });
  const known = new Set(edition.forms.map((f) => `${f.dataFormatId}/${f.dataFormatVersion}`));
  const main = edition.forms.find((f) => f.kind === 'main');
  if (!input.forms.some((f) => main && f.dataFormatId === main.dataFormatId && f.dataFormatVersion === main.dataFormatVersion)) {
    errors.push({ path: 'forms', message: `the main form ${main?.dataFormatId}/${main?.dataFormatVersion} is missing`, rule: 'mainForm' });
  }
  for (const [i, f] of input.forms.entries()) {
    if (!known.has(`${f.dataFormatId}/${f.dataFormatVersion}`)) {
      errors.push({ path: `forms/${i}`, message: `${f.dataFormatId}/${f.dataFormatVersion} is not a form of this service`, rule: 'unknownForm' });
      continue;
    }
    const schemaErrors = await deps.catalog.validateFormData(f.dataFormatId, f.dataFormatVersion, f.formDataXml);
    errors.push(...schemaErrors.map((e) => ({ ...e, path: `forms/${i}/formDataXml` })));
  }
  const attachments = input.attachments ?? [];
  const ruleNames = new Set(edition.attachmentRules.map((r) => r.attachmentTypeName));
  for (const [i, a] of attachments.entries()) {
    if (!/^[^/\\\0]{1,255}$/.test(a.fileName) || a.fileName === '.' || a.fileName === '..') errors.push({ path: `attachments/${i}/fileName`, message: 'a file name without path', rule: 'fileName' });
    if (a.attachmentTypeName !== undefined && !ruleNames.has(a.attachmentTypeName)) errors.push({ path: `attachments/${i}/attachmentTypeName`, message: 'not an attachment type of this service', rule: 'attachmentType' });
    if (a.data.length === 0) errors.push({ path: `attachments/${i}/data`, message: 'empty', rule: 'size' });
  }
  if (errors.length > 0) throw new AppError(PrefillProblems.invalidPrefill, { detail: `${errors.length} problem(s)`, errors });
  const total = attachments.reduce((n, a) => n + a.data.length, 0);
  if (total > MAX_PREFILL_ATTACHMENT_BYTES) throw new AppError(PrefillProblems.tooLarge, { detail: `${total} bytes of attachments` });

  const stored: { sha256: string; key: string }[] = [];
  for (const a of attachments) {
    const sha256 = createHash('sha256').update(a.data).digest('hex');
    // The same content-addressed key submissions use, so an instantiated form task points at these bytes.
    const key = `attachments/${sha256.slice(0, 2)}/${sha256}`;
    if (!(await deps.blobs.stat(key))) await deps.blobs.put(key, a.data);
    stored.push({ sha256, key });
  }
  const prefillId = deps.random.uuid();
  const row: FormSetRow = {
    prefill_id: prefillId,
    service_owner_code: owner.serviceOwnerCode,
    service_code: input.serviceCode,
    service_edition_code: input.serviceEditionCode,
    reportee_party_id: party.partyId,
    reportee_number: input.reportee.trim(),
    external_shipment_reference: input.externalShipmentReference,
    request_sha256: request,
    senders_reference: input.sendersReference ?? null,
    receivers_reference: input.receiversReference ?? null,
    valid_from: validFrom,
    valid_to: validTo,
    identity_fields: input.identityFields ?? [],
    case_id: input.caseId ?? null,
    due_at: dueAt,
    created_at: now,
    instantiated_element_id: null,
  };
  try {
    await inTransaction(deps.db, (trx) =>
      insertFormSet(
        trx,
        row,
        input.forms.map((f, position) => ({
          prefill_id: prefillId,
          position,
          data_format_id: f.dataFormatId,
          data_format_version: f.dataFormatVersion,
          form_data: f.formDataXml,
          senders_reference: f.sendersReference ?? null,
          signed_by_default: f.signedByDefault ?? false,
          signing_locked: f.signingLocked ?? false,
        })),
        attachments.map((a, position) => ({
          prefill_id: prefillId,
          position,
          name: a.name,
          file_name: a.fileName,
          attachment_type_name: a.attachmentTypeName ?? null,
          size: a.data.length,
          sha256: stored[position]!.sha256,
          blob_key: stored[position]!.key,
          senders_reference: a.sendersReference ?? null,
          signed_by_default: a.signedByDefault ?? false,
          signing_locked: a.signingLocked ?? false,
        })),
      ),
    );
  } catch (err) {
    if (isUniqueViolation(err) && !deps.db.isTransaction) {
      const first = await selectByShipment(deps.db, owner.serviceOwnerCode, input.externalShipmentReference);
      if (first) return replay(first);
    }
    throw err;
  }
  return { prefill: await loadFormSet(deps, row), replayed: false };
}
