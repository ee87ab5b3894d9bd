import type { Generated } from 'kysely';
import type { Language } from '../contact.ts';

export interface PersonProfileTable {
  party_id: number;
  language: Language;
  email: string | null;
  mobile: string | null;
  is_reserved: boolean;
  updated_at: Date;
}

export interface LoginSettingsTable {
  party_id: number;
  username: string | null;
  allow_system_submission: boolean;
  updated_at: Date;
}

export interface OrgNotificationAddressTable {
  id: Generated<number>;
  party_id: number;
  channel: 'email' | 'sms';
  address: string;
  created_at: Date;
}

export interface ProfileDatabase {
  'profile.person_profile': PersonProfileTable;
  'profile.login_settings': LoginSettingsTable;
  'profile.org_notification_address': OrgNotificationAddressTable;
}
