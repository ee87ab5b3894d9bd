import { AppError, inTransaction, recordAudit, type Actor } from '../../platform/index.ts';
import { describeActor, openFile, presentFile } from './access.ts';
import type { BrokerFile } from './broker-file.ts';
import { insertEvent, selectFile, updateFile } from './db/broker-store.ts';
import type { BrokerDeps } from './deps.ts';
import { BrokerProblems } from './errors.ts';
import { dropContent } from './expire-files.ts';

/**
 * The sender cancels a transfer, before or after publication: recipients can no longer download it and
 * its content (or unfinished upload) is deleted. The record stays, with who cancelled. An ended transfer
 * (cancelled, expired, failed) is BRK-00013.
 */
export async function cancelFile(deps: BrokerDeps, actor: Actor, fileReference: string): Promise<BrokerFile> {
  const opened = await openFile(deps, actor, fileReference, { only: 'sender' });
  const ref = opened.row.file_reference;
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (trx) => {
    const current = (await selectFile(trx, ref, true))!;
    if (!(await updateFile(trx, ref, { status: 'Cancelled', changed_at: now, purged_at: now }, { status: ['Initialized', 'Uploading', 'Published'] }))) {
      throw new AppError(BrokerProblems.notCancellable, { detail: `the file is ${current.status}` });
    }
    await insertEvent(trx, { file_reference: ref, at: now, event: 'Cancelled', recipient_party_id: null, detail: describeActor(actor) });
    await recordAudit(trx, deps.clock, { event: 'broker.cancel', outcome: 'success', partyId: current.sender_party_id, detail: { fileReference: ref, by: describeActor(actor) } });
    return current;
  });
  deps.hashes.forget(ref);
  await dropContent(deps, row);
  return presentFile(deps, { ...opened, row: (await selectFile(deps.db, ref))! });
}
