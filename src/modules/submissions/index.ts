import type { Actor } from '../../platform/index.ts';
import { bindSubmissionsDeps, type SubmissionsDeps } from './deps.ts';
import { findReporteeArchive, findServiceOwnerArchive, getArchivedFormTask, getServiceOwnerArchivedFormTask, openArchivedAttachment } from './archive.ts';
import { openFormSetPdf } from './form-set-pdf.ts';
import { getReceipt } from './receipt.ts';
import { listDownloadQueue, purgeDownloadQueueItem } from './service-owner-queue.ts';
import type { FormTaskShipment } from './shipment.ts';
import { submitFormTask } from './submit-form-task.ts';

export type { SubmissionsDeps } from './deps.ts';
export type { Receipt, ReceiptStatusCode, ReferenceTypeName } from './receipt.ts';
export type { FormTaskShipment, ShipmentForm, ShipmentAttachment } from './shipment.ts';
export type { SubmitResult } from './submit-form-task.ts';
export type { ArchivedFormTask, ArchiveParty } from './archive.ts';
export type { DownloadQueueItem } from './service-owner-queue.ts';
export { MAX_ATTACHMENT_BYTES_PER_REQUEST } from './shipment.ts';
export { SubmissionProblems } from './errors.ts';
export { submissionsMigrations } from './db/migrations/index.ts';
export { registerSubmissionsRoutes } from './http/routes.ts';
export { registerArchiveRoutes } from './http/archive-routes.ts';

/** The submissions module: form tasks (SubmitFormTask), the work list, the archive, receipts and the download queue. */
export function createSubmissions(deps: SubmissionsDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: SubmissionsDeps['db']) => createSubmissions(bindSubmissionsDeps(deps, db)),
    /** Submits a form-task shipment for a reportee ('me', an orgno or r<partyId>) → its receipt. */
    submitFormTask: (actor: Actor, reportee: string, shipment: FormTaskShipment) => submitFormTask(deps, actor, reportee, shipment),
    /** A receipt for its sender, the service owner, or someone who may Read the service for its party. */
    getReceipt: (actor: Actor, receiptId: number) => getReceipt(deps, actor, receiptId),
    /** An archived form task for someone with ArchiveRead for the reportee. */
    getArchivedFormTask: (actor: Actor, reportee: string, archiveReference: string) => getArchivedFormTask(deps, actor, reportee, archiveReference),
    /** The form set's PDF for someone with ArchiveRead for the reportee. */
    openArchivedFormTaskPdf: async (actor: Actor, reportee: string, archiveReference: string) => openFormSetPdf(deps, await findReporteeArchive(deps, actor, reportee, archiveReference)),
    /** An archived attachment's bytes for someone with ArchiveRead for the reportee. */
    openArchivedAttachment: async (actor: Actor, reportee: string, archiveReference: string, attachmentId: number) =>
      openArchivedAttachment(deps, await findReporteeArchive(deps, actor, reportee, archiveReference), attachmentId),
    /** The service owner's download queue: the oldest 500 unpurged items of its services. */
    listDownloadQueue: (actor: Actor, serviceCode?: string) => listDownloadQueue(deps, actor, serviceCode),
    /** The service owner removes an item from its download queue. */
    purgeDownloadQueueItem: (actor: Actor, archiveReference: string) => purgeDownloadQueueItem(deps, actor, archiveReference),
    /** An archived form task of the service owner's own services, with national ids and approvers. */
    getServiceOwnerArchivedFormTask: (actor: Actor, archiveReference: string) => getServiceOwnerArchivedFormTask(deps, actor, archiveReference),
    /** The form set's PDF for the owning service owner. */
    openServiceOwnerArchivePdf: async (actor: Actor, archiveReference: string) => openFormSetPdf(deps, await findServiceOwnerArchive(deps, actor, archiveReference)),
    /** An archived attachment's bytes for the owning service owner. */
    openServiceOwnerArchiveAttachment: async (actor: Actor, archiveReference: string, attachmentId: number) =>
      openArchivedAttachment(deps, await findServiceOwnerArchive(deps, actor, archiveReference), attachmentId),
  };
}

/** The submissions module's API type. */
export type Submissions = ReturnType<typeof createSubmissions>;
