import { AppError, requireServiceOwner, type Actor } from '../../platform/index.ts';
import { selectNotification, selectRecipients } from './db/notification-store.ts';
import type { NotificationTable, RecipientTable } from './db/tables.ts';
import type { NotificationsDeps } from './deps.ts';
import { NotificationProblems } from './errors.ts';
import type { Notification, NotificationRecipient } from './notification.ts';

/** Rows as the service owner sees a notification. */
export function toNotification(n: NotificationTable, recipients: readonly RecipientTable[]): Notification {
  return {
    notificationId: n.id,
    batchId: n.batch_id,
    notificationType: n.notification_type,
    language: n.language,
    reporteeNumber: n.reportee_number,
    service: n.service_code !== null && n.service_edition_code !== null ? { serviceCode: n.service_code, serviceEditionCode: n.service_edition_code } : null,
    isReservable: n.is_reservable,
    reserved: n.is_reserved,
    shipmentDateTime: n.shipment_at,
    createdAt: n.created_at,
    recipients: recipients.map(toRecipient),
  };
}

/** A recipient row as the service owner sees it. */
function toRecipient(r: RecipientTable): NotificationRecipient {
  return {
    recipientId: r.id,
    transportType: r.channel === 'sms' ? 'SMS' : 'Email',
    receiverAddress: r.address,
    retrieveFromProfile: r.retrieve_from_profile,
    name: r.name,
    status: r.status,
    segments: r.segments,
    encoding: r.encoding,
    attempts: r.attempts,
    sentAt: r.sent_at,
    lastError: r.last_error,
  };
}

/** One notification of the caller's service owner with each message's status; NOTF-00013 otherwise. */
export async function getNotification(deps: NotificationsDeps, actor: Actor, notificationId: string): Promise<Notification> {
  const owner = requireServiceOwner(actor).serviceOwnerCode;
  const row = /^[0-9a-f-]{36}$/i.test(notificationId) ? await selectNotification(deps.db, owner, notificationId) : undefined;
  if (!row) throw new AppError(NotificationProblems.notificationNotFound);
  return toNotification(row, await selectRecipients(deps.db, [row.id]));
}

/** The messages of these notifications (any service owner's): for modules that made them, e.g. correspondence status. */
export async function uncheckedListMessages(deps: NotificationsDeps, notificationIds: readonly string[]): Promise<(NotificationRecipient & { notificationId: string })[]> {
  const rows = await selectRecipients(deps.db, notificationIds);
  return rows.map((r) => ({ notificationId: r.notification_id, ...toRecipient(r) }));
}
