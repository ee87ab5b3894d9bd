import { AppError, requireServiceOwner, type Actor } from '../../platform/index.ts';
import { purgeQueueItem, selectDownloadQueue } from './db/archive-store.ts';
import type { SubmissionsDeps } from './deps.ts';
import { SubmissionProblems } from './errors.ts';

/** Altinn II answers at most 500 items; newer ones appear as older ones are purged. */
export const DOWNLOAD_QUEUE_PAGE = 500;

/** One archived submission waiting for the service owner (DownloadQueueItemBE). */
export interface DownloadQueueItem {
  archiveReference: string;
  archivedDate: Date;
  reporteeId: string;
  reporteeType: 'Organisation' | 'Person';
  serviceCode: string;
  serviceEditionCode: number;
}

/** The oldest unpurged items of the actor's services (GetDownloadQueueItems), optionally of one service code. */
export async function listDownloadQueue(deps: SubmissionsDeps, actor: Actor, serviceCode?: string): Promise<DownloadQueueItem[]> {
  const owner = requireServiceOwner(actor);
  const rows = await selectDownloadQueue(deps.db, owner.serviceOwnerCode, serviceCode, DOWNLOAD_QUEUE_PAGE);
  const listed = await deps.register.uncheckedListParties([...new Set(rows.map((r) => r.reportee_party_id))]);
  const ids = new Map<number, { id: string; type: DownloadQueueItem['reporteeType'] }>([
    ...listed.persons.map((p) => [p.partyId, { id: p.ssn, type: 'Person' as const }] as const),
    ...listed.organizations.map((o) => [o.organization.partyId, { id: o.organization.orgno, type: 'Organisation' as const }] as const),
  ]);
  return rows.map((r) => ({
    archiveReference: r.archive_reference,
    archivedDate: r.archived_at,
    reporteeId: ids.get(r.reportee_party_id)?.id ?? '',
    reporteeType: ids.get(r.reportee_party_id)?.type ?? 'Organisation',
    serviceCode: r.service_code,
    serviceEditionCode: r.service_edition_code,
  }));
}

/** Removes an item from the queue (PurgeItem); the archive stays. Purging twice is fine; another owner's item is not found. */
export async function purgeDownloadQueueItem(deps: SubmissionsDeps, actor: Actor, archiveReference: string): Promise<void> {
  const owner = requireServiceOwner(actor);
  if (!(await purgeQueueItem(deps.db, owner.serviceOwnerCode, archiveReference, deps.clock.now()))) throw new AppError(SubmissionProblems.archiveNotFound);
}
