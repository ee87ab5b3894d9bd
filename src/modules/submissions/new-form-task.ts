import { actingUserOf, inTransaction, type Actor } from '../../platform/index.ts';
import { AppError } from '../../platform/index.ts';
import { authorize } from './authorize.ts';
import { insertElement } from './db/element-store.ts';
import { addReporteeService } from './db/message-box-store.ts';
import type { SubmissionsDeps } from './deps.ts';
import { SubmissionProblems } from './errors.ts';
import { reporteeTypeOf, senderKey, signaturesRequired } from './shipment.ts';
import { activeFormTask, writeReceipts } from './submit-form-task.ts';
import { startFormTask } from './prefill-form-task.ts';
import { getFormTask, loadInstance, type FormTaskInstance } from './work-list.ts';

/**
 * A person (or their system) starts a new, empty form task of a service — the portal's "fill in a new form"
 * (Altinn II's starting a service from the catalog without a prefilled set). The same checks as a submission
 * up to authorisation: an active form-task edition (SUB-00001), a reportee type it allows (SUB-00002), Write
 * for the reportee (SUB-00003). The form task waits in the work list (FillIn) without forms until the first
 * is saved with PUT …/forms/{ref}; signing and send-in need the main form. A receipt is written as for a
 * submission ("Successfully Instantiated"), so send-in adds the archive reference to it. A prefilled set
 * waiting for the reportee (not yet started) is started instead, as POST …/formtasks/start does: the person
 * asked for the service, and the service owner has filled in part of it.
 */
export async function createFormTask(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, service: { serviceCode: string; serviceEditionCode: number }): Promise<FormTaskInstance> {
  const reportee = await deps.authz.resolveReportee(actor, reporteeRef);
  const edition = await activeFormTask(deps, service);
  if (!edition.reporteeTypes.includes(reporteeTypeOf(reportee))) {
    throw new AppError(SubmissionProblems.reporteeTypeNotAllowed, { detail: `${edition.serviceCode} is for ${edition.reporteeTypes.join(', ')}; ${reportee.name} is a ${reporteeTypeOf(reportee)}` });
  }
  await authorize(deps, actor, reportee, edition.serviceCode, edition.serviceEditionCode, ['Write']);
  const waiting = await deps.prefill.uncheckedFindCurrentPrefill(reportee.partyId, edition.serviceCode, edition.serviceEditionCode);
  if (waiting && waiting.instantiatedElementId === null) {
    const started = await startFormTask(deps, actor, reporteeRef, service);
    return getFormTask(deps, actor, reporteeRef, started.reporteeElementId);
  }
  return inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    const sender = senderKey(actor);
    const row = {
      reportee_party_id: reportee.partyId,
      service_code: edition.serviceCode,
      service_edition_code: edition.serviceEditionCode,
      service_owner_code: edition.serviceOwnerCode,
      status: 'FillIn' as const,
      signatures_required: signaturesRequired(edition),
      case_id: null,
      external_shipment_reference: null,
      sender_key: sender,
      end_user_system_id: actor.kind === 'system' ? actor.systemId : null,
      created_by_party_id: actingUserOf(actor),
      created_at: now,
      last_changed_at: now,
      archive_reference: null,
      archived_at: null,
      content_sha256: null,
    };
    const elementId = await insertElement(trx, row);
    await addReporteeService(trx, reportee.partyId, edition);
    const shipment = { externalShipmentReference: '', serviceCode: edition.serviceCode, serviceEditionCode: edition.serviceEditionCode, forms: [] };
    await writeReceipts(trx, { edition, reportee, sender, shipment, status: 'FillIn', elementId, archiveReference: null, now });
    return loadInstance(trx, { ...row, reportee_element_id: elementId });
  });
}
