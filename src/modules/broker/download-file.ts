import type { Readable } from 'node:stream';
import { AppError, type Actor } from '../../platform/index.ts';
import { openFile, type OpenedFile } from './access.ts';
import { parseRange } from './broker-file.ts';
import { insertEvent, updateRecipients } from './db/broker-store.ts';
import type { BrokerDeps } from './deps.ts';
import { BrokerProblems } from './errors.ts';

export interface Download {
  fileName: string;
  size: number;
  checksum: string;
  checksumAlgorithm: 'sha256' | 'md5';
  /** The bytes sent: all, or the asked range. */
  range: { start: number; end: number } | undefined;
  content: Readable;
}

/** A recipient's side of a published file that still has content; BRK-00011 otherwise. */
export function requireContent(opened: OpenedFile): void {
  const { row } = opened;
  if (row.status !== 'Published' || row.purged_at !== null) throw new AppError(BrokerProblems.notAvailable, { detail: `the file is ${row.purged_at !== null && row.status === 'Published' ? 'purged' : row.status}` });
}

/**
 * A recipient downloads a published file, whole or one byte range (`Range: bytes=…`, so a broken download
 * continues where it stopped). Each download is recorded for the sender to see; the recipient's status
 * turns Downloaded only when it confirms.
 */
export async function downloadFile(deps: BrokerDeps, actor: Actor, fileReference: string, options: { reporteeRef?: string | undefined; range?: string | undefined }): Promise<Download> {
  const opened = await openFile(deps, actor, fileReference, { reporteeRef: options.reporteeRef, only: 'recipient' });
  requireContent(opened);
  const { row } = opened;
  const size = row.size!;
  const range = options.range === undefined ? undefined : parseRange(options.range, size);
  if (range === 'unsatisfiable') throw new AppError(BrokerProblems.rangeNotSatisfiable, { detail: `the file has ${size} bytes`, data: { fileSize: size } });
  const content = await deps.blobs.get(row.blob_key, range);
  const now = deps.clock.now();
  // The first byte of a download counts as a download (a range from 0, or the whole file).
  if (!range || range.start === 0) {
    await updateRecipients(deps.db, row.file_reference, { last_downloaded_at: now }, opened.reportee.partyId);
    await insertEvent(deps.db, { file_reference: row.file_reference, at: now, event: 'Downloaded', recipient_party_id: opened.reportee.partyId, detail: null });
  }
  return { fileName: row.file_name, size, checksum: row.checksum!, checksumAlgorithm: row.checksum_algorithm, range, content };
}
