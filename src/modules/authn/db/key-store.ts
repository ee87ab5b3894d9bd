import type { Kysely } from 'kysely';
import { jsonb } from '../../../platform/index.ts';
import type { AuthnDatabase } from './tables.ts';

type Db = Kysely<any>;
const a = (db: Db) => db as Kysely<AuthnDatabase>;

export interface SigningKeyRow {
  kid: string;
  algorithm: string;
  public_jwk: Record<string, string>;
  private_pem: string;
  created_at: Date;
  retired_at: Date | null;
}

/** Keys not retired, or retired after `since` (their tokens may still be valid), newest first. */
export async function selectUsableKeys(db: Db, since: Date): Promise<SigningKeyRow[]> {
  const rows = await a(db)
    .selectFrom('authn.signing_key')
    .select(['kid', 'algorithm', 'public_jwk', 'private_pem', 'created_at', 'retired_at'])
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', since)]))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, public_jwk: r.public_jwk as Record<string, string> }));
}

export async function insertKey(db: Db, row: Omit<SigningKeyRow, 'retired_at'>): Promise<void> {
  await a(db).insertInto('authn.signing_key').values({ ...row, public_jwk: jsonb(row.public_jwk), retired_at: null }).execute();
}

export async function retireKeysExcept(db: Db, kid: string, now: Date): Promise<void> {
  await a(db).updateTable('authn.signing_key').set({ retired_at: now }).where('kid', '!=', kid).where('retired_at', 'is', null).execute();
}
