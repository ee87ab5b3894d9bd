import { actingUserOf, AppError, type Actor } from '../../platform/index.ts';
import type { DenyReason, Reportee } from '../authz/index.ts';
import type { Correspondence, CorrespondenceState } from './correspondence.ts';
import { selectAttachments, selectCorrespondence, type AttachmentRow, type CorrespondenceRow } from './db/correspondence-store.ts';
import type { CorrespondenceDeps } from './deps.ts';
import { CorrespondenceProblems } from './errors.ts';

/** A correspondence opened for its reportee, after the access check. */
export interface Opened {
  reportee: Reportee;
  row: CorrespondenceRow;
}

/**
 * The correspondence `id` in the reportee's box, for an actor who may Read its service for the reportee.
 * Not delivered (reserved, not yet visible), deleted, or another reportee's: CORR-00005, the same answer as
 * an id that does not exist. A denial is CORR-00006 with every reason (and an audit event).
 */
export async function openCorrespondence(deps: CorrespondenceDeps, actor: Actor, reporteeRef: string, id: number, options: { forUpdate?: boolean } = {}): Promise<Opened> {
  const reportee = await deps.authz.resolveReportee(actor, reporteeRef);
  const row = await selectCorrespondence(deps.db, id, options.forUpdate);
  if (!row || row.reportee_party_id !== reportee.partyId || row.deleted_at !== null || row.reserved || row.visible_at > deps.clock.now()) {
    throw new AppError(CorrespondenceProblems.notFound);
  }
  const decision = await deps.authz.decide(actor, { reportee, serviceCode: row.service_code, serviceEditionCode: row.service_edition_code, operation: 'Read' });
  if (decision.decision === 'Deny') {
    const reasons: DenyReason[] = decision.reasons;
    throw new AppError(CorrespondenceProblems.notAuthorized, { detail: reasons.map((r) => r.message).join('; '), data: { reasons } });
  }
  return { reportee, row };
}

/** The person (or enterprise user) behind an actor, for "read by" and "confirmed by" (a data system alone has none). */
export const personOf = actingUserOf;

export function stateOf(row: CorrespondenceRow): CorrespondenceState {
  if (row.reserved) return 'Reserved';
  if (row.archived_at) return 'Archived';
  if (row.confirmed_at) return 'Confirmed';
  if (row.read_at) return 'Read';
  return 'Unread';
}

export function toCorrespondence(row: CorrespondenceRow, attachments: readonly AttachmentRow[], senderName: string): Correspondence {
  return {
    correspondenceId: row.correspondence_id,
    reporteeNumber: row.reportee_number,
    serviceCode: row.service_code,
    serviceEditionCode: row.service_edition_code,
    serviceOwnerCode: row.service_owner_code,
    sender: row.message_sender ?? senderName,
    languageCode: row.language,
    title: row.title,
    summary: row.summary,
    body: row.body,
    attachments: attachments.map((a) => ({ attachmentId: a.attachment_id, name: a.name, fileName: a.file_name, size: Number(a.size), sha256: a.sha256, sendersReference: a.senders_reference })),
    replyOptions: row.reply_options,
    state: stateOf(row),
    isConfirmationNeeded: row.is_confirmation_needed,
    allowForwarding: row.allow_forwarding,
    archiveReference: row.archive_reference,
    caseId: row.case_id,
    externalShipmentReference: row.external_shipment_reference,
    visibleDateTime: row.visible_at,
    dueDateTime: row.due_at,
    allowSystemDeleteDateTime: row.allow_system_delete_at,
    readAt: row.read_at,
    confirmedAt: row.confirmed_at,
    archivedAt: row.archived_at,
  };
}

/** The correspondence with its attachments, as the reportee sees it. */
export async function present(deps: CorrespondenceDeps, row: CorrespondenceRow): Promise<Correspondence> {
  const owner = await deps.register.getServiceOwner(row.service_owner_code);
  return toCorrespondence(row, await selectAttachments(deps.db, row.correspondence_id), owner.name);
}
