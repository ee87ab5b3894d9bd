import type { Kysely } from 'kysely';
import type { AuthnDatabase } from './tables.ts';

type Db = Kysely<any>;
const a = (db: Db) => db as Kysely<AuthnDatabase>;

export type SystemChallengeRow = Omit<AuthnDatabase['authn.system_challenge'], 'attempts'> & { attempts: number };

export async function insertSystemChallenge(db: Db, row: Omit<SystemChallengeRow, 'attempts' | 'validated_at' | 'valid_until' | 'max_valid_until' | 'ended_at'>): Promise<void> {
  await a(db).insertInto('authn.system_challenge').values({ ...row, validated_at: null, valid_until: null, max_valid_until: null, ended_at: null }).execute();
}

/** Ends the open challenges of a user through a system (a new challenge replaces them; a lockout ends them). */
export async function endSystemChallenges(db: Db, userPartyId: number, systemId: number | null, now: Date): Promise<void> {
  let q = a(db).updateTable('authn.system_challenge').set({ ended_at: now }).where('user_party_id', '=', userPartyId).where('ended_at', 'is', null);
  q = systemId === null ? q.where('system_id', 'is', null) : q.where('system_id', '=', systemId);
  await q.execute();
}

/** The newest open challenge of a user through a system, locked for the check. */
export async function selectOpenSystemChallengeForUpdate(db: Db, userPartyId: number, systemId: number | null): Promise<SystemChallengeRow | undefined> {
  let q = a(db).selectFrom('authn.system_challenge').selectAll().where('user_party_id', '=', userPartyId).where('ended_at', 'is', null);
  q = systemId === null ? q.where('system_id', 'is', null) : q.where('system_id', '=', systemId);
  return q.orderBy('created_at', 'desc').limit(1).forUpdate().executeTakeFirst();
}

export async function recordSystemChallengeAttempt(db: Db, id: string): Promise<void> {
  await a(db).updateTable('authn.system_challenge').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
}

export async function markSystemChallengeUsed(db: Db, id: string, change: { validated_at: Date; valid_until: Date; max_valid_until: Date }): Promise<void> {
  await a(db).updateTable('authn.system_challenge').set(change).where('id', '=', id).execute();
}

/** Deletes challenges that ended or ran out more than a day before `before`. */
export async function deleteOldSystemChallenges(db: Db, before: Date): Promise<number> {
  const r = await a(db)
    .deleteFrom('authn.system_challenge')
    .where((eb) => eb.or([eb('ended_at', '<', before), eb('max_valid_until', '<', before), eb.and([eb('validated_at', 'is', null), eb('code_expires_at', '<', before)])]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
