/** A prefilled form (PrefillForm): data the service owner fills in before the reportee sees the form. */
export interface PrefilledForm {
  dataFormatId: string;
  dataFormatVersion: number;
  formData: string;
  sendersReference: string | null;
  /** Altinn II: whether the form is marked for signing by default, and whether the reportee may change that. */
  signedByDefault: boolean;
  signingLocked: boolean;
}

export interface PrefilledAttachment {
  attachmentId: number;
  name: string;
  fileName: string;
  attachmentTypeName: string | null;
  size: number;
  sha256: string;
  blobKey: string;
  sendersReference: string | null;
  signedByDefault: boolean;
  signingLocked: boolean;
}

/** A prefilled form set (PrefillFormTask) as stored for a reportee and service. */
export interface PrefilledFormSet {
  prefillId: string;
  serviceOwnerCode: string;
  serviceCode: string;
  serviceEditionCode: number;
  reporteePartyId: number;
  reporteeNumber: string;
  externalShipmentReference: string;
  sendersReference: string | null;
  receiversReference: string | null;
  validFrom: Date;
  validTo: Date;
  /** Identity fields (index → value) that tell several prefilled sets of one service apart. */
  identityFields: { index: number; value: string }[];
  caseId: string | null;
  dueDate: Date | null;
  forms: PrefilledForm[];
  attachments: PrefilledAttachment[];
  createdAt: Date;
  /** The form task made from it, once instantiated. */
  instantiatedElementId: number | null;
}

export const MAX_PREFILL_ATTACHMENT_BYTES = 30 * 1024 * 1024;
