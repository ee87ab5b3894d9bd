import type { Readable } from 'node:stream';
import { AppError, type Actor } from '../../platform/index.ts';
import { openCorrespondence } from './access.ts';
import { selectAttachments } from './db/correspondence-store.ts';
import type { CorrespondenceDeps } from './deps.ts';
import { CorrespondenceProblems } from './errors.ts';

/** One attachment of a correspondence the actor may read, as a stream (reading it does not mark the message read). */
export async function getCorrespondenceAttachment(
  deps: CorrespondenceDeps,
  actor: Actor,
  reporteeRef: string,
  id: number,
  attachmentId: number,
): Promise<{ fileName: string; size: number; sha256: string; content: Readable }> {
  await openCorrespondence(deps, actor, reporteeRef, id);
  const attachment = (await selectAttachments(deps.db, id)).find((a) => a.attachment_id === attachmentId);
  if (!attachment) throw new AppError(CorrespondenceProblems.attachmentNotFound);
  return { fileName: attachment.file_name, size: Number(attachment.size), sha256: attachment.sha256, content: await deps.blobs.get(attachment.blob_key) };
}
