import type { Kysely } from 'kysely';

interface EnterpriseUserPasswordTable {
  party_id: number;
  password_hash: string;
  created_by_party_id: number;
  password_changed_at: Date;
}

const s = (db: Kysely<any>) => db as Kysely<{ 'systems.enterprise_user_password': EnterpriseUserPasswordTable }>;

export async function upsertEnterpriseUserPassword(db: Kysely<any>, row: EnterpriseUserPasswordTable): Promise<void> {
  await s(db)
    .insertInto('systems.enterprise_user_password')
    .values(row)
    .onConflict((oc) => oc.column('party_id').doUpdateSet({ password_hash: row.password_hash, password_changed_at: row.password_changed_at }))
    .execute();
}

export async function selectEnterpriseUserPassword(db: Kysely<any>, partyId: number): Promise<{ password_hash: string; password_changed_at: Date } | undefined> {
  return s(db).selectFrom('systems.enterprise_user_password').select(['password_hash', 'password_changed_at']).where('party_id', '=', partyId).executeTakeFirst();
}

/** When each user's password last changed, for a list. */
export async function selectPasswordChanges(db: Kysely<any>, partyIds: readonly number[]): Promise<Map<number, Date>> {
  if (partyIds.length === 0) return new Map();
  const rows = await s(db).selectFrom('systems.enterprise_user_password').select(['party_id', 'password_changed_at']).where('party_id', 'in', partyIds).execute();
  return new Map(rows.map((r) => [r.party_id, r.password_changed_at]));
}

export async function deleteEnterpriseUserPassword(db: Kysely<any>, partyId: number): Promise<void> {
  await s(db).deleteFrom('systems.enterprise_user_password').where('party_id', '=', partyId).execute();
}
