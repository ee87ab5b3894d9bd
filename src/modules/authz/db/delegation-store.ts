import type { Kysely } from 'kysely';

interface RoleDelegationTable {
  id: string;
  reportee_party_id: number;
  role_code: string;
  recipient_party_id: number;
  via_party_id: number | null;
  delegated_by_party_id: number;
  created_at: Date;
  valid_to: Date | null;
  revoked_at: Date | null;
  revoked_by_party_id: number | null;
}

const a = (db: Kysely<any>) => db as Kysely<{ 'authz.role_delegation': RoleDelegationTable }>;

export type RoleDelegationRow = Omit<RoleDelegationTable, 'revoked_at' | 'revoked_by_party_id'>;

const COLUMNS = ['id', 'reportee_party_id', 'role_code', 'recipient_party_id', 'via_party_id', 'delegated_by_party_id', 'created_at', 'valid_to'] as const;

export async function insertRoleDelegation(db: Kysely<any>, row: RoleDelegationRow): Promise<void> {
  await a(db).insertInto('authz.role_delegation').values({ ...row, revoked_at: null, revoked_by_party_id: null }).execute();
}

/** Live delegations (not revoked, not expired at `now`) to any of the recipients. */
export async function selectLiveDelegationsTo(db: Kysely<any>, recipientPartyIds: readonly number[], now: Date): Promise<RoleDelegationRow[]> {
  if (recipientPartyIds.length === 0) return [];
  return a(db)
    .selectFrom('authz.role_delegation')
    .select(COLUMNS)
    .where('recipient_party_id', 'in', recipientPartyIds)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .execute();
}

/** Live delegations a reportee has given, newest first. */
export async function selectLiveDelegationsFrom(db: Kysely<any>, reporteePartyId: number, now: Date): Promise<RoleDelegationRow[]> {
  return a(db)
    .selectFrom('authz.role_delegation')
    .select(COLUMNS)
    .where('reportee_party_id', '=', reporteePartyId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .orderBy('created_at', 'desc')
    .execute();
}

/** The live delegation of a role from a reportee to a recipient, if any. */
export async function selectLiveDelegation(db: Kysely<any>, reporteePartyId: number, roleCode: string, recipientPartyId: number): Promise<(RoleDelegationRow & { valid_to: Date | null }) | undefined> {
  return a(db)
    .selectFrom('authz.role_delegation')
    .select(COLUMNS)
    .where('reportee_party_id', '=', reporteePartyId)
    .where('role_code', '=', roleCode)
    .where('recipient_party_id', '=', recipientPartyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function selectDelegation(db: Kysely<any>, id: string): Promise<(RoleDelegationRow & { revoked_at: Date | null }) | undefined> {
  return a(db).selectFrom('authz.role_delegation').select([...COLUMNS, 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

export async function markDelegationRevoked(db: Kysely<any>, id: string, at: Date, byPartyId: number): Promise<void> {
  await a(db).updateTable('authz.role_delegation').set({ revoked_at: at, revoked_by_party_id: byPartyId }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Delegations to the recipients that ran out (valid_to passed) without being revoked: a decision names them. */
export async function selectExpiredDelegationsTo(db: Kysely<any>, recipientPartyIds: readonly number[], reporteePartyIds: readonly number[], now: Date): Promise<RoleDelegationRow[]> {
  if (recipientPartyIds.length === 0 || reporteePartyIds.length === 0) return [];
  return a(db)
    .selectFrom('authz.role_delegation')
    .select(COLUMNS)
    .where('recipient_party_id', 'in', recipientPartyIds)
    .where('reportee_party_id', 'in', reporteePartyIds)
    .where('revoked_at', 'is', null)
    .where('valid_to', '<=', now)
    .execute();
}

/** Live client-role delegations a firm has passed on for any of its clients, newest first. */
export async function selectLiveDelegationsVia(db: Kysely<any>, firmPartyId: number, clientPartyIds: readonly number[], now: Date): Promise<RoleDelegationRow[]> {
  if (clientPartyIds.length === 0) return [];
  return a(db)
    .selectFrom('authz.role_delegation')
    .select(COLUMNS)
    .where('reportee_party_id', 'in', clientPartyIds)
    .where('via_party_id', '=', firmPartyId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .orderBy('created_at', 'desc')
    .execute();
}
