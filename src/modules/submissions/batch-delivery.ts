import type { Readable } from 'node:stream';
import Type from 'typebox';
import { AppError, enqueueJob, requireServiceOwner, type Actor, type Clock, type JobDefinition, type Kysely } from '../../platform/index.ts';
import { escapeXml } from '../../platform/xml/index.ts';
import type { ServiceEdition } from '../catalog/index.ts';
import { uncheckedLoadArchive, type ArchivedFormTask } from './archive.ts';
import { selectArchivedElement, selectAttachments } from './db/archive-store.ts';
import {
  acknowledgeBatchDeliveryItem,
  insertBatchDeliveryItem,
  markBatchDeliveryRendered,
  selectBatchDeliveryItem,
  selectBatchDeliveryListing,
  selectPreviousBatchReference,
} from './db/batch-delivery-store.ts';
import { insertDownloadQueueItem } from './db/element-store.ts';
import type { SubmissionsDeps } from './deps.ts';
import { SubmissionProblems } from './errors.ts';

export const RENDER_BATCH_DELIVERY_JOB = 'submissions.render-batch-delivery';
/** The most items one listing of the outbound folder shows: newer ones appear as older ones are acknowledged. */
export const BATCH_DELIVERY_PAGE = 1000;
/** genericbatch's latest version: SHA-256 checksums on attachments, MetadataList. */
const SCHEMA_VERSION = '2013.06';

/** An archived submission waiting in the owner's outbound folder, with the attachment files beside it. */
export interface BatchDeliveryItem {
  archiveReference: string;
  /** The owner's delivery sequence (DataBatch@batchReference). */
  batchReference: number;
  deliveredAt: Date;
  /** Size of the DataBatch XML. */
  sizeBytes: number;
  attachments: { attachmentId: number; fileName: string; sizeBytes: number }[];
}

/**
 * What archiving a submission owes its service owner, in the archiving transaction: a download-queue
 * item when the service has the queue, a batch delivery (rendered to a file by a job) when it delivers by batch.
 */
export async function queueForServiceOwner(
  trx: Kysely<any>,
  clock: Clock,
  edition: Pick<ServiceEdition, 'serviceOwnerCode' | 'serviceCode' | 'serviceEditionCode' | 'downloadQueue' | 'batchDelivery'>,
  archived: { archiveReference: string; reporteePartyId: number; archivedAt: Date },
): Promise<void> {
  if (edition.downloadQueue) {
    await insertDownloadQueueItem(trx, {
      archive_reference: archived.archiveReference,
      service_owner_code: edition.serviceOwnerCode,
      service_code: edition.serviceCode,
      service_edition_code: edition.serviceEditionCode,
      reportee_party_id: archived.reporteePartyId,
      archived_at: archived.archivedAt,
    });
  }
  if (edition.batchDelivery) {
    await insertBatchDeliveryItem(trx, { archive_reference: archived.archiveReference, service_owner_code: edition.serviceOwnerCode, queued_at: archived.archivedAt });
    await enqueueJob(
      trx,
      clock,
      { maxAttempts: 10 },
      { kind: RENDER_BATCH_DELIVERY_JOB, payload: { archiveReference: archived.archiveReference }, idempotencyKey: `${RENDER_BATCH_DELIVERY_JOB}:${archived.archiveReference}` },
    );
  }
}

const attr = (name: string, value: string | number | null | undefined) => (value === null || value === undefined ? '' : ` ${name}="${escapeXml(value)}"`);
const nationalId = (p: ArchivedFormTask['reportee'] | null) => (p ? (p.type === 'person' ? (p.ssn ?? '') : (p.orgno ?? '')) : '');

/** The name an attachment file has in the outbound folder (DataBatch Attachment@InternalFileName). */
export function attachmentFileName(archiveReference: string, attachmentId: number, fileName: string): string {
  return `${archiveReference}_${attachmentId}_${fileName.replace(/[/\\\u0000-\u001f\u007f]/g, '_')}`;
}

/**
 * One archived submission as Altinn II's genericbatch DataBatch (one DataUnit): forms as text, attachments
 * as files beside it named by InternalFileName, each with its SHA-256.
 */
export function dataBatchXml(a: ArchivedFormTask, refs: { batchReference: string; previousReference: string | null; renderedAt: Date }): Buffer {
  // Each list is its lines, each ending in a newline (none when empty): form data goes out exactly as stored.
  const lines = (items: string[]) => items.map((line) => `${line}\n`).join('');
  const approvers = lines(
    a.signingSteps.map((s) => `        <Approver${attr('approverId', nationalId(s.signer))}${attr('approverTimeStamp', s.signedAt.toISOString())}${attr('securityLevel', s.securityLevel)}/>`),
  );
  const forms = lines(
    a.forms.map(
      (f) =>
        `        <Form${attr('DataFormatId', f.dataFormatId)}${attr('DataFormatVersion', f.dataFormatVersion)}${attr('Reference', f.endUserSystemReference)}${attr('ParentReference', f.parentReference)}>\n          <FormData>${escapeXml(f.formData).replace(/\r/g, '&#13;')}</FormData>\n        </Form>`,
    ),
  );
  const attachments = lines(
    a.attachments.map(
      (x) =>
        `        <Attachment${attr('archiveReference', a.archiveReference)}${attr('fileName', x.fileName)}${attr('InternalFileName', attachmentFileName(a.archiveReference, x.attachmentId, x.fileName))}${attr('IsEncrypted', 'false')}${attr('Checksum', x.sha256)}${attr('attachmenttypename', x.attachmentTypeName)}${attr('size', x.sizeBytes)}/>`,
    ),
  );
  const metadata = lines(
    [
      ['ContentSha256', a.contentSha256],
      ['ExternalShipmentReference', a.externalShipmentReference],
    ]
      .filter(([, v]) => v)
      .map(([k, v]) => `        <Metadata${attr('key', k)}${attr('value', v)}/>`),
  );
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>
<DataBatch${attr('schemaVersion', SCHEMA_VERSION)}${attr('batchReference', refs.batchReference)}${attr('previousReference', refs.previousReference ?? '0')}${attr('receiverReference', a.serviceOwnerCode)}${attr('timeStamp', refs.renderedAt.toISOString())}${attr('formTasksInBatch', 1)}${attr('formsInBatch', a.forms.length)}>
  <DataUnits>
    <DataUnit${attr('reportee', nationalId(a.reportee))}${attr('archiveReference', a.archiveReference)}${attr('archiveTimeStamp', a.archivedAt.toISOString())}>
      <MetadataList>
${metadata}      </MetadataList>
      <Approvers>
${approvers}      </Approvers>
      <FormTask>
        <ServiceCode>${escapeXml(a.serviceCode)}</ServiceCode>
        <ServiceEditionCode>${a.serviceEditionCode}</ServiceEditionCode>
${a.caseId ? `        <CaseID>${escapeXml(a.caseId)}</CaseID>\n` : ''}${forms}      </FormTask>
      <Attachments>
${attachments}      </Attachments>
    </DataUnit>
  </DataUnits>
</DataBatch>
`,
    'utf8',
  );
}

/** Writes the submission's DataBatch file to the blob store and lists it in the owner's folder. Once, however often it runs. */
export async function renderBatchDelivery(deps: SubmissionsDeps, archiveReference: string): Promise<void> {
  const item = await selectBatchDeliveryItem(deps.db, archiveReference);
  if (!item || item.rendered_at !== null) return;
  const element = await selectArchivedElement(deps.db, archiveReference);
  if (!element) return;
  const archived = await uncheckedLoadArchive(deps, element, true);
  const renderedAt = deps.clock.now();
  const previousReference = await selectPreviousBatchReference(deps.db, item.service_owner_code, String(item.batch_reference));
  const xml = dataBatchXml(archived, { batchReference: String(item.batch_reference), previousReference, renderedAt });
  const key = `batch-delivery/${item.service_owner_code}/${archiveReference}.xml`;
  await deps.blobs.put(key, xml);
  await markBatchDeliveryRendered(deps.db, archiveReference, { rendered_at: renderedAt, previous_reference: previousReference, blob_key: key, size_bytes: xml.length });
}

export function renderBatchDeliveryJob(deps: SubmissionsDeps): JobDefinition<{ archiveReference: string }> {
  return { kind: RENDER_BATCH_DELIVERY_JOB, payload: Type.Object({ archiveReference: Type.String() }), run: (payload) => renderBatchDelivery(deps, payload.archiveReference) };
}

/** The owner's outbound folder: delivered, unacknowledged submissions, oldest first (at most BATCH_DELIVERY_PAGE). */
export async function listBatchDelivery(deps: SubmissionsDeps, actor: Actor): Promise<BatchDeliveryItem[]> {
  const owner = requireServiceOwner(actor);
  const { items, attachments } = await selectBatchDeliveryListing(deps.db, owner.serviceOwnerCode, BATCH_DELIVERY_PAGE);
  const byElement = new Map<number, typeof attachments>();
  for (const a of attachments) {
    const list = byElement.get(a.reportee_element_id);
    if (list) list.push(a);
    else byElement.set(a.reportee_element_id, [a]);
  }
  return items.map((i) => ({
    archiveReference: i.archive_reference,
    batchReference: Number(i.batch_reference),
    deliveredAt: i.rendered_at!,
    sizeBytes: Number(i.size_bytes),
    attachments: (byElement.get(i.reportee_element_id) ?? []).map((a) => ({ attachmentId: a.attachment_id, fileName: a.file_name, sizeBytes: Number(a.size_bytes) })),
  }));
}

/** Reads a delivered submission's DataBatch file, or one of its attachments, from byte `start`. */
export async function openBatchDelivery(deps: SubmissionsDeps, actor: Actor, archiveReference: string, file: { attachmentId?: number | undefined; start?: number | undefined }): Promise<Readable> {
  const owner = requireServiceOwner(actor);
  const item = await selectBatchDeliveryItem(deps.db, archiveReference);
  if (!item || item.service_owner_code !== owner.serviceOwnerCode || item.rendered_at === null || item.acknowledged_at !== null) throw new AppError(SubmissionProblems.archiveNotFound);
  const range = file.start ? { start: file.start } : undefined;
  if (file.attachmentId === undefined) return deps.blobs.get(item.blob_key!, range);
  const element = await selectArchivedElement(deps.db, archiveReference);
  const attachment = element && (await selectAttachments(deps.db, element.reportee_element_id)).find((a) => a.attachment_id === file.attachmentId);
  if (!attachment) throw new AppError(SubmissionProblems.attachmentNotFound);
  return deps.blobs.get(attachment.blob_key, range);
}

/** The owner has the file: it leaves the outbound folder (the archive stays). Another owner's, or one acknowledged before, is not found. */
export async function acknowledgeBatchDelivery(deps: SubmissionsDeps, actor: Actor, archiveReference: string): Promise<void> {
  const owner = requireServiceOwner(actor);
  const key = await acknowledgeBatchDeliveryItem(deps.db, owner.serviceOwnerCode, archiveReference, deps.clock.now());
  if (key === undefined) throw new AppError(SubmissionProblems.archiveNotFound);
  if (key) await deps.blobs.delete(key);
}
