import { buffer } from 'node:stream/consumers';
import type { SoapAuthenticator, SoapOperation } from '../../../platform/soap/index.ts';
import { bodySystemCredentials } from '../../../platform/soap/credentials.ts';
import { attachmentTypeOf } from '../../../platform/soap/attachment-type.ts';
import type { Submissions } from '../index.ts';

/** MimeTypeName of an archived attachment, from its file name's extension (Altinn II's enumeration). */
const MIME_TYPE_NAMES: Record<string, string> = {
  pdf: 'application_pdf',
  doc: 'application_msword',
  xls: 'application_vnd_ms_excel',
  ppt: 'application_vnd_ms_powerpoint',
  odt: 'application_vns_oasis_opendocument_text',
  odp: 'application_vnd_oasis_opendocument_presentation',
  ods: 'application_vnd_oasis_opendocument_spreadsheet',
  rtf: 'application_rtf',
  ps: 'application_postscript',
  zip: 'application_zip',
  txt: 'text_plain',
  htm: 'text_html',
  html: 'text_html',
  xml: 'text_xml',
};
const mimeTypeName = (fileName: string) => attachmentTypeOf(fileName, MIME_TYPE_NAMES);

/**
 * ReporteeArchiveExternalBasic (`/ArchiveExternal/ReporteeArchiveExternalBasic.svc`): a data system reads
 * an archived form task of a reportee it acts for, by the ReporteeElementId (or ArchiveId) the message box
 * gave it, over SOAP 1.1 with its SystemID and password and its user's password and one-time code in the
 * body. The same archive as `GET /api/v1/reportees/{reportee}/archive/{archiveReference}` under the same
 * rule (ArchiveRead for the reportee); an element of a party the system and user act for in no way is not found.
 */
export function reporteeArchiveOperations(submissions: Submissions, auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),

    GetArchivedFormTaskBasicV2: async (input, call) => {
      const actor = await auth.system(bodySystemCredentials(input), call);
      const archive = await submissions.getArchivedFormTaskByElementId(actor, input.reporteeElementId ?? 0);
      const reportee = `r${archive.reportee.partyId}`;
      const attachments = [];
      for (const a of archive.attachments) {
        const { content } = await submissions.openArchivedAttachment(actor, reportee, archive.archiveReference, a.attachmentId);
        attachments.push({
          AttachmentData: await buffer(content),
          AttachmentFunctionType: 'Unspecified',
          AttachmentID: a.attachmentId,
          AttachmentName: a.name,
          FileName: a.fileName,
          IsEncrypted: false,
          MimeTypeName: mimeTypeName(a.fileName),
          SendersReference: a.endUserSystemReference ?? undefined,
        });
      }
      // Tinn names a sub-form's main form by its end-user system reference; the contract by its FormID.
      const formIdOf = (reference: string | null) => archive.forms.find((f) => reference !== null && f.endUserSystemReference === reference)?.formId;
      return {
        GetArchivedFormTaskBasicV2Result: {
          ArchivedAttachmentList: { ArchivedAttachmentBEV2: attachments },
          ArchivedDateTime: archive.archivedAt,
          ArchivedFormList: {
            ArchivedFormBE: archive.forms.map((f) => ({
              DataFormatId: f.dataFormatId,
              DataFormatVersion: f.dataFormatVersion,
              FormDataXML: f.formData,
              FormID: f.formId,
              ParentReference: f.isMain ? undefined : formIdOf(f.parentReference),
            })),
          },
          ArchivedFormTaskSigningStepList: {
            ArchivedFormTaskSigningStepBEV2: archive.signingSteps.map((s) => ({
              AuthenticationLevelID: s.securityLevel,
              AuthenticationMethod: s.methods.join(','),
              CreatedDateTime: s.signedAt,
              // A signature in Tinn covers the whole form set.
              IsSigningAllRequired: 'YES',
              ProcessStepID: s.step,
              SignedAttachmentList: { int: archive.attachments.map((a) => a.attachmentId) },
              SignedByUser: s.signer?.partyId,
              SignedByUserName: s.signer?.name,
              SignedFromList: { int: archive.forms.map((f) => f.formId) },
            })),
          },
          ExternalServiceCode: archive.serviceCode,
          ExternalServiceEditionCode: archive.serviceEditionCode,
          LastChanged: archive.archivedAt,
          ReporteeElementID: archive.reporteeElementId,
          ReporteeID: archive.reportee.partyId,
          ServiceOwner: archive.serviceOwnerCode,
          ssnOrgNumber: archive.reportee.orgno ?? undefined,
        },
      };
    },
  };
}
