import type { Readable } from 'node:stream';
import type { Actor } from '../../platform/index.ts';
import { cancelFile } from './cancel-file.ts';
import { confirmDownload } from './confirm-download.ts';
import { bindBrokerDeps, type BrokerDeps } from './deps.ts';
import { downloadFile } from './download-file.ts';
import { brokerHousekeepingJob, expireFiles } from './expire-files.ts';
import { initiateFile, type FileInitiation } from './initiate-file.ts';
import { getFile, listFiles, type FileFilter } from './list-files.ts';
import { notifyRecipientsJob } from './notify-recipients.ts';
import { uploadFile, type UploadRequest } from './upload-file.ts';
import { listShipmentReceipts, removeShipmentReceipt, sendZipShipment } from './send-zip-shipment.ts';

export type { BrokerDeps } from './deps.ts';
export type { BrokerFile, BrokerRecipient, FileEvent, FileStatus, RecipientStatus, ListStatus, ContentRange } from './broker-file.ts';
export type { FileInitiation } from './initiate-file.ts';
export type { FileFilter } from './list-files.ts';
export type { UploadRequest } from './upload-file.ts';
export type { Download } from './download-file.ts';
export type { ShipmentReceipt } from './send-zip-shipment.ts';
export { FILE_STATUSES, RECIPIENT_STATUSES, LIST_STATUSES, MAX_PROPERTIES, MAX_RECIPIENTS, parseContentRange } from './broker-file.ts';
export { MAX_LISTED_FILES } from './list-files.ts';
export { UploadHashes } from './upload-hashes.ts';
export { BrokerProblems } from './errors.ts';
export { brokerMigrations } from './db/migrations/index.ts';
export { registerBrokerRoutes } from './http/routes.ts';

/** The broker module's API: file transfers between parties (formidling) with streamed, resumable upload, range download and confirmation. */
export function createBroker(deps: BrokerDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: BrokerDeps['db']) => createBroker(bindBrokerDeps(deps, db)),
    /** Starts a transfer (InitiateBrokerService) → the file with its reference. */
    initiateFile: (actor: Actor, input: FileInitiation, idempotencyKey?: string) => initiateFile(deps, actor, input, idempotencyKey),
    /** Uploads the content, whole or one chunk; the last byte publishes it once its checksum holds. */
    uploadFile: (actor: Actor, fileReference: string, request: UploadRequest, content: Readable) => uploadFile(deps, actor, fileReference, request, content),
    /** The reportee's transfers, sent and received, filtered by rights. */
    listFiles: (actor: Actor, filter: FileFilter) => listFiles(deps, actor, filter),
    /** One transfer from the actor's side (the sender's with its history). */
    getFile: (actor: Actor, fileReference: string, reporteeRef?: string) => getFile(deps, actor, fileReference, reporteeRef),
    /** A recipient downloads the content, whole or a byte range. */
    downloadFile: (actor: Actor, fileReference: string, options: { reporteeRef?: string | undefined; range?: string | undefined }) => downloadFile(deps, actor, fileReference, options),
    /** A recipient confirms the download (ConfirmDownloaded). */
    confirmDownload: (actor: Actor, fileReference: string, reporteeRef?: string) => confirmDownload(deps, actor, fileReference, reporteeRef),
    /** A shipment from the batch channel: a ZIP on local disk with manifest.xml and recipients.xml, initiated and published in one go → its receipt. */
    sendZipShipment: (actor: Actor, path: string, archiveName: string) => sendZipShipment(deps, actor, path, archiveName),
    /** The receipts of the account's batch-channel shipments. */
    listShipmentReceipts: (actor: Actor) => listShipmentReceipts(deps, actor),
    /** Removes one of the account's shipment receipts. */
    removeShipmentReceipt: (actor: Actor, archiveName: string) => removeShipmentReceipt(deps, actor, archiveName),
    /** The sender cancels a transfer. */
    cancelFile: (actor: Actor, fileReference: string) => cancelFile(deps, actor, fileReference),
    /** Expires transfers past their retention and finishes uploads cut short (the housekeeping job's work; callable from tests and the CLI). */
    expireFiles: () => expireFiles(deps),
    /** The worker's jobs: notifications on publication, housekeeping. */
    jobs: () => [notifyRecipientsJob(deps), brokerHousekeepingJob(deps)],
  };
}

/** The broker module's API type. */
export type Broker = ReturnType<typeof createBroker>;
