import { sql, type Kysely } from 'kysely';

/** Records a nonce; false when it was already recorded (a replay). */
export async function insertWsNonce(db: Kysely<any>, nonceHash: string, expiresAt: Date): Promise<boolean> {
  const res = await sql<{ nonce_hash: string }>`insert into authn.ws_nonce (nonce_hash, expires_at) values (${nonceHash}, ${expiresAt}) on conflict (nonce_hash) do nothing returning nonce_hash`.execute(db);
  return res.rows.length === 1;
}

/** Forgets nonces whose tokens can no longer be fresh. */
export async function deleteExpiredWsNonces(db: Kysely<any>, now: Date): Promise<number> {
  const res = await sql`delete from authn.ws_nonce where expires_at < ${now}`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}
