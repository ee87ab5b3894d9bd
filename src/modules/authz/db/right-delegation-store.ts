import type { ColumnType, Kysely } from 'kysely';
import { jsonb } from '../../../platform/index.ts';

interface RightDelegationTable {
  id: string;
  reportee_party_id: number;
  service_code: string;
  service_edition_code: number;
  operations: ColumnType<string[], unknown, unknown>;
  recipient_party_id: number;
  delegated_by_party_id: number;
  created_at: Date;
  valid_to: Date | null;
  revoked_at: Date | null;
  revoked_by_party_id: number | null;
}

const a = (db: Kysely<any>) => db as Kysely<{ 'authz.right_delegation': RightDelegationTable }>;

export interface RightDelegationRow {
  id: string;
  reportee_party_id: number;
  service_code: string;
  service_edition_code: number;
  operations: string[];
  recipient_party_id: number;
  delegated_by_party_id: number;
  created_at: Date;
  valid_to: Date | null;
}

const COLUMNS = ['id', 'reportee_party_id', 'service_code', 'service_edition_code', 'operations', 'recipient_party_id', 'delegated_by_party_id', 'created_at', 'valid_to'] as const;

export async function insertRightDelegation(db: Kysely<any>, row: RightDelegationRow): Promise<void> {
  await a(db).insertInto('authz.right_delegation').values({ ...row, operations: jsonb(row.operations), revoked_at: null, revoked_by_party_id: null }).execute();
}

/** Live single rights (not revoked, not expired) to any of the recipients. */
export async function selectLiveRightsTo(db: Kysely<any>, recipientPartyIds: readonly number[], now: Date): Promise<RightDelegationRow[]> {
  if (recipientPartyIds.length === 0) return [];
  return a(db)
    .selectFrom('authz.right_delegation')
    .select(COLUMNS)
    .where('recipient_party_id', 'in', recipientPartyIds)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .execute();
}

export async function selectLiveRightsFrom(db: Kysely<any>, reporteePartyId: number, now: Date): Promise<RightDelegationRow[]> {
  return a(db)
    .selectFrom('authz.right_delegation')
    .select(COLUMNS)
    .where('reportee_party_id', '=', reporteePartyId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', now)]))
    .orderBy('created_at', 'desc')
    .execute();
}

/** The live (or run-out but unrevoked) single right for the same service, reportee and recipient. */
export async function selectLiveRight(db: Kysely<any>, reporteePartyId: number, serviceCode: string, editionCode: number, recipientPartyId: number): Promise<RightDelegationRow | undefined> {
  return a(db)
    .selectFrom('authz.right_delegation')
    .select(COLUMNS)
    .where('reportee_party_id', '=', reporteePartyId)
    .where('service_code', '=', serviceCode)
    .where('service_edition_code', '=', editionCode)
    .where('recipient_party_id', '=', recipientPartyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function selectRightDelegation(db: Kysely<any>, id: string): Promise<(RightDelegationRow & { revoked_at: Date | null }) | undefined> {
  return a(db).selectFrom('authz.right_delegation').select([...COLUMNS, 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

export async function markRightRevoked(db: Kysely<any>, id: string, at: Date, byPartyId: number): Promise<void> {
  await a(db).updateTable('authz.right_delegation').set({ revoked_at: at, revoked_by_party_id: byPartyId }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
