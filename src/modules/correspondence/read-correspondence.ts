import { AppError, inTransaction, type Actor } from '../../platform/index.ts';
import { openCorrespondence, personOf, present } from './access.ts';
import type { Correspondence } from './correspondence.ts';
import { insertStatusChange, updateCorrespondence, type CorrespondenceRow } from './db/correspondence-store.ts';
import { bindCorrespondenceDeps, type CorrespondenceDeps } from './deps.ts';
import { CorrespondenceProblems } from './errors.ts';

/** Records the first reading: who, when, at which security level (later readings change nothing). */
export async function markRead(deps: CorrespondenceDeps, actor: Actor, row: CorrespondenceRow): Promise<CorrespondenceRow> {
  if (row.read_at !== null) return row;
  const now = deps.clock.now();
  const change = { read_at: now, read_by_party_id: personOf(actor), read_level: actor.kind === 'serviceOwner' ? null : actor.securityLevel };
  await updateCorrespondence(deps.db, row.correspondence_id, change, now);
  await insertStatusChange(deps.db, row.correspondence_id, 'Read', now, change.read_by_party_id);
  return { ...row, ...change, last_changed_at: now };
}

/**
 * Reads a correspondence for its reportee (portal or end-user system). As in Altinn II, reading marks it
 * Read — the first time, with who read it and at which level — and cannot be suppressed. `archivedOnly`
 * reads from the reportee's archive (Altinn II's GetArchivedCorrespondence): one the reportee has not
 * archived is not there (CORR-00005) and is not marked; an archived one was read before it was archived.
 */
export async function readCorrespondence(deps: CorrespondenceDeps, actor: Actor, reporteeRef: string, id: number, options: { archivedOnly?: boolean } = {}): Promise<Correspondence> {
  return inTransaction(deps.db, async (trx) => {
    const bound = bindCorrespondenceDeps(deps, trx);
    const { row } = await openCorrespondence(bound, actor, reporteeRef, id, { forUpdate: true });
    if (options.archivedOnly && row.archived_at === null) throw new AppError(CorrespondenceProblems.notFound, { detail: 'the reportee has not archived it' });
    return present(bound, await markRead(bound, actor, row));
  });
}
