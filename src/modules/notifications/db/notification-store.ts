import type { Kysely } from '../../../platform/index.ts';
import type { NotificationsDatabase, NotificationTable, RecipientTable } from './tables.ts';

const t = (db: Kysely<any>) => db as Kysely<NotificationsDatabase>;

const NOTIFICATION_COLUMNS = [
  'id',
  'batch_id',
  'position',
  'service_owner_code',
  'created_by',
  'notification_type',
  'language',
  'reportee_party_id',
  'reportee_number',
  'service_code',
  'service_edition_code',
  'is_reservable',
  'is_reserved',
  'shipment_at',
  'created_at',
] as const;

const RECIPIENT_COLUMNS = [
  'id',
  'notification_id',
  'position',
  'channel',
  'address',
  'retrieve_from_profile',
  'name',
  'status',
  'sender',
  'subject',
  'body',
  'segments',
  'encoding',
  'attempts',
  'last_error',
  'gateway_message_id',
  'sent_at',
  'updated_at',
] as const;

/** Writes notifications and their recipients: two statements however many there are. */
export async function insertNotifications(db: Kysely<any>, notifications: readonly NotificationTable[], recipients: readonly RecipientTable[]): Promise<void> {
  await t(db).insertInto('notifications.notification').values([...notifications]).execute();
  if (recipients.length > 0) await t(db).insertInto('notifications.recipient').values([...recipients]).execute();
}

/** The notifications of one request, in request order. */
export async function selectNotificationsOfBatch(db: Kysely<any>, owner: string, batchId: string): Promise<NotificationTable[]> {
  return t(db).selectFrom('notifications.notification').select(NOTIFICATION_COLUMNS).where('batch_id', '=', batchId).where('service_owner_code', '=', owner).orderBy('position').execute();
}

/** One notification of this service owner. */
export async function selectNotification(db: Kysely<any>, owner: string, id: string): Promise<NotificationTable | undefined> {
  return t(db).selectFrom('notifications.notification').select(NOTIFICATION_COLUMNS).where('id', '=', id).where('service_owner_code', '=', owner).executeTakeFirst();
}

/** The recipients of these notifications, in order. */
export async function selectRecipients(db: Kysely<any>, notificationIds: readonly string[]): Promise<RecipientTable[]> {
  if (notificationIds.length === 0) return [];
  return t(db).selectFrom('notifications.recipient').select(RECIPIENT_COLUMNS).where('notification_id', 'in', notificationIds).orderBy('notification_id').orderBy('position').execute();
}

/** One recipient row, for the delivery job. */
export async function selectRecipient(db: Kysely<any>, id: string): Promise<RecipientTable | undefined> {
  return t(db).selectFrom('notifications.recipient').select(RECIPIENT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Marks a message as being handed over (one more attempt). */
export async function markSending(db: Kysely<any>, id: string, now: Date): Promise<void> {
  await t(db)
    .updateTable('notifications.recipient')
    .set((eb) => ({ status: 'Sending', attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .execute();
}

/** Records the gateway's acceptance. */
export async function markSent(db: Kysely<any>, id: string, gatewayMessageId: string, now: Date): Promise<void> {
  await t(db).updateTable('notifications.recipient').set({ status: 'Sent', gateway_message_id: gatewayMessageId || null, sent_at: now, last_error: null, updated_at: now }).where('id', '=', id).execute();
}

/** Records a failed attempt: back to New until the job retries, or Failed for good. */
export async function markFailedAttempt(db: Kysely<any>, id: string, error: string, final: boolean, now: Date): Promise<void> {
  await t(db)
    .updateTable('notifications.recipient')
    .set({ status: final ? 'Failed' : 'New', last_error: error.slice(0, 500), updated_at: now })
    .where('id', '=', id)
    .execute();
}
