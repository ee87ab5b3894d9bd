import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T | null, unknown, unknown>;

export interface AddressJson {
  street?: string;
  postalCode?: string;
  postalCity?: string;
  country?: string;
}

export interface PartyTable {
  party_id: Generated<number>;
  party_uuid: string;
  party_type: 'person' | 'organization' | 'enterprise_user';
  name: string;
  is_deleted: Generated<boolean>;
  created_at: Date;
  updated_at: Date;
}

export interface PersonTable {
  party_id: number;
  ssn: string;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  birth_date: string;
  is_d_number: boolean;
  is_synthetic: boolean;
  address: Json<AddressJson>;
}

export interface OrganizationTable {
  party_id: number;
  orgno: string;
  organization_form: string;
  parent_party_id: number | null;
  business_address: Json<AddressJson>;
  postal_address: Json<AddressJson>;
  deleted_at: Date | null;
}

export interface ErRoleTable {
  id: Generated<number>;
  organization_party_id: number;
  role_code: string;
  holder_party_id: number;
  created_at: Date;
}

export interface ServiceOwnerTable {
  party_id: number;
  code: string;
  created_at: Date;
}

export interface EnterpriseUserTable {
  party_id: number;
  organization_party_id: number;
  user_name: string;
  created_at: Date;
  deleted_at: Date | null;
}

export interface RegisterDatabase {
  'register.party': PartyTable;
  'register.person': PersonTable;
  'register.organization': OrganizationTable;
  'register.er_role': ErRoleTable;
  'register.service_owner': ServiceOwnerTable;
  'register.enterprise_user': EnterpriseUserTable;
}
