import type { Kysely } from 'kysely';
import { jsonb } from '../../../platform/index.ts';
import type { Address, ErRole, Organization, Person } from '../party.ts';
import { fullName } from '../party.ts';
import type { RegisterDatabase } from './tables.ts';

type Db = Kysely<any>;
const r = (db: Db) => db as Kysely<RegisterDatabase>;

export interface PartyRow {
  party_uuid: string;
  party_type: 'person' | 'organization' | 'enterprise_user';
  name: string;
  now: Date;
}

export async function insertParty(db: Db, row: PartyRow): Promise<number> {
  const inserted = await r(db)
    .insertInto('register.party')
    .values({ party_uuid: row.party_uuid, party_type: row.party_type, name: row.name, created_at: row.now, updated_at: row.now })
    .returning('party_id')
    .executeTakeFirstOrThrow();
  return inserted.party_id;
}

export interface PersonRow {
  party_id: number;
  ssn: string;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  birth_date: string;
  is_d_number: boolean;
  is_synthetic: boolean;
  address: Address | null;
}

export async function insertPerson(db: Db, row: PersonRow): Promise<void> {
  await r(db)
    .insertInto('register.person')
    .values({ ...row, address: row.address === null ? null : jsonb(row.address) })
    .execute();
}

export interface OrganizationRow {
  party_id: number;
  orgno: string;
  organization_form: string;
  parent_party_id: number | null;
  business_address: Address | null;
  postal_address: Address | null;
}

export async function insertOrganization(db: Db, row: OrganizationRow): Promise<void> {
  await r(db)
    .insertInto('register.organization')
    .values({
      ...row,
      business_address: row.business_address === null ? null : jsonb(row.business_address),
      postal_address: row.postal_address === null ? null : jsonb(row.postal_address),
      deleted_at: null,
    })
    .execute();
}

function personQuery(db: Db) {
  return r(db)
    .selectFrom('register.person as pe')
    .innerJoin('register.party as pa', 'pa.party_id', 'pe.party_id')
    .select([
      'pe.party_id',
      'pa.party_uuid',
      'pe.ssn',
      'pe.first_name',
      'pe.middle_name',
      'pe.last_name',
      'pe.birth_date',
      'pe.is_d_number',
      'pe.is_synthetic',
      'pe.address',
      'pa.is_deleted',
    ]);
}

type PersonSelect = Awaited<ReturnType<ReturnType<typeof personQuery>['executeTakeFirstOrThrow']>>;

function toPerson(row: PersonSelect): Person {
  return {
    type: 'person',
    partyId: row.party_id,
    partyUuid: row.party_uuid,
    ssn: row.ssn,
    firstName: row.first_name,
    middleName: row.middle_name,
    lastName: row.last_name,
    name: fullName(row.first_name, row.middle_name, row.last_name),
    birthDate: row.birth_date,
    isDNumber: row.is_d_number,
    isSynthetic: row.is_synthetic,
    address: (row.address as Address | null) ?? null,
    isDeleted: row.is_deleted,
  };
}

export async function selectPersonBySsn(db: Db, ssn: string): Promise<Person | undefined> {
  const row = await personQuery(db).where('pe.ssn', '=', ssn).executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

export async function selectPersonByPartyId(db: Db, partyId: number): Promise<Person | undefined> {
  const row = await personQuery(db).where('pe.party_id', '=', partyId).executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

function organizationQuery(db: Db) {
  return r(db)
    .selectFrom('register.organization as o')
    .innerJoin('register.party as pa', 'pa.party_id', 'o.party_id')
    .leftJoin('register.organization as parent', 'parent.party_id', 'o.parent_party_id')
    .leftJoin('register.service_owner as so', 'so.party_id', 'o.party_id')
    .select([
      'o.party_id',
      'pa.party_uuid',
      'o.orgno',
      'pa.name',
      'o.organization_form',
      'parent.orgno as parent_orgno',
      'o.business_address',
      'o.postal_address',
      'pa.is_deleted',
      'o.deleted_at',
      'so.code as service_owner_code',
    ]);
}

type OrganizationSelect = Awaited<ReturnType<ReturnType<typeof organizationQuery>['executeTakeFirstOrThrow']>>;

function toOrganization(row: OrganizationSelect): Organization {
  return {
    type: 'organization',
    partyId: row.party_id,
    partyUuid: row.party_uuid,
    orgno: row.orgno,
    name: row.name,
    organizationForm: row.organization_form,
    unitType: row.parent_orgno ? 'sub' : 'main',
    parentOrgno: row.parent_orgno ?? null,
    businessAddress: (row.business_address as Address | null) ?? null,
    postalAddress: (row.postal_address as Address | null) ?? null,
    isDeleted: row.is_deleted,
    deletedAt: row.deleted_at,
    serviceOwnerCode: row.service_owner_code ?? null,
  };
}

export async function selectOrganizationByOrgno(db: Db, orgno: string): Promise<Organization | undefined> {
  const row = await organizationQuery(db).where('o.orgno', '=', orgno).executeTakeFirst();
  return row ? toOrganization(row) : undefined;
}

export async function selectOrganizationByPartyId(db: Db, partyId: number): Promise<Organization | undefined> {
  const row = await organizationQuery(db).where('o.party_id', '=', partyId).executeTakeFirst();
  return row ? toOrganization(row) : undefined;
}

export async function selectSubUnits(db: Db, parentPartyId: number): Promise<Organization[]> {
  const rows = await organizationQuery(db).where('o.parent_party_id', '=', parentPartyId).orderBy('o.orgno').execute();
  return rows.map(toOrganization);
}

/** Organisations by party id, and the sub-units of those that are main units: two queries for any number. */
export async function selectOrganizationsWithSubUnits(db: Db, partyIds: readonly number[]): Promise<{ organizations: Organization[]; subUnits: Organization[] }> {
  if (partyIds.length === 0) return { organizations: [], subUnits: [] };
  const organizations = (await organizationQuery(db).where('o.party_id', 'in', partyIds).execute()).map(toOrganization);
  const subUnits = (await organizationQuery(db).where('o.parent_party_id', 'in', partyIds).orderBy('o.orgno').execute()).map(toOrganization);
  return { organizations, subUnits };
}

export async function selectPersonsByPartyIds(db: Db, partyIds: readonly number[]): Promise<Person[]> {
  if (partyIds.length === 0) return [];
  return (await personQuery(db).where('pe.party_id', 'in', partyIds).execute()).map(toPerson);
}

export async function selectPartyType(db: Db, partyId: number): Promise<'person' | 'organization' | 'enterprise_user' | undefined> {
  const row = await r(db).selectFrom('register.party').select('party_type').where('party_id', '=', partyId).executeTakeFirst();
  return row?.party_type;
}

export async function insertErRole(db: Db, row: { organization_party_id: number; role_code: string; holder_party_id: number; now: Date }): Promise<void> {
  await r(db)
    .insertInto('register.er_role')
    .values({ organization_party_id: row.organization_party_id, role_code: row.role_code, holder_party_id: row.holder_party_id, created_at: row.now })
    .onConflict((oc) => oc.constraint('er_role_unique').doNothing())
    .execute();
}

export async function deleteErRole(db: Db, row: { organization_party_id: number; role_code: string; holder_party_id: number }): Promise<boolean> {
  const result = await r(db)
    .deleteFrom('register.er_role')
    .where('organization_party_id', '=', row.organization_party_id)
    .where('role_code', '=', row.role_code)
    .where('holder_party_id', '=', row.holder_party_id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

function erRoleQuery(db: Db) {
  return r(db)
    .selectFrom('register.er_role as er')
    .innerJoin('register.organization as o', 'o.party_id', 'er.organization_party_id')
    .innerJoin('register.party as op', 'op.party_id', 'o.party_id')
    .innerJoin('register.party as hp', 'hp.party_id', 'er.holder_party_id')
    .leftJoin('register.person as hpe', 'hpe.party_id', 'er.holder_party_id')
    .leftJoin('register.organization as ho', 'ho.party_id', 'er.holder_party_id')
    .select([
      'er.role_code',
      'o.party_id as org_party_id',
      'o.orgno as org_orgno',
      'op.name as org_name',
      'hp.party_id as holder_party_id',
      'hp.party_type as holder_type',
      'hp.name as holder_name',
      'hpe.ssn as holder_ssn',
      'hpe.birth_date as holder_birth_date',
      'ho.orgno as holder_orgno',
    ])
    .orderBy('er.role_code')
    .orderBy('hp.name');
}

type ErRoleSelect = Awaited<ReturnType<ReturnType<typeof erRoleQuery>['executeTakeFirstOrThrow']>>;

function toErRole(row: ErRoleSelect): ErRole {
  return {
    roleCode: row.role_code,
    organization: { partyId: row.org_party_id, orgno: row.org_orgno, name: row.org_name },
    holder:
      row.holder_type === 'person'
        ? { type: 'person', partyId: row.holder_party_id, ssn: row.holder_ssn!, name: row.holder_name, birthDate: row.holder_birth_date! }
        : { type: 'organization', partyId: row.holder_party_id, orgno: row.holder_orgno!, name: row.holder_name },
  };
}

export async function selectErRolesInOrganization(db: Db, organizationPartyId: number): Promise<ErRole[]> {
  const rows = await erRoleQuery(db).where('er.organization_party_id', '=', organizationPartyId).execute();
  return rows.map(toErRole);
}

export async function selectErRolesHeldBy(db: Db, holderPartyId: number): Promise<ErRole[]> {
  const rows = await erRoleQuery(db).where('er.holder_party_id', '=', holderPartyId).execute();
  return rows.map(toErRole);
}

export async function insertServiceOwner(db: Db, row: { party_id: number; code: string; now: Date }): Promise<void> {
  await r(db).insertInto('register.service_owner').values({ party_id: row.party_id, code: row.code, created_at: row.now }).execute();
}

export async function selectServiceOwnerByCode(db: Db, code: string): Promise<number | undefined> {
  const row = await r(db).selectFrom('register.service_owner').select('party_id').where('code', '=', code).executeTakeFirst();
  return row?.party_id;
}

export async function markOrganizationDeleted(db: Db, partyId: number, now: Date): Promise<void> {
  await r(db).updateTable('register.party').set({ is_deleted: true, updated_at: now }).where('party_id', '=', partyId).execute();
  await r(db).updateTable('register.organization').set({ deleted_at: now }).where('party_id', '=', partyId).execute();
}
