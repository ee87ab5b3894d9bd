import { inTransaction, type JobDefinition } from '../../platform/index.ts';
import { insertEvent, selectExpired, selectFile, selectUnfinished, updateFile, type FileRow } from './db/broker-store.ts';
import type { BrokerDeps } from './deps.ts';
import { finishUpload } from './upload-file.ts';

export const BROKER_HOUSEKEEPING_JOB = 'broker.housekeeping';
const BATCH = 500;
/** An upload whose last byte came in this long ago but that is still not published lost its process on the way. */
const UNFINISHED_AFTER_MS = 5 * 60_000;

/** Deletes a transfer's content and any unfinished upload (either may be missing). */
export async function dropContent(deps: BrokerDeps, row: Pick<FileRow, 'blob_key' | 'upload_id'>): Promise<void> {
  if (row.upload_id !== null) await deps.blobs.abortStaged(row.blob_key, row.upload_id);
  await deps.blobs.delete(row.blob_key);
}

/**
 * Ends transfers whose retention is over: unfinished and published ones alike turn Expired and their
 * content is deleted; the record stays for the sender and the recipients.
 * Also publishes uploads whose process ended between the last byte and publication.
 */
export async function expireFiles(deps: BrokerDeps): Promise<{ expired: number; finished: number }> {
  const now = deps.clock.now();
  let expired = 0;
  for (const ref of await selectExpired(deps.db, now, BATCH)) {
    const row = await inTransaction(deps.db, async (trx) => {
      const current = await selectFile(trx, ref, true);
      if (!current || current.purged_at !== null) return undefined;
      const ending = current.status === 'Initialized' || current.status === 'Uploading' || current.status === 'Published';
      await updateFile(trx, ref, { purged_at: now, changed_at: now, ...(ending ? { status: 'Expired' as const } : {}) });
      await insertEvent(trx, { file_reference: ref, at: now, event: ending ? 'Expired' : 'Purged', recipient_party_id: null, detail: 'retention ended' });
      return current;
    });
    if (!row) continue;
    deps.hashes.forget(ref);
    await dropContent(deps, row);
    expired++;
  }
  let finished = 0;
  for (const ref of await selectUnfinished(deps.db, new Date(now.getTime() - UNFINISHED_AFTER_MS), BATCH)) {
    if ((await finishUpload(deps, ref)).result !== 'skipped') finished++;
  }
  return { expired, finished };
}

/** The worker's housekeeping: every ten minutes on whichever worker comes first. */
export function brokerHousekeepingJob(deps: BrokerDeps): JobDefinition<Record<string, never>> {
  return { kind: BROKER_HOUSEKEEPING_JOB, every: { ms: 600_000, payload: {} }, run: async () => void (await expireFiles(deps)) };
}
