import type { Generated, Kysely } from 'kysely';

interface DataSystemTable {
  system_id: Generated<number>;
  owner_party_id: number;
  system_type_id: number;
  description: string;
  password_hash: string;
  password_sealed: Uint8Array | null;
  created_by_party_id: number | null;
  created_at: Date;
  updated_at: Date;
  password_changed_at: Date;
  deleted_at: Date | null;
}

const s = (db: Kysely<any>) => db as Kysely<{ 'systems.data_system': DataSystemTable }>;

/** A data system without its password hash. */
export interface DataSystemRow {
  system_id: number;
  owner_party_id: number;
  system_type_id: number;
  description: string;
  created_at: Date;
  updated_at: Date;
  password_changed_at: Date;
}

const COLUMNS = ['system_id', 'owner_party_id', 'system_type_id', 'description', 'created_at', 'updated_at', 'password_changed_at'] as const;

export async function insertDataSystem(db: Kysely<any>, row: Omit<DataSystemTable, 'system_id' | 'deleted_at'> & { system_id?: number }): Promise<number> {
  const inserted = await s(db).insertInto('systems.data_system').values(row).returning('system_id').executeTakeFirstOrThrow();
  return inserted.system_id;
}

/** A live (not deleted) data system. */
export async function selectDataSystem(db: Kysely<any>, systemId: number): Promise<DataSystemRow | undefined> {
  return s(db).selectFrom('systems.data_system').select(COLUMNS).where('system_id', '=', systemId).where('deleted_at', 'is', null).executeTakeFirst();
}

/** A live data system with its password hash and sealed password, for the password checks only. */
export async function selectDataSystemCredentials(db: Kysely<any>, systemId: number): Promise<(DataSystemRow & { password_hash: string; password_sealed: Uint8Array | null }) | undefined> {
  return s(db)
    .selectFrom('systems.data_system')
    .select([...COLUMNS, 'password_hash', 'password_sealed'])
    .where('system_id', '=', systemId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function selectDataSystemsOf(db: Kysely<any>, ownerPartyId: number): Promise<DataSystemRow[]> {
  return s(db).selectFrom('systems.data_system').select(COLUMNS).where('owner_party_id', '=', ownerPartyId).where('deleted_at', 'is', null).orderBy('system_id').execute();
}

export async function updateDataSystemRow(db: Kysely<any>, systemId: number, change: { description?: string; system_type_id?: number; password_hash?: string; password_sealed?: Uint8Array | null; updated_at: Date; password_changed_at?: Date }): Promise<void> {
  await s(db).updateTable('systems.data_system').set(change).where('system_id', '=', systemId).where('deleted_at', 'is', null).execute();
}

export async function markDataSystemDeleted(db: Kysely<any>, systemId: number, at: Date): Promise<void> {
  await s(db).updateTable('systems.data_system').set({ deleted_at: at, updated_at: at }).where('system_id', '=', systemId).where('deleted_at', 'is', null).execute();
}
