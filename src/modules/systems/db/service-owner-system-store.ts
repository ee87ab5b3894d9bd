import type { ColumnType, Kysely } from 'kysely';
import { jsonb } from '../../../platform/index.ts';

interface ServiceOwnerSystemTable {
  name: string;
  service_owner_party_id: number;
  password_hash: string;
  password_sealed: Uint8Array | null;
  allowed_cidrs: ColumnType<string[], unknown, unknown>;
  created_at: Date;
  updated_at: Date;
}

interface ApiKeyTable {
  id: string;
  system_name: string;
  key_hash: string;
  key_hint: string;
  created_at: Date;
  revoked_at: Date | null;
}

interface Tables {
  'systems.service_owner_system': ServiceOwnerSystemTable;
  'systems.service_owner_api_key': ApiKeyTable;
}

const s = (db: Kysely<any>) => db as Kysely<Tables>;

/** An agency system without its password hash. */
export type ServiceOwnerSystemRow = Omit<ServiceOwnerSystemTable, 'password_hash' | 'password_sealed' | 'allowed_cidrs'> & { allowed_cidrs: string[] };
export type ApiKeyRow = Omit<ApiKeyTable, 'key_hash'>;

const COLUMNS = ['name', 'service_owner_party_id', 'allowed_cidrs', 'created_at', 'updated_at'] as const;

export async function insertServiceOwnerSystem(db: Kysely<any>, row: Omit<ServiceOwnerSystemTable, 'allowed_cidrs'> & { allowed_cidrs: string[] }): Promise<void> {
  await s(db).insertInto('systems.service_owner_system').values({ ...row, allowed_cidrs: jsonb(row.allowed_cidrs) }).execute();
}

export async function updateServiceOwnerSystemRow(db: Kysely<any>, name: string, change: { password_hash?: string; password_sealed?: Uint8Array | null; allowed_cidrs?: string[]; updated_at: Date }): Promise<void> {
  const { allowed_cidrs, ...rest } = change;
  await s(db)
    .updateTable('systems.service_owner_system')
    .set({ ...rest, ...(allowed_cidrs !== undefined ? { allowed_cidrs: jsonb(allowed_cidrs) } : {}) })
    .where('name', '=', name)
    .execute();
}

export async function selectServiceOwnerSystem(db: Kysely<any>, name: string): Promise<ServiceOwnerSystemRow | undefined> {
  return s(db).selectFrom('systems.service_owner_system').select(COLUMNS).where('name', '=', name).executeTakeFirst();
}

export async function selectServiceOwnerSystemCredentials(db: Kysely<any>, name: string): Promise<(ServiceOwnerSystemRow & { password_hash: string; password_sealed: Uint8Array | null }) | undefined> {
  return s(db).selectFrom('systems.service_owner_system').select([...COLUMNS, 'password_hash', 'password_sealed']).where('name', '=', name).executeTakeFirst();
}

export async function selectServiceOwnerSystems(db: Kysely<any>): Promise<ServiceOwnerSystemRow[]> {
  return s(db).selectFrom('systems.service_owner_system').select(COLUMNS).orderBy('name').execute();
}

export async function insertApiKey(db: Kysely<any>, row: Omit<ApiKeyTable, 'revoked_at'>): Promise<void> {
  await s(db).insertInto('systems.service_owner_api_key').values({ ...row, revoked_at: null }).execute();
}

export async function selectApiKeys(db: Kysely<any>, systemName: string): Promise<ApiKeyRow[]> {
  return s(db).selectFrom('systems.service_owner_api_key').select(['id', 'system_name', 'key_hint', 'created_at', 'revoked_at']).where('system_name', '=', systemName).orderBy('created_at').execute();
}

/** The live system a key hash belongs to, if the key is not revoked. */
export async function selectSystemByApiKeyHash(db: Kysely<any>, keyHash: string): Promise<ServiceOwnerSystemRow | undefined> {
  return s(db)
    .selectFrom('systems.service_owner_api_key as k')
    .innerJoin('systems.service_owner_system as sys', 'sys.name', 'k.system_name')
    .select(['sys.name', 'sys.service_owner_party_id', 'sys.allowed_cidrs', 'sys.created_at', 'sys.updated_at'])
    .where('k.key_hash', '=', keyHash)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function revokeApiKeyRow(db: Kysely<any>, systemName: string, keyHint: string, at: Date): Promise<number> {
  const r = await s(db)
    .updateTable('systems.service_owner_api_key')
    .set({ revoked_at: at })
    .where('system_name', '=', systemName)
    .where('key_hint', '=', keyHint)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
