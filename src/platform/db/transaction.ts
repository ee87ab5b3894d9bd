import type { Kysely, Transaction } from 'kysely';

/**
 * Runs `work` in a transaction: the caller's, when `db` already is one (a use case called from another
 * use case's transaction), otherwise a new one.
 */
export async function inTransaction<DB, T>(db: Kysely<DB>, work: (trx: Transaction<DB> | Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute((trx) => work(trx));
}
