import type { Actor } from '../../platform/index.ts';
import { deliverNotificationJob } from './deliver-notification.ts';
import { bindNotificationsDeps, type NotificationsDeps } from './deps.ts';
import { getNotification, uncheckedListMessages } from './read-notifications.ts';
import { sendNotifications, uncheckedSendNotificationsAs, type NotificationOrder } from './send-notifications.ts';
import { deleteNotificationTemplate, getNotificationTemplate, listNotificationTemplates, saveNotificationTemplate, uncheckedSaveNotificationTemplate, type TemplateInput } from './templates.ts';
import { validateRecipient, type RecipientQuery } from './validate-recipient.ts';

export type { NotificationsDeps, ServiceNames, ServiceDirectory } from './deps.ts';
export type { Notification, NotificationRecipient, NotificationTemplate, TemplateText, Language as NotificationLanguage, RecipientStatus, TransportType } from './notification.ts';
export type { NotificationOrder, NotificationBatch } from './send-notifications.ts';
export type { TemplateInput } from './templates.ts';
export type { RecipientQuery, RecipientCheck } from './validate-recipient.ts';
export { TemplateInputSchema } from './templates.ts';
export { RECIPIENT_STATUSES, TRANSPORT_TYPES, MAX_NOTIFICATIONS_PER_REQUEST, NOTIFICATION_TYPE_PATTERN } from './notification.ts';
export { NotificationProblems } from './errors.ts';
export { notificationsMigrations } from './db/migrations/index.ts';
export { registerNotificationRoutes } from './http/routes.ts';
export { countSmsSegments, MAX_SMS_CHARACTERS } from './sms-segments.ts';
export { parseDaytimeWindow, nextInWindow, type DaytimeWindow } from './daytime-window.ts';

export { notificationAgencyOperations } from './soap/notification-agency.operations.ts';
/** The notifications module's API: templates, standalone notifications, recipient checks, delivery. */
export function createNotifications(deps: NotificationsDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: NotificationsDeps['db']) => createNotifications(bindNotificationsDeps(deps, db)),
    /** Creates or replaces the caller's template of a NotificationType. */
    saveTemplate: (actor: Actor, notificationType: string, input: TemplateInput) => saveNotificationTemplate(deps, actor, notificationType, input),
    /** Saves a template for a service owner by code (world files; the caller checked access). */
    uncheckedSaveTemplate: (serviceOwnerCode: string, notificationType: string, input: TemplateInput) => uncheckedSaveNotificationTemplate(deps, serviceOwnerCode, notificationType, input),
    /** The caller's template of a NotificationType. */
    getTemplate: (actor: Actor, notificationType: string) => getNotificationTemplate(deps, actor, notificationType),
    /** Every template of the caller. */
    listTemplates: (actor: Actor) => listNotificationTemplates(deps, actor),
    /** Removes the caller's template. */
    deleteTemplate: (actor: Actor, notificationType: string) => deleteNotificationTemplate(deps, actor, notificationType),
    /** Standalone notifications: resolved, rendered and queued for delivery, all or nothing. */
    sendNotifications: (actor: Actor, orders: readonly NotificationOrder[], idempotencyKey?: string) => sendNotifications(deps, actor, orders, idempotencyKey),
    /** Notifications in a service owner's name, sent by a module (`createdBy`) for an event on the owner's service, once per key; the caller decided they are due. */
    uncheckedSendNotificationsAs: (serviceOwnerCode: string, createdBy: string, orders: readonly NotificationOrder[], idempotencyKey: string) =>
      uncheckedSendNotificationsAs(deps, serviceOwnerCode, createdBy, orders, idempotencyKey),
    /** One of the caller's notifications with each message's status. */
    getNotification: (actor: Actor, notificationId: string) => getNotification(deps, actor, notificationId),
    /** The messages of these notifications with their status, whoever sent them (the caller checked access). */
    uncheckedListMessages: (notificationIds: readonly string[]) => uncheckedListMessages(deps, notificationIds),
    /** Whether a person or organisation can be reached, and on which channels. */
    validateRecipient: (actor: Actor, query: RecipientQuery) => validateRecipient(deps, actor, query),
    /** The worker's delivery job. */
    jobs: () => [deliverNotificationJob(deps)],
  };
}

/** The notifications module's API type. */
export type Notifications = ReturnType<typeof createNotifications>;
