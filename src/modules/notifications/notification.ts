import { AppError } from '../../platform/index.ts';
import { NotificationProblems } from './errors.ts';

/** Languages a template may hold a text in; Altinn's LCIDs 1044/2068/1033 are accepted on input. */
export const LANGUAGES = ['nb', 'nn', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const LCIDS: Record<string, Language> = { nb: 'nb', nn: 'nn', en: 'en', '1044': 'nb', '2068': 'nn', '1033': 'en' };

/** nb, nn or en from a code or an Altinn language id; NOTF-00012 otherwise. */
export function parseNotificationLanguage(value: string | number, path: string): Language {
  const lang = LCIDS[String(value).trim().toLowerCase()];
  if (!lang) throw new AppError(NotificationProblems.invalidLanguage, { errors: [{ path, message: 'nb, nn or en (or 1044, 2068, 1033)', rule: NotificationProblems.invalidLanguage.code }] });
  return lang;
}

/** The channels a message goes out on. */
export type Channel = 'sms' | 'email';

/** Altinn II's TransportType as a notification asks for it (PriorityEmailSMSReminder and IM are not supported). */
export const TRANSPORT_TYPES = ['SMS', 'Email', 'Both', 'SMSPreferred', 'EmailPreferred'] as const;
export type TransportType = (typeof TRANSPORT_TYPES)[number];

/** Where one message of a notification stands. Reserved and NoAddress are final at creation. */
export const RECIPIENT_STATUSES = ['New', 'Sending', 'Sent', 'Failed', 'Reserved', 'NoAddress'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

/** One text of a template: a language and a transport (e-mail has a subject). */
export interface TemplateText {
  language: Language;
  transport: Channel;
  subject: string | null;
  body: string;
}

/** A service owner's notification template: the NotificationType names it. */
export interface NotificationTemplate {
  serviceOwnerCode: string;
  notificationType: string;
  texts: TemplateText[];
  updatedAt: Date;
}

export const NOTIFICATION_TYPE_PATTERN = '^[A-Za-z0-9_.-]{1,100}$';
/** Limits on template texts: an SMS of more than 700 characters is refused anyway (after substitution). */
export const MAX_SMS_TEMPLATE_CHARACTERS = 700;
export const MAX_EMAIL_SUBJECT_CHARACTERS = 200;
export const MAX_EMAIL_BODY_CHARACTERS = 20_000;
/** Notifications in one request (Altinn II: 40014 beyond its limit). */
export const MAX_NOTIFICATIONS_PER_REQUEST = 1000;
export const MAX_ENDPOINTS_PER_NOTIFICATION = 20;
/** Attempts to hand a message to the gateway; with the 1 s doubling backoff the last is ~68 minutes after the first. */
export const DELIVERY_ATTEMPTS = 13;

/** One message as delivered and tracked: a channel and an address, or a reason there is none. */
export interface NotificationRecipient {
  recipientId: string;
  transportType: 'SMS' | 'Email';
  receiverAddress: string | null;
  /** True when Tinn found the address (profile, the organisation's addresses); false when the sender gave it. */
  retrieveFromProfile: boolean;
  /** Whose address it is, when it is a personal contact of an organisation or the reportee's own. */
  name: string | null;
  status: RecipientStatus;
  /** SMS only: how many parts it takes and in which alphabet. */
  segments: number | null;
  encoding: 'GSM-7' | 'UCS-2' | null;
  attempts: number;
  sentAt: Date | null;
  lastError: string | null;
}

/** A notification as its service owner sees it. */
export interface Notification {
  notificationId: string;
  batchId: string;
  notificationType: string;
  language: Language;
  reporteeNumber: string | null;
  service: { serviceCode: string; serviceEditionCode: number } | null;
  isReservable: boolean;
  /** True when the reportee is reserved against digital notices and the sender asked to respect that. */
  reserved: boolean;
  shipmentDateTime: Date;
  createdAt: Date;
  recipients: NotificationRecipient[];
}
