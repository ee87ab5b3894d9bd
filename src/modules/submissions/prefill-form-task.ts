import { actingUserOf, AppError, inTransaction, requireServiceOwner, type Actor, type Kysely } from '../../platform/index.ts';
import type { ServiceEdition } from '../catalog/index.ts';
import type { NotificationOrder } from '../notifications/index.ts';
import type { PrefilledFormSet, PrefillInput } from '../prefill/index.ts';
import { authorize } from './authorize.ts';
import { insertAttachments, insertElement, insertForms } from './db/element-store.ts';
import { addReporteeService } from './db/message-box-store.ts';
import { bindSubmissionsDeps, type SubmissionsDeps } from './deps.ts';
import { SubmissionProblems } from './errors.ts';
import { senderKey, signaturesRequired } from './shipment.ts';

/** A prefilled set and what to do with it (SubmitAndInstantiatePrefilledFormTask). */
export interface PrefillShipment extends PrefillInput {
  /** Put the set in the reportee's work list now (a FillIn form task), instead of waiting for them to start it. */
  instantiate?: boolean | undefined;
  /** Sent to the reportee when instantiated, with $servicename$ naming the service. */
  notifications?: Omit<NotificationOrder, 'reporteeNumber' | 'service'>[] | undefined;
}

export interface PrefillResult {
  prefill: PrefilledFormSet;
  replayed: boolean;
  /** The form task in the work list, when instantiated. */
  reporteeElementId: number | null;
  notificationIds: string[];
}

/**
 * Writes the FillIn form task of a prefilled set: its forms (not yet completed — the reportee looks them
 * over and completes them) and attachments (the same blobs), in the caller's transaction.
 */
async function insertPrefilledElement(trx: Kysely<any>, deps: SubmissionsDeps, edition: ServiceEdition, prefill: PrefilledFormSet, sender: string, createdBy: number | null): Promise<number> {
  const now = deps.clock.now();
  const main = edition.forms.find((f) => f.kind === 'main')!;
  const reference = (i: number) => prefill.forms[i]!.sendersReference ?? `prefill-${i + 1}`;
  const mainIndex = prefill.forms.findIndex((f) => f.dataFormatId === main.dataFormatId && f.dataFormatVersion === main.dataFormatVersion);
  const elementId = await insertElement(trx, {
    reportee_party_id: prefill.reporteePartyId,
    service_code: edition.serviceCode,
    service_edition_code: edition.serviceEditionCode,
    service_owner_code: edition.serviceOwnerCode,
    status: 'FillIn',
    signatures_required: signaturesRequired(edition),
    case_id: prefill.caseId,
    external_shipment_reference: prefill.externalShipmentReference,
    sender_key: sender,
    end_user_system_id: null,
    created_by_party_id: createdBy,
    created_at: now,
    last_changed_at: now,
    archive_reference: null,
    archived_at: null,
    content_sha256: null,
  });
  await insertForms(
    trx,
    elementId,
    prefill.forms.map((f, position) => ({
      position,
      data_format_id: f.dataFormatId,
      data_format_version: f.dataFormatVersion,
      is_main: position === mainIndex,
      end_user_system_reference: reference(position),
      parent_reference: position === mainIndex ? null : reference(mainIndex),
      completed: false,
      form_data: f.formData,
    })),
  );
  await insertAttachments(
    trx,
    elementId,
    prefill.attachments.map((a, position) => ({
      position,
      name: a.name,
      file_name: a.fileName,
      attachment_type_name: a.attachmentTypeName,
      end_user_system_reference: a.sendersReference,
      parent_reference: null,
      size_bytes: a.size,
      sha256: a.sha256,
      blob_key: a.blobKey,
      created_at: now,
    })),
  );
  await addReporteeService(trx, prefill.reporteePartyId, edition);
  return elementId;
}

/**
 * A service owner's prefilled form set (POST /api/v1/serviceowner/prefill): stored through the prefill
 * module and, with `instantiate`, put in the reportee's work list as a FillIn form task and announced with
 * its notifications — all in one transaction. A retry with the same reference answers the first result.
 */
export async function submitPrefill(deps: SubmissionsDeps, actor: Actor, shipment: PrefillShipment): Promise<PrefillResult> {
  const owner = requireServiceOwner(actor);
  const { instantiate, notifications, ...input } = shipment;
  return inTransaction(deps.db, async (trx) => {
    const bound = bindSubmissionsDeps(deps, trx);
    const { prefill, replayed } = await bound.prefill.storePrefill(actor, input);
    if (replayed || !instantiate) return { prefill, replayed, reporteeElementId: prefill.instantiatedElementId, notificationIds: [] };
    const edition = await bound.catalog.uncheckedGetServiceEdition(prefill.serviceCode, prefill.serviceEditionCode);
    const elementId = await insertPrefilledElement(trx, bound, edition, prefill, senderKey(owner), null);
    await bound.prefill.uncheckedSetInstantiated(prefill.prefillId, elementId);
    let notificationIds: string[] = [];
    if ((notifications?.length ?? 0) > 0) {
      const batch = await bound.notifications.sendNotifications(
        actor,
        notifications!.map((n) => ({ ...n, reporteeNumber: prefill.reporteeNumber, service: { serviceCode: prefill.serviceCode, serviceEditionCode: prefill.serviceEditionCode } })),
      );
      notificationIds = batch.notifications.map((n) => n.notificationId);
    }
    return { prefill: { ...prefill, instantiatedElementId: elementId }, replayed: false, reporteeElementId: elementId, notificationIds };
  });
}

/**
 * The reportee starts a form task of a service from the prefilled set waiting for them (Altinn II's
 * activation): needs Write on the service; the set's forms and attachments become a FillIn form task. A set
 * already started answers its form task again. SUB-00020 when no valid set waits.
 */
export async function startFormTask(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, service: { serviceCode: string; serviceEditionCode: number }): Promise<{ reporteeElementId: number; prefillId: string; started: boolean }> {
  const reportee = await deps.authz.resolveReportee(actor, reporteeRef);
  await authorize(deps, actor, reportee, service.serviceCode, service.serviceEditionCode, ['Write']);
  return inTransaction(deps.db, async (trx) => {
    const bound = bindSubmissionsDeps(deps, trx);
    const prefill = await bound.prefill.uncheckedFindCurrentPrefill(reportee.partyId, service.serviceCode, service.serviceEditionCode);
    if (!prefill) throw new AppError(SubmissionProblems.nothingToStart, { detail: `no prefilled form set of ${service.serviceCode} edition ${service.serviceEditionCode} waits for this reportee` });
    if (prefill.instantiatedElementId !== null) return { reporteeElementId: prefill.instantiatedElementId, prefillId: prefill.prefillId, started: false };
    const edition = await bound.catalog.uncheckedGetServiceEdition(service.serviceCode, service.serviceEditionCode);
    const createdBy = actingUserOf(actor);
    const elementId = await insertPrefilledElement(trx, bound, edition, prefill, senderKey(actor), createdBy);
    await bound.prefill.uncheckedSetInstantiated(prefill.prefillId, elementId);
    return { reporteeElementId: elementId, prefillId: prefill.prefillId, started: true };
  });
}
