import { AppError, inTransaction, type Actor } from '../../platform/index.ts';
import { openCorrespondence, personOf, present } from './access.ts';
import type { Correspondence } from './correspondence.ts';
import { insertStatusChange, updateCorrespondence } from './db/correspondence-store.ts';
import { bindCorrespondenceDeps, type CorrespondenceDeps } from './deps.ts';
import { CorrespondenceProblems } from './errors.ts';
import { markRead } from './read-correspondence.ts';

/**
 * Confirms a correspondence whose service asks for it (Altinn II SaveCorrespondenceConfirmation): records
 * who and when, reading it too if it was unread. Confirming twice changes nothing. CORR-00007 when the
 * service does not ask for confirmation.
 */
export async function confirmCorrespondence(deps: CorrespondenceDeps, actor: Actor, reporteeRef: string, id: number): Promise<Correspondence> {
  return inTransaction(deps.db, async (trx) => {
    const bound = bindCorrespondenceDeps(deps, trx);
    const opened = await openCorrespondence(bound, actor, reporteeRef, id, { forUpdate: true });
    if (!opened.row.is_confirmation_needed) throw new AppError(CorrespondenceProblems.confirmationNotNeeded);
    let row = await markRead(bound, actor, opened.row);
    if (row.confirmed_at === null) {
      const now = deps.clock.now();
      const by = personOf(actor);
      await updateCorrespondence(trx, id, { confirmed_at: now, confirmed_by_party_id: by }, now);
      await insertStatusChange(trx, id, 'Confirmed', now, by);
      row = { ...row, confirmed_at: now, confirmed_by_party_id: by, last_changed_at: now };
    }
    return present(bound, row);
  });
}
