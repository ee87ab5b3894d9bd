import { inTransaction, type Actor } from '../../platform/index.ts';
import { openCorrespondence, personOf } from './access.ts';
import { insertStatusChange, updateCorrespondence } from './db/correspondence-store.ts';
import { bindCorrespondenceDeps, type CorrespondenceDeps } from './deps.ts';

/**
 * Removes a correspondence from the reportee's box (DeletedByUser). The message is kept, out of sight,
 * so the service owner's status history stays whole; it is never shown to the reportee again.
 */
export async function deleteCorrespondence(deps: CorrespondenceDeps, actor: Actor, reporteeRef: string, id: number): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const bound = bindCorrespondenceDeps(deps, trx);
    await openCorrespondence(bound, actor, reporteeRef, id, { forUpdate: true });
    const now = deps.clock.now();
    await updateCorrespondence(trx, id, { deleted_at: now }, now);
    await insertStatusChange(trx, id, 'DeletedByUser', now, personOf(actor));
  });
}
