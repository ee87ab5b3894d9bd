import type { Actor } from '../../../platform/index.ts';
import type { SoapAuthenticator, SoapCall, SoapOperation } from '../../../platform/soap/index.ts';
import { bodySystemCredentials } from '../../../platform/soap/credentials.ts';
import { attachmentTypeOf } from '../../../platform/soap/attachment-type.ts';
import type { Correspondence, CorrespondenceApi, CorrespondenceState, ReplyOption } from '../index.ts';

type Xml = Record<string, any>;

/** The reportee's view of a message as Altinn II's CorrespondenceStatusTypeV2 (SBS contract). */
const STATUS: Record<Exclude<CorrespondenceState, 'Reserved'>, string> = { Unread: 'Created', Read: 'Read', Confirmed: 'Confirmed', Archived: 'Archived' };

/** Altinn II's language ids. */
const LANGUAGE_ID = { nb: 1044, nn: 2068, en: 1033 } as const;


/** Reply options as CorrespondenceLinkBE: a service to fill in, the submission answered, or a link. */
function linkOf(r: ReplyOption): Xml {
  if (r.type === 'Service') return { LinkType: 'ServiceCode', ServiceCode: r.serviceCode, ServiceEditionCode: r.serviceEditionCode };
  if (r.type === 'ArchiveReference') return { LinkType: 'ArchiveReference', LinkText: r.archiveReference };
  return { LinkType: 'ServiceURL', LinkText: r.linkText, LinkURL: r.linkUrl };
}

/** CaseID is an int in Altinn II: Tinn's case id is sent only when it is one. */
const caseIdOf = (caseId: string | null) => (caseId !== null && /^\d{1,9}$/.test(caseId) ? Number(caseId) : undefined);

/** The message as CorrespondenceV2. Tinn has one title: it is the Header, the subject and the title. */
function correspondenceV2(c: Correspondence): Xml {
  return {
    AllowForwarding: c.allowForwarding,
    ArchiveReference: c.archiveReference ?? undefined,
    CaseID: caseIdOf(c.caseId),
    ConfirmationDate: c.confirmedAt ?? undefined,
    CorrespondenceID: c.correspondenceId,
    CorrespondenceStatus: c.state === 'Reserved' ? undefined : STATUS[c.state],
    CorrespondenceSubject: c.title,
    CorrespondenceSummary: c.summary,
    CorrespondenceTitle: c.title,
    CorrespondenceTxt: c.body,
    DateSent: c.visibleDateTime,
    DueDate: c.dueDateTime ?? undefined,
    ExternalSystemReference: c.externalShipmentReference,
    Header: c.title,
    IsConfirmationNeeded: c.isConfirmationNeeded,
    LanguageID: LANGUAGE_ID[c.languageCode],
    SentBy: c.sender,
    SentTo: c.reporteeNumber,
  };
}

async function bytesOf(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The message's attachments as AttachmentBEV2, each with its bytes. */
async function attachmentsOf(correspondence: CorrespondenceApi, actor: Actor, reportee: string, c: Correspondence): Promise<Xml[]> {
  const attachments = [];
  for (const a of c.attachments) {
    const file = await correspondence.getAttachment(actor, reportee, c.correspondenceId, a.attachmentId);
    attachments.push({
      AttachmentData: await bytesOf(file.content),
      AttachmentFunctionTypeID: 'Unspecified',
      AttachmentID: a.attachmentId,
      AttachmentName: a.name,
      AttachmentTypeID: attachmentTypeOf(a.fileName),
      FileName: a.fileName,
      IsEncrypted: false,
      ReporteeElementID: c.correspondenceId,
      SendersReference: a.sendersReference ?? undefined,
    });
  }
  return attachments;
}

/** The data system's SystemID and password, and its user's password and one-time code when given → the actor. */
const systemOf = (auth: SoapAuthenticator, input: Xml, call: SoapCall) =>
  auth.system(bodySystemCredentials(input), call);

/**
 * CorrespondenceExternalBasic (`/ServiceEngineExternal/CorrespondenceExternalBasic.svc`): an end-user system
 * reads and confirms the reportee's messages over SOAP 1.1, its SystemID and password (and its user's) in
 * the body. The calls name only the message's id: its reportee comes from `getCorrespondenceReportee`
 * (the read check; another party's message is not found), then the same use cases as
 * `GET /api/v1/reportees/{reportee}/correspondences/{id}` and `POST …/{id}/confirm`.
 */
export function correspondenceExternalOperations(correspondence: CorrespondenceApi, auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),

    GetCorrespondenceForEndUserSystemsBasicV2: async (input, call) => {
      const actor = await systemOf(auth, input, call);
      const id: number = input.correspondenceID ?? 0;
      // languageID is not used: a Tinn message is written in one language, and it comes in that one.
      const reportee = await correspondence.getCorrespondenceReportee(actor, id);
      // Reading marks it Read, as in Altinn II (it cannot be suppressed).
      const c = await correspondence.readCorrespondence(actor, reportee, id);
      return {
        GetCorrespondenceForEndUserSystemsBasicV2Result: {
          Correspondence: correspondenceV2(c),
          CorrespondenceAttachments: { AttachmentBEV2: await attachmentsOf(correspondence, actor, reportee, c) },
          CorrespondenceLinks: { CorrespondenceLinkBE: c.replyOptions.map(linkOf) },
        },
      };
    },

    SaveCorrespondenceConfirmationBasic: async (input, call) => {
      const actor = await systemOf(auth, input, call);
      const id: number = input.reporteeElementID ?? 0;
      const reportee = await correspondence.getCorrespondenceReportee(actor, id);
      await correspondence.confirmCorrespondence(actor, reportee, id);
      // Altinn II answers nothing when the confirmation is saved.
      return {};
    },
  };
}

/**
 * GetArchivedCorrespondenceBasic of ReporteeArchiveExternalBasic (`/ArchiveExternal/ReporteeArchiveExternalBasic.svc`):
 * an end-user system fetches a message the reportee has archived (Altinn II added it in 2019, when archived
 * messages left the operational database). `archiveId` is the message's id: Tinn keeps one id when a message
 * is archived (its ReporteeElementId, as for archived form tasks), so ArchiveCorrespondenceID is that id too.
 * The reportee comes from `getCorrespondenceReportee` (another party's is not found), then the read use case
 * of `GET /api/v1/reportees/{reportee}/correspondences/{id}`, for archived messages only: one not archived is
 * not found and is not marked Read (an archived one was read before it was archived). Left out: ServiceName
 * and CustomMessageData, which the reportee's view of a message does not carry.
 */
export function archivedCorrespondenceOperations(correspondence: CorrespondenceApi, auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    GetArchivedCorrespondenceBasic: async (input, call) => {
      const actor = await systemOf(auth, input, call);
      const id: number = input.archiveId ?? 0;
      const reportee = await correspondence.getCorrespondenceReportee(actor, id);
      const c = await correspondence.readCorrespondence(actor, reportee, id, { archivedOnly: true });
      return {
        GetArchivedCorrespondenceBasicResult: {
          AllowForwarding: c.allowForwarding,
          ArchiveCorrespondenceID: c.correspondenceId,
          ArchiveReference: c.archiveReference ?? undefined,
          CaseId: caseIdOf(c.caseId),
          ConfirmationDate: c.confirmedAt ?? undefined,
          CorrespondenceAttachments: { AttachmentBEV2: await attachmentsOf(correspondence, actor, reportee, c) },
          CorrespondenceLinks: { CorrespondenceLinkBE: c.replyOptions.map(linkOf) },
          CorrespondenceSubject: c.title,
          CorrespondenceSummary: c.summary,
          CorrespondenceText: c.body,
          CorrespondenceTitle: c.title,
          // When it was sent (became visible), as DateSent in CorrespondenceV2.
          DateSent: c.visibleDateTime,
          DueDate: c.dueDateTime ?? undefined,
          ExternalSystemReference: c.externalShipmentReference,
          SentBy: c.sender,
        },
      };
    },
  };
}
