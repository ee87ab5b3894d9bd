import type { Kysely } from 'kysely';
import type { AuthnDatabase } from './tables.ts';

type Db = Kysely<any>;
const a = (db: Db) => db as Kysely<AuthnDatabase>;

/** Stores a new letter with its code hashes and revokes the person's earlier letters. */
export async function insertCodeLetter(db: Db, letter: { id: string; party_id: number; created_at: Date }, codeHashes: string[]): Promise<void> {
  await a(db).updateTable('authn.code_letter').set({ revoked_at: letter.created_at }).where('party_id', '=', letter.party_id).where('revoked_at', 'is', null).execute();
  await a(db).insertInto('authn.code_letter').values({ ...letter, revoked_at: null }).execute();
  await a(db)
    .insertInto('authn.code_letter_code')
    .values(codeHashes.map((code_hash, i) => ({ letter_id: letter.id, number: i + 1, code_hash, used_at: null })))
    .execute();
}

/** The person's current letter and its lowest unused code number, if any is left. */
export async function selectNextLetterCode(db: Db, partyId: number): Promise<{ letterId: string; letterDate: Date; number: number } | undefined> {
  const row = await a(db)
    .selectFrom('authn.code_letter as l')
    .innerJoin('authn.code_letter_code as c', 'c.letter_id', 'l.id')
    .select(['l.id', 'l.created_at', 'c.number'])
    .where('l.party_id', '=', partyId)
    .where('l.revoked_at', 'is', null)
    .where('c.used_at', 'is', null)
    .orderBy('c.number')
    .limit(1)
    .executeTakeFirst();
  return row ? { letterId: row.id, letterDate: row.created_at, number: row.number } : undefined;
}

export async function selectLetterCodeHash(db: Db, letterId: string, number: number): Promise<{ code_hash: string; used_at: Date | null } | undefined> {
  return a(db).selectFrom('authn.code_letter_code').select(['code_hash', 'used_at']).where('letter_id', '=', letterId).where('number', '=', number).executeTakeFirst();
}

export async function markLetterCodeUsed(db: Db, letterId: string, number: number, at: Date): Promise<void> {
  await a(db).updateTable('authn.code_letter_code').set({ used_at: at }).where('letter_id', '=', letterId).where('number', '=', number).execute();
}
