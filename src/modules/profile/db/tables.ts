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

/** A person's own e-mail and/or mobile for notices about an organisation they act for (KoFuVi "personal contact"). */
export interface PersonalContactTable {
  person_party_id: number;
  organization_party_id: number;
  email: string | null;
  mobile: string | null;
  updated_at: Date;
}

export interface ProfileDatabase {
  'profile.person_profile': PersonProfileTable;
  'profile.login_settings': LoginSettingsTable;
  'profile.org_notification_address': OrgNotificationAddressTable;
  'profile.personal_contact': PersonalContactTable;
}
