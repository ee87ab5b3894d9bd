import { AppError, requireServiceOwner, type Actor } from '../../platform/index.ts';
import { MAX_STATUS_RESULTS, type StatusType } from './correspondence.ts';
import { selectForStatus, selectNotificationLinks, selectStatusChanges } from './db/correspondence-store.ts';
import type { CorrespondenceDeps } from './deps.ts';
import { CorrespondenceProblems } from './errors.ts';

export interface StatusFilter {
  serviceCode: string;
  serviceEditionCode: number;
  createdAfter?: Date | undefined;
  createdBefore?: Date | undefined;
  reportee?: string | undefined;
  sendersReference?: string | undefined;
  /** Only correspondence whose latest status is this one (Altinn's CurrentStatus). */
  currentStatus?: StatusType | undefined;
  /** true: only correspondence with a notification sent; false: only without (Altinn's NotificationSent). */
  notificationSent?: boolean | undefined;
}

/** One correspondence's history as its service owner follows it (Altinn II StatusV2/V3). */
export interface CorrespondenceStatus {
  correspondenceId: number;
  createdDate: Date;
  reportee: string;
  sendersReference: string;
  statusChanges: { statusDate: Date; statusType: StatusType }[];
  notifications: { recipient: string | null; transportType: 'SMS' | 'Email'; status: string; sentDate: Date | null }[];
}

/**
 * The caller's correspondence of one of its own services with every status change (Created, Read,
 * Confirmed, Reserved, Archived, DeletedByUser) and the notifications sent, oldest first, at most 1000
 * (`limitReached` says there are more: narrow the dates). Optionally only those whose latest status is
 * `currentStatus`, and with or without a notification sent. Who read is not told, only when.
 */
export async function getCorrespondenceStatus(deps: CorrespondenceDeps, actor: Actor, filter: StatusFilter): Promise<{ correspondences: CorrespondenceStatus[]; limitReached: boolean }> {
  const owner = requireServiceOwner(actor).serviceOwnerCode;
  const edition = await deps.catalog.uncheckedFindServiceEdition(filter.serviceCode, filter.serviceEditionCode);
  if (!edition || edition.serviceOwnerCode !== owner) throw new AppError(CorrespondenceProblems.invalidStatusQuery, { detail: `service ${filter.serviceCode} edition ${filter.serviceEditionCode} is not yours` });
  if (filter.createdAfter && filter.createdBefore && filter.createdAfter > filter.createdBefore) throw new AppError(CorrespondenceProblems.invalidStatusQuery, { detail: 'createdAfter is after createdBefore' });
  const rows = await selectForStatus(deps.db, {
    owner,
    serviceCode: filter.serviceCode,
    serviceEditionCode: filter.serviceEditionCode,
    createdAfter: filter.createdAfter,
    createdBefore: filter.createdBefore,
    reporteeNumber: filter.reportee,
    sendersReference: filter.sendersReference,
    currentStatus: filter.currentStatus,
    limit: MAX_STATUS_RESULTS + 1,
  });
  const page = rows.slice(0, MAX_STATUS_RESULTS);
  const ids = page.map((r) => r.correspondence_id);
  const changes = await selectStatusChanges(deps.db, ids);
  const links = await selectNotificationLinks(deps.db, ids);
  const messages = await deps.notifications.uncheckedListMessages(links.map((l) => l.notification_id));
  const notificationOf = new Map(links.map((l) => [l.notification_id, l.correspondence_id]));
  const answered = page.map((r) => ({
      correspondenceId: r.correspondence_id,
      createdDate: r.created_at,
      reportee: r.reportee_number,
      sendersReference: r.external_shipment_reference,
      statusChanges: changes.filter((c) => c.correspondence_id === r.correspondence_id).map((c) => ({ statusDate: c.changed_at, statusType: c.status })),
      notifications: messages
        .filter((m) => notificationOf.get(m.notificationId) === r.correspondence_id && m.receiverAddress !== null)
        .map((m) => ({ recipient: m.receiverAddress, transportType: m.transportType, status: m.status, sentDate: m.sentAt })),
  }));
  // Sending is the notifications module's: filtered here, after the 1000 (limitReached still says there were more).
  const sent = (c: CorrespondenceStatus) => c.notifications.some((n) => n.sentDate !== null);
  return {
    correspondences: filter.notificationSent === undefined ? answered : answered.filter((c) => sent(c) === filter.notificationSent),
    limitReached: rows.length > MAX_STATUS_RESULTS,
  };
}
