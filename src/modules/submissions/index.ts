import type { Actor } from '../../platform/index.ts';
import { bindSubmissionsDeps, type SubmissionsDeps } from './deps.ts';
import { findReporteeArchive, findServiceOwnerArchive, getArchivedFormTask, getArchivedFormTaskByElementId, getServiceOwnerArchivedFormTask, openArchivedAttachment } from './archive.ts';
import { openFormSetPdf } from './form-set-pdf.ts';
import { listMessageBox, type MessageBoxFilter } from './message-box.ts';
import { startFormTask, submitPrefill, type PrefillShipment } from './prefill-form-task.ts';
import { getReceipt, listReceipts, searchReceipts, updateReceipt, type SETTABLE_STATUSES } from './receipt.ts';
import { listDownloadQueue, purgeDownloadQueueItem } from './service-owner-queue.ts';
import type { FormTaskShipment, ShipmentAttachment, ShipmentForm } from './shipment.ts';
import { submitFormTask } from './submit-form-task.ts';
import { addAttachment, addAttachmentStreamed, backToFormFilling, deleteFormTask, getFormTask, removeAttachment, sendIn, signFormTask, updateFormData } from './work-list.ts';
import { createFormTask } from './new-form-task.ts';
import { acknowledgeBatchDelivery, listBatchDelivery, openBatchDelivery, renderBatchDeliveryJob } from './batch-delivery.ts';
import type { Readable } from 'node:stream';

export type { SubmissionsDeps } from './deps.ts';
export type { Receipt, ReceiptStatusCode, ReferenceTypeName } from './receipt.ts';
export { SEARCHABLE_REFERENCES, ADDABLE_REFERENCES, SETTABLE_STATUSES } from './receipt.ts';
export type { FormTaskShipment, ShipmentForm, ShipmentAttachment } from './shipment.ts';
export type { SubmitResult } from './submit-form-task.ts';
export type { ArchivedFormTask, ArchiveParty } from './archive.ts';
export type { DownloadQueueItem } from './service-owner-queue.ts';
export type { BatchDeliveryItem } from './batch-delivery.ts';
export { BATCH_DELIVERY_PAGE, attachmentFileName } from './batch-delivery.ts';
export type { FormTaskInstance } from './work-list.ts';
export { MAX_STREAMED_ATTACHMENT_BYTES } from './work-list.ts';
export type { PrefillShipment, PrefillResult } from './prefill-form-task.ts';
export type { MessageBoxFilter, MessageBoxItem, ElementStatus, CorrespondenceItem, MessageBoxSource } from './message-box.ts';
export { MAX_ATTACHMENT_BYTES_PER_REQUEST } from './shipment.ts';
export { SubmissionProblems } from './errors.ts';
export { submissionsMigrations } from './db/migrations/index.ts';
export { registerSubmissionsRoutes } from './http/routes.ts';
export { registerArchiveRoutes } from './http/archive-routes.ts';
export { registerWorkListRoutes } from './http/work-list-routes.ts';
export { registerPrefillFormTaskRoutes } from './http/prefill-routes.ts';
export { downloadQueueOperations } from './soap/download-queue.operations.ts';
export { intermediaryInboundOperations } from './soap/intermediary-inbound.operations.ts';

export { prefillOperations } from './soap/prefill.operations.ts';
export * from './soap/receipts.operations.ts';
export * from './soap/reportee-element-list.operations.ts';
export * from './soap/reportee-archive.operations.ts';
/** The submissions module: form tasks (SubmitFormTask), the work list, the archive, receipts and the download queue. */
export function createSubmissions(deps: SubmissionsDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: SubmissionsDeps['db']) => createSubmissions(bindSubmissionsDeps(deps, db)),
    /** Submits a form-task shipment for a reportee ('me', an orgno or r<partyId>) → its receipt. */
    submitFormTask: (actor: Actor, reportee: string, shipment: FormTaskShipment) => submitFormTask(deps, actor, reportee, shipment),
    /** Starts a new form task of a service in the reportee's work list: from the prefilled set waiting, else empty (Write). */
    createFormTask: (actor: Actor, reportee: string, service: { serviceCode: string; serviceEditionCode: number }) => createFormTask(deps, actor, reportee, service),
    /** A form task in the work list (Read). */
    getFormTask: (actor: Actor, reportee: string, id: number) => getFormTask(deps, actor, reportee, id),
    /** Replaces or adds a form of a form task in the work list (Write); signatures are removed. */
    updateFormData: (actor: Actor, reportee: string, id: number, form: ShipmentForm) => updateFormData(deps, actor, reportee, id, form),
    /** Adds an attachment to a form task in the work list (Write). */
    addAttachment: (actor: Actor, reportee: string, id: number, attachment: ShipmentAttachment) => addAttachment(deps, actor, reportee, id, attachment),
    /** Adds a streamed attachment (up to 500 MB or the rule's limit) without holding it in memory. */
    addAttachmentStreamed: (actor: Actor, reportee: string, id: number, meta: { name: string; fileName: string; attachmentTypeName?: string; checksum?: string }, content: Readable) =>
      addAttachmentStreamed(deps, actor, reportee, id, meta, content),
    /** Removes an attachment from a form task in the work list (Write); signatures are removed. */
    removeAttachment: (actor: Actor, reportee: string, id: number, attachmentId: number) => removeAttachment(deps, actor, reportee, id, attachmentId),
    /** Signs the next signing step (Sign); with sendIn, sends in once every signature is there. */
    signFormTask: (actor: Actor, reportee: string, id: number, options?: { sendIn?: boolean }) => signFormTask(deps, actor, reportee, id, options),
    /** Archives a complete, signed form task (Write). */
    sendIn: (actor: Actor, reportee: string, id: number) => sendIn(deps, actor, reportee, id),
    /** Back to form filling: signatures are removed (Write). */
    backToFormFilling: (actor: Actor, reportee: string, id: number) => backToFormFilling(deps, actor, reportee, id),
    /** Deletes a work-list form task: an organisation's goes to the trash bin, a person's is gone (Write). */
    deleteFormTask: (actor: Actor, reportee: string, id: number) => deleteFormTask(deps, actor, reportee, id),
    /** Receipts carrying a reference that the actor may read (GetReceiptV2). */
    searchReceipts: (actor: Actor, reference: { referenceTypeName: string; referenceValue: string }) => searchReceipts(deps, actor, reference),
    /** Receipts of a type changed in a window: the service owner's, or those the actor sent (GetReceiptListV2). */
    listReceipts: (actor: Actor, q: { receiptTypeName: string; dateFrom: Date; dateTo: Date }) => listReceipts(deps, actor, q),
    /** Updates a receipt's status and text, keeping the history (UpdateReceipt). */
    updateReceipt: (actor: Actor, receiptId: number, change: { receiptStatusCode: (typeof SETTABLE_STATUSES)[number]; receiptText: string; references?: { referenceTypeName: string; referenceValue: string }[] }) =>
      updateReceipt(deps, actor, receiptId, change),
    /** A service owner's prefilled form set, stored and (with instantiate) put in the work list. */
    submitPrefill: (actor: Actor, shipment: PrefillShipment) => submitPrefill(deps, actor, shipment),
    /** Starts a form task from the prefilled set waiting for the reportee. */
    startFormTask: (actor: Actor, reportee: string, service: { serviceCode: string; serviceEditionCode: number }) => startFormTask(deps, actor, reportee, service),
    /** The service owner's batch outbound folder: delivered, unacknowledged submissions with their attachments. */
    listBatchDelivery: (actor: Actor) => listBatchDelivery(deps, actor),
    /** A delivered submission's DataBatch XML, or one of its attachments, from byte `start`. */
    openBatchDelivery: (actor: Actor, archiveReference: string, file: { attachmentId?: number | undefined; start?: number | undefined }) => openBatchDelivery(deps, actor, archiveReference, file),
    /** The owner has fetched a delivered submission: it leaves the folder. */
    acknowledgeBatchDelivery: (actor: Actor, archiveReference: string) => acknowledgeBatchDelivery(deps, actor, archiveReference),
    /** The worker's jobs: rendering batch deliveries. */
    jobs: () => [renderBatchDeliveryJob(deps)],
    /** The reportee's message box: work list and archive, newest change first, what the actor may see. */
    listMessageBox: (actor: Actor, reportee: string, filter: MessageBoxFilter) => listMessageBox(deps, actor, reportee, filter),
    /** A receipt for its sender, the service owner, or someone who may Read the service for its party. */
    getReceipt: (actor: Actor, receiptId: number) => getReceipt(deps, actor, receiptId),
    /** An archived form task for someone with ArchiveRead for the reportee. */
    getArchivedFormTask: (actor: Actor, reportee: string, archiveReference: string) => getArchivedFormTask(deps, actor, reportee, archiveReference),
    /** An archived form task by its reportee element id, for someone with ArchiveRead for its reportee; to others it is not found. */
    getArchivedFormTaskByElementId: (actor: Actor, reporteeElementId: number) => getArchivedFormTaskByElementId(deps, actor, reporteeElementId),
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
