import type { Readable } from 'node:stream';
import { AppError, requireServiceOwner, rightsHoldersOf, type Actor } from '../../platform/index.ts';
import type { Party } from '../register/index.ts';
import { selectArchivedElement, selectAttachments, selectForms, selectSignatures, type ArchivedElementRow, type AttachmentRow } from './db/archive-store.ts';
import { selectElement } from './db/element-store.ts';
import type { SubmissionsDeps } from './deps.ts';
import { SubmissionProblems } from './errors.ts';
import { authorize } from './authorize.ts';

/** A party as the archive shows it; national ids only to the service owner. */
export interface ArchiveParty {
  partyId: number;
  type: 'person' | 'organization';
  orgno: string | null;
  ssn?: string;
  name: string;
}

/** An archived form task (ArchivedFormTaskV2 / ArchivedFormTaskDQBE): immutable, with the hash of its content. */
export interface ArchivedFormTask {
  archiveReference: string;
  archivedAt: Date;
  reporteeElementId: number;
  contentSha256: string;
  serviceCode: string;
  serviceEditionCode: number;
  serviceOwnerCode: string;
  serviceName: { nb: string; nn: string; en: string };
  reportee: ArchiveParty;
  caseId: string | null;
  externalShipmentReference: string | null;
  forms: { formId: number; dataFormatId: string; dataFormatVersion: number; isMain: boolean; endUserSystemReference: string; parentReference: string | null; formData: string }[];
  attachments: { attachmentId: number; name: string; fileName: string; attachmentTypeName: string | null; endUserSystemReference: string | null; parentReference: string | null; sizeBytes: number; sha256: string }[];
  /** Signing steps (approvers): who signed, when, at which security level, through which system. */
  signingSteps: { step: number; signer: ArchiveParty | null; endUserSystemId: number | null; signedAt: Date; securityLevel: number; methods: string[] }[];
}

function partyView(p: Party | undefined, withIds: boolean): ArchiveParty | null {
  if (!p) return null;
  if (p.type === 'person') return { partyId: p.partyId, type: 'person', orgno: null, ...(withIds ? { ssn: p.ssn } : {}), name: p.name };
  return { partyId: p.partyId, type: 'organization', orgno: p.orgno, name: p.name };
}

/** Loads an archived form task without an access check; `withIds` adds national ids (service owners). */
export async function uncheckedLoadArchive(deps: SubmissionsDeps, element: ArchivedElementRow, withIds: boolean): Promise<ArchivedFormTask> {
  const [forms, attachments, signatures, edition] = await Promise.all([
    selectForms(deps.db, element.reportee_element_id),
    selectAttachments(deps.db, element.reportee_element_id),
    selectSignatures(deps.db, element.reportee_element_id),
    deps.catalog.uncheckedGetServiceEdition(element.service_code, element.service_edition_code),
  ]);
  const partyIds = [element.reportee_party_id, ...signatures.flatMap((s) => (s.signer_party_id === null ? [] : [s.signer_party_id]))];
  const listed = await deps.register.uncheckedListParties([...new Set(partyIds)]);
  const parties = new Map<number, Party>([...listed.persons.map((p) => [p.partyId, p] as const), ...listed.organizations.map((o) => [o.organization.partyId, o.organization] as const)]);
  return {
    archiveReference: element.archive_reference!,
    archivedAt: element.archived_at!,
    reporteeElementId: element.reportee_element_id,
    contentSha256: element.content_sha256!,
    serviceCode: element.service_code,
    serviceEditionCode: element.service_edition_code,
    serviceOwnerCode: element.service_owner_code,
    serviceName: edition.name,
    reportee: partyView(parties.get(element.reportee_party_id), withIds)!,
    caseId: element.case_id,
    externalShipmentReference: element.external_shipment_reference,
    forms: forms.map((f) => ({
      formId: f.form_id,
      dataFormatId: f.data_format_id,
      dataFormatVersion: f.data_format_version,
      isMain: f.is_main,
      endUserSystemReference: f.end_user_system_reference,
      parentReference: f.parent_reference,
      formData: f.form_data,
    })),
    attachments: attachments.map((a) => ({
      attachmentId: a.attachment_id,
      name: a.name,
      fileName: a.file_name,
      attachmentTypeName: a.attachment_type_name,
      endUserSystemReference: a.end_user_system_reference,
      parentReference: a.parent_reference,
      sizeBytes: Number(a.size_bytes),
      sha256: a.sha256,
    })),
    signingSteps: signatures.map((s) => ({
      step: s.step,
      signer: s.signer_party_id === null ? null : partyView(parties.get(s.signer_party_id), withIds),
      endUserSystemId: s.end_user_system_id,
      signedAt: s.signed_at,
      securityLevel: s.security_level,
      methods: s.methods as string[],
    })),
  };
}

/**
 * The archived element the actor may read for `reporteeRef`: it must be the reportee's (another reportee's
 * archive reference is not found) and the actor needs ArchiveRead on its service (SUB-00003 with reasons).
 */
export async function findReporteeArchive(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, archiveReference: string): Promise<ArchivedElementRow> {
  const reportee = await deps.authz.resolveReportee(actor, reporteeRef);
  const element = await selectArchivedElement(deps.db, archiveReference);
  if (!element || element.reportee_party_id !== reportee.partyId) throw new AppError(SubmissionProblems.archiveNotFound);
  await authorize(deps, actor, reportee, element.service_code, element.service_edition_code, ['ArchiveRead']);
  return element;
}

/** The archived element of one of the service owner's services; any other is not found. */
export async function findServiceOwnerArchive(deps: SubmissionsDeps, actor: Actor, archiveReference: string): Promise<ArchivedElementRow> {
  const owner = requireServiceOwner(actor);
  const element = await selectArchivedElement(deps.db, archiveReference);
  if (!element || element.service_owner_code !== owner.serviceOwnerCode) throw new AppError(SubmissionProblems.archiveNotFound);
  return element;
}

/** An archived form task for someone with ArchiveRead for the reportee. */
export async function getArchivedFormTask(deps: SubmissionsDeps, actor: Actor, reporteeRef: string, archiveReference: string): Promise<ArchivedFormTask> {
  return uncheckedLoadArchive(deps, await findReporteeArchive(deps, actor, reporteeRef, archiveReference), false);
}

/**
 * An archived form task by its reportee element id (GetArchivedFormTaskV2 names the element, not the
 * reportee): the rule of getArchivedFormTask for the element's own reportee, so ArchiveRead on its service
 * (SUB-00003 with reasons). An actor whose parties (the person; a system's owner and its user) hold no role
 * or right at all for that reportee is told the element is not found, as for an id that does not exist:
 * an id must not tell strangers whose it is or which service it belongs to.
 */
export async function getArchivedFormTaskByElementId(deps: SubmissionsDeps, actor: Actor, reporteeElementId: number): Promise<ArchivedFormTask> {
  const element = await selectElement(deps.db, reporteeElementId);
  if (!element || element.archive_reference === null || !(await actsForParty(deps, actor, element.reportee_party_id))) throw new AppError(SubmissionProblems.archiveNotFound);
  return getArchivedFormTask(deps, actor, `r${element.reportee_party_id}`, element.archive_reference);
}

/** Whether one of the actor's parties is the party or holds a role or right for it (service owners: no). */
async function actsForParty(deps: SubmissionsDeps, actor: Actor, partyId: number): Promise<boolean> {
  if (actor.kind === 'serviceOwner') return false;
  const holders = rightsHoldersOf(actor);
  if (holders.includes(partyId)) return true;
  // The check itself: only whether a holding exists is used, nothing of it leaves this function.
  const reportee = await deps.authz.uncheckedGetReportee(partyId);
  for (const holder of holders) {
    const h = await deps.authz.uncheckedListHeldRoles(holder, reportee);
    if (h.isSelf || h.roles.length > 0 || h.rights.length > 0) return true;
  }
  return false;
}

/** An archived form task for the owning service owner, national ids included (GetArchivedFormTaskBasicDQ). */
export async function getServiceOwnerArchivedFormTask(deps: SubmissionsDeps, actor: Actor, archiveReference: string): Promise<ArchivedFormTask> {
  return uncheckedLoadArchive(deps, await findServiceOwnerArchive(deps, actor, archiveReference), true);
}

/** An attachment's bytes, streamed from the blob store. */
export async function openArchivedAttachment(deps: SubmissionsDeps, element: ArchivedElementRow, attachmentId: number): Promise<{ attachment: AttachmentRow; content: Readable }> {
  const attachment = (await selectAttachments(deps.db, element.reportee_element_id)).find((a) => a.attachment_id === attachmentId);
  if (!attachment) throw new AppError(SubmissionProblems.attachmentNotFound);
  return { attachment, content: await deps.blobs.get(attachment.blob_key) };
}
