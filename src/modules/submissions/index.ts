import type { Actor } from '../../platform/index.ts';
import { bindSubmissionsDeps, type SubmissionsDeps } from './deps.ts';
import { getReceipt } from './receipt.ts';
import type { FormTaskShipment } from './shipment.ts';
import { submitFormTask } from './submit-form-task.ts';

export type { SubmissionsDeps } from './deps.ts';
export type { Receipt, ReceiptStatusCode, ReferenceTypeName } from './receipt.ts';
export type { FormTaskShipment, ShipmentForm, ShipmentAttachment } from './shipment.ts';
export type { SubmitResult } from './submit-form-task.ts';
export { MAX_ATTACHMENT_BYTES_PER_REQUEST } from './shipment.ts';
export { SubmissionProblems } from './errors.ts';
export { submissionsMigrations } from './db/migrations/index.ts';
export { registerSubmissionsRoutes } from './http/routes.ts';

/** The submissions module: form tasks (SubmitFormTask), the work list, the archive, receipts and the download queue. */
export function createSubmissions(deps: SubmissionsDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: SubmissionsDeps['db']) => createSubmissions(bindSubmissionsDeps(deps, db)),
    /** Submits a form-task shipment for a reportee ('me', an orgno or r<partyId>) → its receipt. */
    submitFormTask: (actor: Actor, reportee: string, shipment: FormTaskShipment) => submitFormTask(deps, actor, reportee, shipment),
    /** A receipt for its sender, the service owner, or someone who may Read the service for its party. */
    getReceipt: (actor: Actor, receiptId: number) => getReceipt(deps, actor, receiptId),
  };
}

/** The submissions module's API type. */
export type Submissions = ReturnType<typeof createSubmissions>;
