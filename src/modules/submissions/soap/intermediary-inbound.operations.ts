import type { SoapAuthenticator, SoapOperation } from '../../../platform/soap/index.ts';
import { bodySystemCredentials } from '../../../platform/soap/credentials.ts';
import type { FormTaskShipment, Submissions } from '../index.ts';
import { receiptExternal } from './receipt-external.ts';

/** FormTaskShipmentBE (as read by the schema) → the shipment the use case takes. */
function shipmentOf(s: Record<string, any>): FormTaskShipment {
  const task = s.FormTasks ?? {};
  return {
    externalShipmentReference: s.ExternalShipmentReference ?? '',
    serviceCode: task.ServiceCode ?? '',
    serviceEditionCode: task.ServiceEdition ?? 0,
    forms: (task.Forms?.Form ?? []).map((f: Record<string, any>) => ({
      dataFormatId: f.DataFormatId,
      dataFormatVersion: f.DataFormatVersion,
      endUserSystemReference: f.EndUserSystemReference,
      parentReference: f.ParentReference,
      formData: f.FormData,
      // Altinn II: a form not flagged otherwise is sent complete.
      completed: f.Completed ?? true,
    })),
    attachments: (s.Attachments?.Attachment ?? []).map((a: Record<string, any>) => ({
      name: a.Name,
      fileName: a.FileName,
      attachmentTypeName: a.AttachmentTypeName,
      endUserSystemReference: a.EndUserSystemReference,
      parentReference: a.ParentReference,
      data: a.AttachementData ?? new Uint8Array(),
    })),
    // Signatures carries the end-user system's signing evidence: with it the shipment is signed by the
    // caller's login, as REST's `sign: true` (a data system then needs its user and one-time code).
    sign: s.Signatures !== undefined,
    caseId: s.CaseID || undefined,
  };
}

/**
 * IntermediaryInboundBasic (`/IntermediaryExternal/IntermediaryInboundBasic.svc`): a data system submits
 * form tasks over SOAP 1.1 with its SystemID and password (and its user's) in the body. The same use case
 * as `POST /api/v1/reportees/{reportee}/formtasks`; the answer is the receipt.
 */
export function intermediaryInboundOperations(submissions: Submissions, auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),

    SubmitFormTaskBasic: async (input, call) => {
      const actor = await auth.system(bodySystemCredentials(input), call);
      const shipment = input.formTaskShipment ?? {};
      const result = await submissions.submitFormTask(actor, shipment.Reportee ?? '', shipmentOf(shipment));
      return { SubmitFormTaskBasicResult: receiptExternal(result.receipt) };
    },

    GetAltinnSubmissionStatusBasic: async (input, call) => {
      await auth.system(bodySystemCredentials(input), call);
      // Submissions are processed while the caller waits: no queue, no delay.
      return { GetAltinnSubmissionStatusBasicResult: 0 };
    },
  };
}
