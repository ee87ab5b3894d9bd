import { AppError, inTransaction, type Actor } from '../../platform/index.ts';
import { openCorrespondence, personOf, present } from './access.ts';
import type { Correspondence } from './correspondence.ts';
import { insertStatusChange, updateCorrespondence } from './db/correspondence-store.ts';
import { bindCorrespondenceDeps, type CorrespondenceDeps } from './deps.ts';
import { CorrespondenceProblems } from './errors.ts';

/**
 * Moves a correspondence to the archive (Altinn II ArchiveCorrespondence): only once it is read and, when
 * the service asks for it, confirmed (CORR-00008 otherwise). Archiving twice changes nothing.
 */
export async function archiveCorrespondence(deps: CorrespondenceDeps, actor: Actor, reporteeRef: string, id: number): Promise<Correspondence> {
  return inTransaction(deps.db, async (trx) => {
    const bound = bindCorrespondenceDeps(deps, trx);
    let { row } = await openCorrespondence(bound, actor, reporteeRef, id, { forUpdate: true });
    if (row.read_at === null || (row.is_confirmation_needed && row.confirmed_at === null)) throw new AppError(CorrespondenceProblems.notArchivable);
    if (row.archived_at === null) {
      const now = deps.clock.now();
      await updateCorrespondence(trx, id, { archived_at: now }, now);
      await insertStatusChange(trx, id, 'Archived', now, personOf(actor));
      row = { ...row, archived_at: now, last_changed_at: now };
    }
    return present(bound, row);
  });
}
