import { inTransaction, type Actor } from '../../platform/index.ts';
import { describeActor, openFile, presentFile } from './access.ts';
import type { BrokerFile } from './broker-file.ts';
import { insertEvent, selectFile, selectRecipients, updateFile, updateRecipients } from './db/broker-store.ts';
import { bindBrokerDeps, type BrokerDeps } from './deps.ts';
import { requireContent } from './download-file.ts';

/**
 * A recipient confirms it has the file (Altinn II ConfirmDownloaded): its status turns Downloaded, for the
 * sender to see. Confirming again changes nothing. When every recipient has confirmed and the service says
 * so, the content is deleted at once (the transfer's record stays).
 */
export async function confirmDownload(deps: BrokerDeps, actor: Actor, fileReference: string, reporteeRef?: string): Promise<BrokerFile> {
  const opened = await openFile(deps, actor, fileReference, { reporteeRef, only: 'recipient' });
  const ref = opened.row.file_reference;
  const purge = await inTransaction(deps.db, async (trx) => {
    const row = (await selectFile(trx, ref, true))!;
    const recipients = await selectRecipients(trx, [ref]);
    const mine = recipients.find((r) => r.party_id === opened.reportee.partyId)!;
    if (mine.status === 'Downloaded') return false;
    requireContent({ ...opened, row });
    const now = deps.clock.now();
    await updateRecipients(trx, ref, { status: 'Downloaded', confirmed_at: now, confirmed_by: describeActor(actor) }, mine.party_id);
    await insertEvent(trx, { file_reference: ref, at: now, event: 'DownloadConfirmed', recipient_party_id: mine.party_id, detail: null });
    await updateFile(trx, ref, { changed_at: now });
    if (!recipients.every((r) => r.party_id === mine.party_id || r.status === 'Downloaded')) return false;
    await insertEvent(trx, { file_reference: ref, at: now, event: 'AllConfirmedDownloaded', recipient_party_id: null, detail: null });
    const edition = await bindBrokerDeps(deps, trx).catalog.uncheckedGetServiceEdition(row.service_code, row.service_edition_code);
    if (!edition.broker?.purgeWhenAllConfirmed) return false;
    await updateFile(trx, ref, { purged_at: now });
    await insertEvent(trx, { file_reference: ref, at: now, event: 'Purged', recipient_party_id: null, detail: 'every recipient confirmed' });
    return true;
  });
  if (purge) await deps.blobs.delete(opened.row.blob_key);
  return presentFile(deps, { ...opened, row: (await selectFile(deps.db, ref))! });
}
