import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors/errors.ts';
import { PlatformProblems } from '../errors/platform-problems.ts';
import type { JobDefinition } from '../jobs/index.ts';
import { sha256Hex } from '../secrets.ts';

interface IdempotencyTable {
  scope: string;
  key: string;
  fingerprint: string;
  result_id: string | null;
  created_at: Date;
}

const t = (db: Kysely<any>) => db as Kysely<{ 'platform.idempotency_key': IdempotencyTable }>;

/** How long a key is remembered. Clients retry within minutes; a day covers outages and batch reruns. */
export const IDEMPOTENCY_RETENTION_MS = 86_400_000;

const KEY = /^[\x21-\x7e]{1,200}$/;

/** An Idempotency-Key as a client sent it, checked: 1–200 visible ASCII characters (PLAT-00016 otherwise). */
export function parseIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!KEY.test(key)) throw new AppError(PlatformProblems.invalidIdempotencyKey, { errors: [{ path: 'Idempotency-Key', message: '1–200 visible ASCII characters', rule: 'format' }] });
  return key;
}

/**
 * Runs `create` once per (scope, key) and returns the id it made; a retry with the same key gets the same id
 * back (`replayed`) and creates nothing. `db` must be the use case's transaction, so the key and the
 * creation commit together: a crash between them cannot leave one without the other. A concurrent retry
 * waits on the key's row until the first commits. The same key with a different request (`request`, its
 * non-secret fields) is PLAT-00017. Without a key, `create` simply runs.
 */
export async function createIdempotently(
  db: Kysely<any>,
  clock: Clock,
  ref: { scope: string; key: string | undefined; request: unknown },
  create: () => Promise<string>,
): Promise<{ id: string; replayed: boolean }> {
  if (ref.key === undefined) return { id: await create(), replayed: false };
  const fingerprint = sha256Hex(JSON.stringify(ref.request));
  const claimed = await t(db)
    .insertInto('platform.idempotency_key')
    .values({ scope: ref.scope, key: ref.key, fingerprint, result_id: null, created_at: clock.now() })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) {
    const earlier = await t(db).selectFrom('platform.idempotency_key').select(['fingerprint', 'result_id']).where('scope', '=', ref.scope).where('key', '=', ref.key).executeTakeFirstOrThrow();
    if (earlier.fingerprint !== fingerprint || earlier.result_id === null) throw new AppError(PlatformProblems.idempotencyKeyReused);
    return { id: earlier.result_id, replayed: true };
  }
  const id = await create();
  await t(db).updateTable('platform.idempotency_key').set({ result_id: id }).where('scope', '=', ref.scope).where('key', '=', ref.key).execute();
  return { id, replayed: false };
}

/** Forgets keys older than the retention period. */
export async function purgeIdempotencyKeys(db: Kysely<any>, clock: Clock): Promise<number> {
  const before = new Date(clock.now().getTime() - IDEMPOTENCY_RETENTION_MS);
  const result = await t(db).deleteFrom('platform.idempotency_key').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Hourly housekeeping of idempotency keys. */
export function idempotencyPurgeJob(db: Kysely<any>, clock: Clock): JobDefinition<Record<string, never>> {
  return { kind: 'platform.idempotency-purge', every: { ms: 3_600_000, payload: {} }, run: async () => void (await purgeIdempotencyKeys(db, clock)) };
}
