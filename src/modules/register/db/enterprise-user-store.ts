import { sql, type Kysely } from 'kysely';
import { bumpVersions } from '../../../platform/index.ts';
import { PARTY_RIGHTS_SCOPE, type EnterpriseUser } from '../party.ts';
import type { RegisterDatabase } from './tables.ts';

type Db = Kysely<any>;
const r = (db: Db) => db as Kysely<RegisterDatabase>;

export async function insertEnterpriseUser(db: Db, row: { party_id: number; organization_party_id: number; user_name: string; now: Date }): Promise<void> {
  await r(db)
    .insertInto('register.enterprise_user')
    .values({ party_id: row.party_id, organization_party_id: row.organization_party_id, user_name: row.user_name, created_at: row.now, deleted_at: null })
    .execute();
}

function enterpriseUserQuery(db: Db) {
  return r(db)
    .selectFrom('register.enterprise_user as eu')
    .innerJoin('register.organization as o', 'o.party_id', 'eu.organization_party_id')
    .innerJoin('register.party as op', 'op.party_id', 'eu.organization_party_id')
    .select(['eu.party_id', 'eu.user_name', 'eu.created_at', 'eu.deleted_at', 'eu.organization_party_id', 'o.orgno', 'op.name as organization_name']);
}

type EnterpriseUserSelect = Awaited<ReturnType<ReturnType<typeof enterpriseUserQuery>['executeTakeFirstOrThrow']>>;

function toEnterpriseUser(row: EnterpriseUserSelect): EnterpriseUser {
  return {
    type: 'enterpriseUser',
    partyId: row.party_id,
    userName: row.user_name,
    organization: { partyId: row.organization_party_id, orgno: row.orgno, name: row.organization_name },
    createdAt: row.created_at,
    isDeleted: row.deleted_at !== null,
  };
}

/** By user name, in any letter case (names are unique regardless of case). */
export async function selectEnterpriseUserByName(db: Db, userName: string): Promise<EnterpriseUser | undefined> {
  const row = await enterpriseUserQuery(db).where(sql`lower(eu.user_name)`, '=', userName.toLowerCase()).executeTakeFirst();
  return row && toEnterpriseUser(row);
}

export async function selectEnterpriseUserByPartyId(db: Db, partyId: number): Promise<EnterpriseUser | undefined> {
  const row = await enterpriseUserQuery(db).where('eu.party_id', '=', partyId).executeTakeFirst();
  return row && toEnterpriseUser(row);
}

/** The organisation's live enterprise users, by name. */
export async function selectEnterpriseUsersOf(db: Db, organizationPartyId: number): Promise<EnterpriseUser[]> {
  const rows = await enterpriseUserQuery(db).where('eu.organization_party_id', '=', organizationPartyId).where('eu.deleted_at', 'is', null).orderBy('eu.user_name').execute();
  return rows.map(toEnterpriseUser);
}

/** Marks the user deleted and bumps what it holds, so cached rights drop it at once in every process. */
export async function markEnterpriseUserDeleted(db: Db, partyId: number, now: Date): Promise<void> {
  await r(db).updateTable('register.enterprise_user').set({ deleted_at: now }).where('party_id', '=', partyId).where('deleted_at', 'is', null).execute();
  await r(db).updateTable('register.party').set({ is_deleted: true, updated_at: now }).where('party_id', '=', partyId).execute();
  await bumpVersions(db, PARTY_RIGHTS_SCOPE, [partyId]);
}
