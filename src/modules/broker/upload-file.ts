import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError, enqueueJob, inTransaction, isAppError, MIN_STAGED_PART_BYTES, PlatformProblems, tap, type Actor } from '../../platform/index.ts';
import { openFile, presentFile } from './access.ts';
import type { BrokerFile, ContentRange, FileStatus } from './broker-file.ts';
import { insertEvent, selectFile, updateFile, updateRecipients, type FileRow } from './db/broker-store.ts';
import type { BrokerDeps } from './deps.ts';
import { BrokerProblems } from './errors.ts';

/** One upload request: the whole file, or one chunk named by Content-Range. */
export interface UploadRequest {
  range?: ContentRange | undefined;
  /** The body's Content-Length. */
  length: number | undefined;
}

const UPLOADABLE: readonly FileStatus[] = ['Initialized', 'Uploading'];
export const NOTIFY_RECIPIENTS_JOB = 'broker.notify-recipients';

/**
 * Uploads a file's content, whole or in chunks (`Content-Range: bytes start-end/total`, every chunk but the
 * last at least 5 MiB), streamed to the blob store and never held in memory. A chunk counts only once it is
 * stored whole: an upload cut off resumes from `uploadedBytes`, which the file's details give. After the
 * last byte the content is checked against the declared checksum and only then published to the recipients
 * (BRK-00007 and status Failed when it does not match). Only the sender uploads.
 */
export async function uploadFile(deps: BrokerDeps, actor: Actor, fileReference: string, request: UploadRequest, content: Readable): Promise<BrokerFile> {
  const opened = await openFile(deps, actor, fileReference, { only: 'sender' });
  const row = opened.row;
  const ref = row.file_reference;
  if (!UPLOADABLE.includes(row.status)) throw new AppError(BrokerProblems.notUploadable, { detail: `the file is ${row.status}` });
  if (row.size !== null && row.received === row.size) {
    // Every byte is in; publishing was cut short (the process ended). Finish it now instead of taking more.
    await finishOrThrow(deps, ref);
    return presentFile(deps, { ...opened, row: (await selectFile(deps.db, ref))! });
  }
  const chunk = checkChunk(row, request, (await deps.catalog.uncheckedGetServiceEdition(row.service_code, row.service_edition_code)).broker?.maxFileSize ?? 0);

  let uploadId = row.upload_id;
  if (uploadId === null) {
    uploadId = await deps.blobs.beginStaged(row.blob_key);
    if (!(await updateFile(deps.db, ref, { upload_id: uploadId }, { uploadIdIsNull: true }))) {
      // Another request began the staging first: use that one.
      await deps.blobs.abortStaged(row.blob_key, uploadId);
      uploadId = (await selectFile(deps.db, ref))!.upload_id!;
    }
  }
  const hash = deps.hashes.continueAt(ref, chunk.start, row.checksum_algorithm);
  const part = await deps.blobs.putPart(row.blob_key, uploadId, row.parts.length + 1, hash ? tap(content, (data) => hash.update(data)) : content, chunk.length);

  const now = deps.clock.now();
  const committed = await inTransaction(deps.db, async (trx) => {
    const current = await selectFile(trx, ref, true);
    if (!current || !UPLOADABLE.includes(current.status) || current.received !== chunk.start || current.upload_id !== uploadId) return current;
    await updateFile(trx, ref, { received: chunk.start + chunk.length, size: chunk.total, parts: [...current.parts, part], status: 'Uploading', changed_at: now });
    if (current.status === 'Initialized') await insertEvent(trx, { file_reference: ref, at: now, event: 'UploadStarted', recipient_party_id: null, detail: null });
    return 'committed' as const;
  });
  if (committed !== 'committed') {
    // Another request stored this chunk first, or the file was cancelled meanwhile: this copy does not count.
    if (!committed || !UPLOADABLE.includes(committed.status)) throw new AppError(BrokerProblems.notUploadable, { detail: `the file is ${committed?.status ?? 'gone'}` });
    throw new AppError(BrokerProblems.wrongOffset, { detail: `the upload stands at byte ${committed.received}`, data: { uploadedBytes: committed.received } });
  }
  if (hash) deps.hashes.commit(ref, chunk.start + chunk.length, hash);
  if (chunk.start + chunk.length === chunk.total) await finishOrThrow(deps, ref);
  return presentFile(deps, { ...opened, row: (await selectFile(deps.db, ref))! });
}

function checkChunk(row: FileRow, request: UploadRequest, maxFileSize: number): { start: number; length: number; total: number } {
  const length = request.length;
  if (length === undefined) throw new AppError(BrokerProblems.invalidContentRange, { detail: 'send Content-Length: chunked bodies are not taken' });
  const range = request.range ?? { start: 0, end: length - 1, total: length };
  if (range.total === 0) throw new AppError(BrokerProblems.emptyFile);
  if (range.end - range.start + 1 !== length) throw new AppError(BrokerProblems.invalidContentRange, { detail: `the range has ${range.end - range.start + 1} bytes, the body ${length}` });
  if (row.size !== null && range.total !== row.size) throw new AppError(BrokerProblems.invalidContentRange, { detail: `the file has ${row.size} bytes, as the first chunk said` });
  if (range.total > maxFileSize) throw new AppError(BrokerProblems.tooLarge, { detail: `${range.total} bytes; this service takes at most ${maxFileSize}` });
  if (range.start !== row.received) throw new AppError(BrokerProblems.wrongOffset, { detail: `the upload stands at byte ${row.received}`, data: { uploadedBytes: row.received } });
  if (range.end + 1 < range.total && length < MIN_STAGED_PART_BYTES) throw new AppError(BrokerProblems.chunkTooSmall, { detail: `${length} bytes` });
  return { start: range.start, length, total: range.total };
}

async function finishOrThrow(deps: BrokerDeps, fileReference: string): Promise<void> {
  const outcome = await finishUpload(deps, fileReference);
  if (outcome.result === 'failed') throw new AppError(BrokerProblems.checksumMismatch, { detail: outcome.detail });
}

/**
 * Turns a fully received upload into a published file: joins the stored chunks, checks the content against
 * the declared checksum (from the running hash when this process saw every chunk, else by reading it back)
 * and publishes it to the recipients with their notification — or marks it Failed and deletes the content.
 * Safe to run twice and from any process: only one publication counts. Recipients never see a file before
 * this check.
 */
export async function finishUpload(deps: BrokerDeps, fileReference: string): Promise<{ result: 'published' | 'failed' | 'skipped'; detail?: string }> {
  const row = await selectFile(deps.db, fileReference);
  if (!row || row.status !== 'Uploading' || row.size === null || row.received !== row.size) return { result: 'skipped' };
  try {
    await deps.blobs.completeStaged(row.blob_key, row.upload_id!, row.parts);
  } catch (err) {
    // Completed already by an earlier attempt that ended before publishing: the content is there.
    if ((await deps.blobs.stat(row.blob_key))?.size !== row.size) throw err;
  }
  const digest = deps.hashes.take(fileReference, row.size) ?? (await digestOf(deps, row));
  const now = deps.clock.now();
  if (row.declared_checksum !== null && digest !== row.declared_checksum) {
    const detail = `the content's ${row.checksum_algorithm === 'md5' ? 'MD5' : 'SHA-256'} is ${digest}, not ${row.declared_checksum}`;
    const failed = await inTransaction(deps.db, async (trx) => {
      if (!(await updateFile(trx, fileReference, { status: 'Failed', failure: `${BrokerProblems.checksumMismatch.code}: ${detail}`, checksum: digest, changed_at: now, purged_at: now }, { status: ['Uploading'] }))) return false;
      await insertEvent(trx, { file_reference: fileReference, at: now, event: 'Failed', recipient_party_id: null, detail: BrokerProblems.checksumMismatch.code });
      return true;
    });
    if (failed) await deps.blobs.delete(row.blob_key);
    return failed ? { result: 'failed', detail } : { result: 'skipped' };
  }
  const edition = await deps.catalog.uncheckedGetServiceEdition(row.service_code, row.service_edition_code);
  const published = await inTransaction(deps.db, async (trx) => {
    if (!(await updateFile(trx, fileReference, { status: 'Published', checksum: digest, published_at: now, changed_at: now }, { status: ['Uploading'] }))) return false;
    await updateRecipients(trx, fileReference, { status: 'Published' });
    await insertEvent(trx, { file_reference: fileReference, at: now, event: 'Published', recipient_party_id: null, detail: null });
    if (edition.broker?.publishNotification) {
      await enqueueJob(trx, deps.clock, { maxAttempts: 5 }, { kind: NOTIFY_RECIPIENTS_JOB, payload: { fileReference }, idempotencyKey: `${NOTIFY_RECIPIENTS_JOB}:${fileReference}` });
    }
    return true;
  });
  return { result: published ? 'published' : 'skipped' };
}

async function digestOf(deps: BrokerDeps, row: FileRow): Promise<string> {
  const hash = createHash(row.checksum_algorithm);
  try {
    for await (const data of await deps.blobs.get(row.blob_key)) hash.update(data as Buffer);
  } catch (err) {
    if (isAppError(err, PlatformProblems.blobNotFound)) throw new AppError(PlatformProblems.internal, { detail: 'the uploaded content is missing', cause: err });
    throw err;
  }
  return hash.digest('hex');
}
