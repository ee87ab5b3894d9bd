import { buffer } from 'node:stream/consumers';
import type { SoapAuthenticator, SoapOperation } from '../../../platform/soap/index.ts';
import type { ArchiveParty, Submissions } from '../index.ts';

/** Approver security levels as the download queue names them (ApproverSecurityLevel). */
const SECURITY_LEVELS = ['selfIdentifiedUser', 'notSensitive', 'lessSensitive', 'sensitive', 'verySensitive'] as const;

const partyNumber = (p: ArchiveParty | null) => (p ? (p.orgno ?? p.ssn ?? '') : '');

/**
 * DownloadQueueExternalBasic (`/ArchiveExternal/DownloadQueueExternalBasic.svc`): the service owner's
 * download queue over SOAP 1.1, credentials in the body. Same use cases as `GET /api/v1/serviceowner/downloadqueue`
 * and `…/archive/{archiveReference}`.
 */
export function downloadQueueOperations(submissions: Submissions, auth: SoapAuthenticator): Record<string, SoapOperation> {
  const owner = (input: Record<string, any>, call: Parameters<SoapOperation>[1], nameField = 'systemUserName') =>
    auth.serviceOwner({ systemName: input[nameField], password: input.systemPassword }, call);

  return {
    Test: async () => ({}),

    GetDownloadQueueItems: async (input, call) => {
      const items = await submissions.listDownloadQueue(await owner(input, call), input.serviceCode || undefined);
      return {
        GetDownloadQueueItemsResult: {
          DownloadQueueItemBE: items.map((i) => ({
            ArchiveReference: i.archiveReference,
            ArchivedDate: i.archivedDate,
            ReporteeID: i.reporteeId,
            ReporteeType: i.reporteeType,
            ServiceCode: i.serviceCode,
            ServiceEditionCode: i.serviceEditionCode,
            ShipmentMetadataList: { ArchivedShipmentMetadata: [] },
          })),
        },
      };
    },

    GetArchivedFormTaskBasicDQ: async (input, call) => {
      const actor = await owner(input, call);
      const archive = await submissions.getServiceOwnerArchivedFormTask(actor, input.archiveReference ?? '');
      const attachments = [];
      for (const a of archive.attachments) {
        const { content } = await submissions.openServiceOwnerArchiveAttachment(actor, archive.archiveReference, a.attachmentId);
        attachments.push({
          ArchiveReference: archive.archiveReference,
          AttachmentData: await buffer(content),
          AttachmentType: 'application/octet-stream',
          FileName: a.fileName,
          IsEncrypted: false,
          AttachmentId: a.attachmentId,
          AttachmentTypeName: a.attachmentTypeName ?? undefined,
        });
      }
      return {
        GetArchivedFormTaskBasicDQResult: {
          Approvers: {
            ApproverDQBE: archive.signingSteps.map((s) => ({ ApprovedTimeStamp: s.signedAt, ApproverID: partyNumber(s.signer), SecurityLevel: SECURITY_LEVELS[s.securityLevel] ?? 'notSensitive' })),
          },
          ArchiveReference: archive.archiveReference,
          ArchiveTimeStamp: archive.archivedAt,
          Attachments: { ArchivedAttachmentDQBE: attachments },
          AttachmentsInResponse: attachments.length,
          CaseID: archive.caseId !== null && /^\d{1,9}$/.test(archive.caseId) ? Number(archive.caseId) : undefined,
          Forms: {
            ArchivedFormDQBE: archive.forms.map((f) => ({
              DataFormatID: f.dataFormatId,
              DataFormatVersionID: f.dataFormatVersion,
              FormData: f.formData,
              ParentReference: f.parentReference ?? undefined,
              Reference: f.endUserSystemReference,
            })),
          },
          FormsInResponse: archive.forms.length,
          Reportee: partyNumber(archive.reportee),
          ServiceCode: archive.serviceCode,
          ServiceEditionCode: String(archive.serviceEditionCode),
        },
      };
    },

    GetFormSetPdfBasic: async (input, call) => {
      const pdf = await submissions.openServiceOwnerArchivePdf(await owner(input, call, 'systemName'), input.archiveReference ?? '');
      return { GetFormSetPdfBasicResult: await buffer(pdf.content) };
    },

    PurgeItem: async (input, call) => {
      await submissions.purgeDownloadQueueItem(await owner(input, call), input.archiveReference ?? '');
      return { PurgeItemResult: 'OK' };
    },
  };
}
