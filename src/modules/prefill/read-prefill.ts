import { AppError, type Actor } from '../../platform/index.ts';
import type { DenyReason } from '../authz/index.ts';
import { selectAttachments, selectCurrentFormSet, selectForms, selectFormSet, type FormSetRow } from './db/prefill-store.ts';
import type { PrefillDeps } from './deps.ts';
import { PrefillProblems } from './errors.ts';
import type { PrefilledFormSet } from './prefill.ts';

/** A stored set with its forms and attachments. */
export async function loadFormSet(deps: Pick<PrefillDeps, 'db'>, row: FormSetRow): Promise<PrefilledFormSet> {
  const forms = await selectForms(deps.db, row.prefill_id);
  const attachments = await selectAttachments(deps.db, row.prefill_id);
  return {
    prefillId: row.prefill_id,
    serviceOwnerCode: row.service_owner_code,
    serviceCode: row.service_code,
    serviceEditionCode: row.service_edition_code,
    reporteePartyId: row.reportee_party_id,
    reporteeNumber: row.reportee_number,
    externalShipmentReference: row.external_shipment_reference,
    sendersReference: row.senders_reference,
    receiversReference: row.receivers_reference,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    identityFields: row.identity_fields,
    caseId: row.case_id,
    dueDate: row.due_at,
    createdAt: row.created_at,
    instantiatedElementId: row.instantiated_element_id,
    forms: forms.map((f) => ({
      dataFormatId: f.data_format_id,
      dataFormatVersion: f.data_format_version,
      formData: f.form_data,
      sendersReference: f.senders_reference,
      signedByDefault: f.signed_by_default,
      signingLocked: f.signing_locked,
    })),
    attachments: attachments.map((a) => ({
      attachmentId: a.attachment_id,
      name: a.name,
      fileName: a.file_name,
      attachmentTypeName: a.attachment_type_name,
      size: a.size,
      sha256: a.sha256,
      blobKey: a.blob_key,
      sendersReference: a.senders_reference,
      signedByDefault: a.signed_by_default,
      signingLocked: a.signing_locked,
    })),
  };
}

/**
 * The prefilled data of a service waiting for the reportee (PrefillEUS GetPrefillData): the newest set
 * valid now, for an actor who may Read or Write the service for the reportee (PREF-00006 otherwise, with
 * every reason). PREF-00005 when there is none.
 */
export async function getPrefill(deps: PrefillDeps, actor: Actor, reporteeRef: string, serviceCode: string, serviceEditionCode: number): Promise<PrefilledFormSet> {
  const reportee = await deps.authz.resolveReportee(actor, reporteeRef);
  const reasons: DenyReason[] = [];
  let permitted = false;
  for (const operation of ['Write', 'Read'] as const) {
    const d = await deps.authz.decide(actor, { reportee, serviceCode, serviceEditionCode, operation, auditDenial: operation === 'Read' });
    if (d.decision === 'Permit') {
      permitted = true;
      break;
    }
    reasons.push(...d.reasons);
  }
  if (!permitted) throw new AppError(PrefillProblems.notAuthorized, { detail: reasons.map((r) => r.message).join('; '), data: { reasons } });
  const row = await selectCurrentFormSet(deps.db, reportee.partyId, serviceCode, serviceEditionCode, deps.clock.now());
  if (!row) throw new AppError(PrefillProblems.notFound);
  return loadFormSet(deps, row);
}

/** The newest set valid now for this reportee and service, without access checks (the caller checked them). */
export async function uncheckedFindCurrentPrefill(deps: PrefillDeps, reporteePartyId: number, serviceCode: string, serviceEditionCode: number): Promise<PrefilledFormSet | undefined> {
  const row = await selectCurrentFormSet(deps.db, reporteePartyId, serviceCode, serviceEditionCode, deps.clock.now());
  return row ? loadFormSet(deps, row) : undefined;
}

/** A stored set by id, without access checks. */
export async function uncheckedGetPrefill(deps: PrefillDeps, prefillId: string): Promise<PrefilledFormSet> {
  const row = await selectFormSet(deps.db, prefillId);
  if (!row) throw new AppError(PrefillProblems.notFound);
  return loadFormSet(deps, row);
}
