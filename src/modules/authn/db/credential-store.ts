import { sql, type Kysely } from 'kysely';
import type { AuthnDatabase } from './tables.ts';

type Db = Kysely<any>;
const a = (db: Db) => db as Kysely<AuthnDatabase>;

export async function selectPasswordHash(db: Db, partyId: number): Promise<string | undefined> {
  const row = await a(db).selectFrom('authn.password').select('hash').where('party_id', '=', partyId).executeTakeFirst();
  return row?.hash;
}

export async function upsertPasswordHash(db: Db, partyId: number, hash: string, now: Date): Promise<void> {
  await a(db)
    .insertInto('authn.password')
    .values({ party_id: partyId, hash, updated_at: now })
    .onConflict((oc) => oc.column('party_id').doUpdateSet({ hash, updated_at: now }))
    .execute();
}

export async function selectLockout(db: Db, subject: string): Promise<{ failures: number; locked_until: Date | null } | undefined> {
  return a(db).selectFrom('authn.lockout').select(['failures', 'locked_until']).where('subject', '=', subject).executeTakeFirst();
}

/** Counts one failure atomically; returns the new count. */
export async function incrementFailures(db: Db, subject: string, now: Date): Promise<number> {
  const row = await sql<{ failures: number }>`
    insert into authn.lockout (subject, failures, locked_until, updated_at) values (${subject}, 1, null, ${now})
    on conflict (subject) do update set failures = authn.lockout.failures + 1, updated_at = ${now}
    returning failures`.execute(db);
  return row.rows[0]!.failures;
}

export async function lockSubject(db: Db, subject: string, until: Date, now: Date): Promise<void> {
  await a(db).updateTable('authn.lockout').set({ locked_until: until, failures: 0, updated_at: now }).where('subject', '=', subject).execute();
}

export async function clearLockout(db: Db, subject: string): Promise<void> {
  await a(db).deleteFrom('authn.lockout').where('subject', '=', subject).execute();
}
