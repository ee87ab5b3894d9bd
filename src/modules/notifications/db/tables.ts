import type { Language, RecipientStatus } from '../notification.ts';

export interface TemplateTextTable {
  service_owner_code: string;
  notification_type: string;
  language: Language;
  transport: 'sms' | 'email';
  subject: string | null;
  body: string;
  updated_at: Date;
}

export interface NotificationTable {
  id: string;
  batch_id: string;
  position: number;
  service_owner_code: string;
  created_by: string;
  notification_type: string;
  language: Language;
  reportee_party_id: number | null;
  reportee_number: string | null;
  service_code: string | null;
  service_edition_code: number | null;
  is_reservable: boolean;
  is_reserved: boolean;
  shipment_at: Date;
  created_at: Date;
}

export interface RecipientTable {
  id: string;
  notification_id: string;
  position: number;
  channel: 'sms' | 'email';
  address: string | null;
  retrieve_from_profile: boolean;
  name: string | null;
  status: RecipientStatus;
  sender: string | null;
  subject: string | null;
  body: string | null;
  segments: number | null;
  encoding: 'GSM-7' | 'UCS-2' | null;
  attempts: number;
  last_error: string | null;
  gateway_message_id: string | null;
  sent_at: Date | null;
  updated_at: Date;
}

export interface NotificationsDatabase {
  'notifications.template_text': TemplateTextTable;
  'notifications.notification': NotificationTable;
  'notifications.recipient': RecipientTable;
}
