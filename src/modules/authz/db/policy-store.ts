import type { ColumnType, Kysely } from 'kysely';
import { jsonb } from '../../../platform/index.ts';

type Json<T> = ColumnType<T, unknown, unknown>;

interface ServicePolicyTable {
  service_code: string;
  service_edition_code: number;
  service_owner_code: string;
  name: Json<Record<string, string>>;
  minimum_security_level: number;
  srr_enabled: boolean;
  role_requirements: Json<Record<string, string[]>>;
  updated_at: Date;
}

interface SrrRightTable {
  id: string;
  service_code: string;
  service_edition_code: number;
  reportee_party_id: number;
  operation: 'Read' | 'Write';
  valid_to: Date | null;
  created_at: Date;
}

interface Tables {
  'authz.service_policy': ServicePolicyTable;
  'authz.srr_right': SrrRightTable;
}

const a = (db: Kysely<any>) => db as Kysely<Tables>;

export interface ServicePolicyRow {
  service_code: string;
  service_edition_code: number;
  service_owner_code: string;
  name: Record<string, string>;
  minimum_security_level: number;
  srr_enabled: boolean;
  role_requirements: Record<string, string[]>;
}

export type SrrRightRow = SrrRightTable;

const POLICY_COLUMNS = ['service_code', 'service_edition_code', 'service_owner_code', 'name', 'minimum_security_level', 'srr_enabled', 'role_requirements'] as const;

export async function upsertServicePolicy(db: Kysely<any>, row: ServicePolicyRow, now: Date): Promise<void> {
  const values = { ...row, name: jsonb(row.name), role_requirements: jsonb(row.role_requirements), updated_at: now };
  await a(db)
    .insertInto('authz.service_policy')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['service_code', 'service_edition_code']).doUpdateSet({
        service_owner_code: values.service_owner_code,
        name: values.name,
        minimum_security_level: values.minimum_security_level,
        srr_enabled: values.srr_enabled,
        role_requirements: values.role_requirements,
        updated_at: now,
      }),
    )
    .execute();
}

export async function selectServicePolicy(db: Kysely<any>, serviceCode: string, editionCode: number): Promise<ServicePolicyRow | undefined> {
  return a(db).selectFrom('authz.service_policy').select(POLICY_COLUMNS).where('service_code', '=', serviceCode).where('service_edition_code', '=', editionCode).executeTakeFirst();
}

export async function selectServicePolicies(db: Kysely<any>): Promise<ServicePolicyRow[]> {
  return a(db).selectFrom('authz.service_policy').select(POLICY_COLUMNS).orderBy('service_code').orderBy('service_edition_code').execute();
}

export async function insertSrrRight(db: Kysely<any>, row: SrrRightRow): Promise<boolean> {
  const r = await a(db)
    .insertInto('authz.srr_right')
    .values(row)
    .onConflict((oc) => oc.columns(['service_code', 'service_edition_code', 'reportee_party_id', 'operation']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function selectSrrRights(db: Kysely<any>, serviceCode: string, editionCode: number, reporteePartyId?: number): Promise<SrrRightRow[]> {
  let q = a(db)
    .selectFrom('authz.srr_right')
    .select(['id', 'service_code', 'service_edition_code', 'reportee_party_id', 'operation', 'valid_to', 'created_at'])
    .where('service_code', '=', serviceCode)
    .where('service_edition_code', '=', editionCode);
  if (reporteePartyId !== undefined) q = q.where('reportee_party_id', '=', reporteePartyId);
  return q.orderBy('created_at').execute();
}

export async function selectSrrRight(db: Kysely<any>, id: string): Promise<SrrRightRow | undefined> {
  return a(db).selectFrom('authz.srr_right').select(['id', 'service_code', 'service_edition_code', 'reportee_party_id', 'operation', 'valid_to', 'created_at']).where('id', '=', id).executeTakeFirst();
}

export async function deleteSrrRight(db: Kysely<any>, id: string): Promise<void> {
  await a(db).deleteFrom('authz.srr_right').where('id', '=', id).execute();
}
