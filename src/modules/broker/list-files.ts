import { AppError, type Actor } from '../../platform/index.ts';
import { listEvents, openFile, presentFile, presentFiles } from './access.ts';
import type { BrokerFile, FileEvent, ListStatus } from './broker-file.ts';
import { selectFilesOfParty } from './db/broker-store.ts';
import type { BrokerDeps } from './deps.ts';
import { BrokerProblems } from './errors.ts';

export interface FileFilter {
  /** The party whose files to list: `me` (the default), an orgno or `r<partyId>`. */
  reportee?: string | undefined;
  serviceCode?: string | undefined;
  serviceEditionCode?: number | undefined;
  status?: ListStatus | undefined;
  minSentDateTime?: Date | undefined;
  maxSentDateTime?: Date | undefined;
}

/** At most this many files per answer (the newest); `limitReached` tells when there were more. */
export const MAX_LISTED_FILES = 1000;

/**
 * The reportee's file transfers: those it sent and those published to it, newest first (Altinn II
 * GetAvailableFiles, Altinn 3 search). Filtered silently by rights: a service's files appear only where the
 * actor may Write (sent) or Read (received) on it for the reportee, at its security level. Status
 * Downloaded lists what the reportee confirmed as a recipient.
 */
export async function listFiles(deps: BrokerDeps, actor: Actor, filter: FileFilter): Promise<{ files: BrokerFile[]; limitReached: boolean }> {
  if (filter.minSentDateTime && filter.maxSentDateTime && filter.minSentDateTime > filter.maxSentDateTime) {
    throw new AppError(BrokerProblems.invalidFile, { errors: [{ path: 'minSentDateTime', message: 'not after maxSentDateTime', rule: 'range' }] });
  }
  const reportee = await deps.authz.resolveReportee(actor, filter.reportee ?? 'me');
  const found = await selectFilesOfParty(deps.db, { ...filter, partyId: reportee.partyId, limit: MAX_LISTED_FILES + 1 });
  const allowed = new Map<string, boolean>();
  const may = async (serviceCode: string, serviceEditionCode: number, side: 'sender' | 'recipient') => {
    const key = `${serviceCode}|${serviceEditionCode}|${side}`;
    if (!allowed.has(key)) {
      const decision = await deps.authz.decide(actor, { reportee, serviceCode, serviceEditionCode, operation: side === 'sender' ? 'Write' : 'Read', auditDenial: false });
      allowed.set(key, decision.decision === 'Permit');
    }
    return allowed.get(key)!;
  };
  const visible = [];
  for (const f of found.slice(0, MAX_LISTED_FILES)) {
    if (await may(f.row.service_code, f.row.service_edition_code, f.side)) visible.push({ ...f, viewerPartyId: reportee.partyId });
  }
  return { files: await presentFiles(deps, visible), limitReached: found.length > MAX_LISTED_FILES };
}

/** One transfer as the actor's side sees it; the sender also gets its history. */
export async function getFile(deps: BrokerDeps, actor: Actor, fileReference: string, reporteeRef?: string): Promise<{ file: BrokerFile; history: FileEvent[] | null }> {
  const opened = await openFile(deps, actor, fileReference, { reporteeRef });
  const file = await presentFile(deps, opened);
  return { file, history: opened.side === 'sender' ? await listEvents(deps, opened.row.file_reference) : null };
}
