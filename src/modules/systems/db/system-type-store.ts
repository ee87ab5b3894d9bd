import type { Generated, Kysely } from 'kysely';

interface SystemTypeTable {
  id: Generated<number>;
  name: string;
  vendor_party_id: number;
  may_submit_signed_data: boolean;
  listed_in_production: boolean;
  status: 'pending' | 'approved';
  created_by_party_id: number | null;
  created_at: Date;
  approved_at: Date | null;
}

interface SystemsDatabase {
  'systems.system_type': SystemTypeTable;
}

const s = (db: Kysely<any>) => db as Kysely<SystemsDatabase>;

export type SystemTypeRow = Omit<SystemTypeTable, 'id' | 'created_by_party_id'> & { id: number };

const COLUMNS = ['id', 'name', 'vendor_party_id', 'may_submit_signed_data', 'listed_in_production', 'status', 'created_at', 'approved_at'] as const;

export async function insertSystemType(db: Kysely<any>, row: Omit<SystemTypeTable, 'id'>): Promise<number> {
  const inserted = await s(db).insertInto('systems.system_type').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function selectSystemType(db: Kysely<any>, id: number): Promise<SystemTypeRow | undefined> {
  return s(db).selectFrom('systems.system_type').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function selectSystemTypes(db: Kysely<any>, filter: { status?: 'pending' | 'approved'; vendorPartyId?: number }): Promise<SystemTypeRow[]> {
  let q = s(db).selectFrom('systems.system_type').select(COLUMNS).orderBy('name').orderBy('id');
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.vendorPartyId !== undefined) q = q.where('vendor_party_id', '=', filter.vendorPartyId);
  return q.execute();
}

export async function markApproved(db: Kysely<any>, id: number, now: Date): Promise<void> {
  await s(db).updateTable('systems.system_type').set({ status: 'approved', approved_at: now }).where('id', '=', id).where('status', '=', 'pending').execute();
}
