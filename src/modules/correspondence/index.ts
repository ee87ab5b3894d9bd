import type { Actor } from '../../platform/index.ts';
import type { Reportee } from '../authz/index.ts';
import { archiveCorrespondence } from './archive-correspondence.ts';
import { confirmCorrespondence } from './confirm-correspondence.ts';
import { getCorrespondenceStatus, type StatusFilter } from './correspondence-status.ts';
import { deleteCorrespondence } from './delete-correspondence.ts';
import { bindCorrespondenceDeps, type CorrespondenceDeps } from './deps.ts';
import { getCorrespondenceAttachment } from './get-correspondence-attachment.ts';
import { getCorrespondenceReportee } from './get-correspondence-reportee.ts';
import { sendCorrespondence, type CorrespondenceInput } from './insert-correspondence.ts';
import { listCorrespondenceBox, type BoxFilter } from './list-correspondence.ts';
import { readCorrespondence } from './read-correspondence.ts';

export type { CorrespondenceDeps } from './deps.ts';
export type { Correspondence, CorrespondenceAttachment, CorrespondenceState, ReplyOption, StatusType } from './correspondence.ts';
export type { CorrespondenceInput, CorrespondenceReceipt } from './insert-correspondence.ts';
export type { CorrespondenceStatus, StatusFilter } from './correspondence-status.ts';
export type { CorrespondenceBoxItem, BoxFilter } from './list-correspondence.ts';
export { STATUS_TYPES, MAX_ATTACHMENT_BYTES as MAX_CORRESPONDENCE_ATTACHMENT_BYTES } from './correspondence.ts';
export { CorrespondenceProblems } from './errors.ts';
export { correspondenceMigrations } from './db/migrations/index.ts';
/** Reads an Altinn II correspondence batch file (Correspondences) into the send use case's inputs, item by item. */
export { readCorrespondenceBatch, type CorrespondenceBatch } from './batch-file.ts';
export { registerCorrespondenceRoutes } from './http/routes.ts';

export { correspondenceAgencyOperations, correspondenceAgencyWsOperations } from './soap/correspondence-agency.operations.ts';
export * from './soap/correspondence-external.operations.ts';
/** The correspondence module's API: agencies send, reportees read, confirm, archive and delete, agencies follow the status. */
export function createCorrespondence(deps: CorrespondenceDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: CorrespondenceDeps['db']) => createCorrespondence(bindCorrespondenceDeps(deps, db)),
    /** Sends a correspondence (InsertCorrespondenceV2) → its receipt. */
    sendCorrespondence: (actor: Actor, input: CorrespondenceInput) => sendCorrespondence(deps, actor, input),
    /** The reportee of one the actor may read, as `r<partyId>`, for callers that name only its id (end-user SOAP); another party's is CORR-00005. */
    getCorrespondenceReportee: (actor: Actor, id: number) => getCorrespondenceReportee(deps, actor, id),
    /** Reads one (marks it Read the first time); `archivedOnly`: only one the reportee has archived, else not found. */
    readCorrespondence: (actor: Actor, reportee: string, id: number, options?: { archivedOnly?: boolean }) => readCorrespondence(deps, actor, reportee, id, options),
    /** Confirms one whose service asks for it. */
    confirmCorrespondence: (actor: Actor, reportee: string, id: number) => confirmCorrespondence(deps, actor, reportee, id),
    /** Archives one that is read (and confirmed when needed). */
    archiveCorrespondence: (actor: Actor, reportee: string, id: number) => archiveCorrespondence(deps, actor, reportee, id),
    /** Removes one from the reportee's box. */
    deleteCorrespondence: (actor: Actor, reportee: string, id: number) => deleteCorrespondence(deps, actor, reportee, id),
    /** One attachment as a stream. */
    getAttachment: (actor: Actor, reportee: string, id: number, attachmentId: number) => getCorrespondenceAttachment(deps, actor, reportee, id, attachmentId),
    /** The reportee's correspondence for the message box (the actor's view). */
    listBox: (actor: Actor, reportee: Reportee, filter: BoxFilter) => listCorrespondenceBox(deps, actor, reportee, filter),
    /** The service owner's status history of its correspondence. */
    getStatus: (actor: Actor, filter: StatusFilter) => getCorrespondenceStatus(deps, actor, filter),
  };
}

/** The correspondence module's API type. */
export type CorrespondenceApi = ReturnType<typeof createCorrespondence>;
