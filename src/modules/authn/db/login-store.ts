import type { Kysely } from 'kysely';
import { jsonb, type AuthMethod } from '../../../platform/index.ts';
import type { AuthnDatabase } from './tables.ts';

type Db = Kysely<any>;
const a = (db: Db) => db as Kysely<AuthnDatabase>;

export async function insertChallenge(db: Db, row: { id: string; party_id: number; code_hash: string; created_at: Date; expires_at: Date }): Promise<void> {
  await a(db).insertInto('authn.login_challenge').values({ ...row, consumed_at: null }).execute();
}

export async function selectChallengeForUpdate(db: Db, id: string) {
  return a(db)
    .selectFrom('authn.login_challenge')
    .select(['id', 'party_id', 'code_hash', 'attempts', 'expires_at', 'consumed_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function recordChallengeAttempt(db: Db, id: string): Promise<void> {
  await a(db).updateTable('authn.login_challenge').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute();
}

export async function consumeChallenge(db: Db, id: string, now: Date): Promise<void> {
  await a(db).updateTable('authn.login_challenge').set({ consumed_at: now }).where('id', '=', id).execute();
}

/** Ends every open challenge of a party (a new login supersedes them; a lockout cancels them). */
export async function consumeOpenChallenges(db: Db, partyId: number, now: Date): Promise<void> {
  await a(db).updateTable('authn.login_challenge').set({ consumed_at: now }).where('party_id', '=', partyId).where('consumed_at', 'is', null).execute();
}

export interface SessionRow {
  id: string;
  party_id: number;
  security_level: number;
  methods: AuthMethod[];
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

export async function insertSession(db: Db, row: Omit<SessionRow, 'revoked_at'> & { token_hash: string }): Promise<void> {
  await a(db)
    .insertInto('authn.session')
    .values({ ...row, methods: jsonb(row.methods), revoked_at: null })
    .execute();
}

export async function selectSessionByTokenHash(db: Db, tokenHash: string): Promise<SessionRow | undefined> {
  const row = await a(db)
    .selectFrom('authn.session')
    .select(['id', 'party_id', 'security_level', 'methods', 'created_at', 'last_seen_at', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? { ...row, methods: row.methods as AuthMethod[] } : undefined;
}

export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await a(db).updateTable('authn.session').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function revokeSession(db: Db, id: string, now: Date): Promise<void> {
  await a(db).updateTable('authn.session').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** True when the session was ended (logout); an unknown id counts as ended. */
export async function selectSessionRevoked(db: Db, id: string): Promise<boolean> {
  const row = await a(db).selectFrom('authn.session').select('revoked_at').where('id', '=', id).executeTakeFirst();
  return !row || row.revoked_at !== null;
}

/** Sessions ended after `since`. */
export async function selectRevokedSessionIdsSince(db: Db, since: Date): Promise<{ id: string; revoked_at: Date }[]> {
  const rows = await a(db).selectFrom('authn.session').select(['id', 'revoked_at']).where('revoked_at', '>', since).execute();
  return rows.map((r) => ({ id: r.id, revoked_at: r.revoked_at! }));
}
