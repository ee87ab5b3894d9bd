import { defineProblems } from '../../platform/index.ts';

/** Problems of the submissions module. Codes are stable: never reuse or renumber them. */
export const SubmissionProblems = defineProblems('SUB', {
  serviceNotActive: {
    code: 'SUB-00001',
    kind: 'invalid',
    title: 'There exist no valid services with given service code/edition code: the form-task service is unknown, not in production or outside its validity dates',
  },
  reporteeTypeNotAllowed: { code: 'SUB-00002', kind: 'forbidden', title: 'The service cannot be used for this kind of reportee (person, organisation or sub-unit)' },
  notAuthorized: { code: 'SUB-00003', kind: 'forbidden', title: 'The caller may not do this for the reportee: every failing check is listed with who can fix it' },
  unknownForm: { code: 'SUB-00004', kind: 'invalid', title: 'Not A Valid DataFormatId Or DataFormatVersion for this service edition' },
  invalidFormSet: {
    code: 'SUB-00005',
    kind: 'invalid',
    title: 'The form set is not well formed: one main form without parentReference, sub-forms pointing to it, unique endUserSystemReferences',
  },
  formValidationFailed: { code: 'SUB-00006', kind: 'invalid', title: 'Form Validation Failed: the form data does not match its XSD; every error has its line' },
  invalidAttachments: { code: 'SUB-00007', kind: 'invalid', title: "The attachments break the service's attachment rules; every problem is listed" },
  shipmentExists: {
    code: 'SUB-00008',
    kind: 'conflict',
    title: 'Shipment Already Exists: a different shipment was sent for this reportee with the same externalShipmentReference',
  },
  receiptNotFound: { code: 'SUB-00009', kind: 'not-found', title: 'No receipt with this id that you may read', altinnErrorId: 30008 },
  archiveNotFound: { code: 'SUB-00010', kind: 'not-found', title: 'No archived form task with this archive reference here' },
  invalidCursor: { code: 'SUB-00012', kind: 'invalid', title: 'The cursor is not one this list gave out' },
  invalidDateRange: { code: 'SUB-00013', kind: 'invalid', title: 'fromDate is after toDate', altinnErrorId: 30102 },
  formTaskNotFound: { code: 'SUB-00014', kind: 'not-found', title: "No form task with this id in the reportee's work list" },
  notComplete: { code: 'SUB-00015', kind: 'conflict', title: 'The form task is not ready: every form complete, the signatures its process needs and the minimum attachments first', altinnErrorId: 60037 },
  alreadySigned: { code: 'SUB-00016', kind: 'conflict', title: 'You have signed this form task already', altinnErrorId: 60036 },
  alreadyArchived: { code: 'SUB-00017', kind: 'conflict', title: 'The form task is archived and can no longer change', altinnErrorId: 60035 },
  invalidReceiptSearch: { code: 'SUB-00018', kind: 'invalid', title: 'Receipts are searched by one reference of a searchable type, or listed by a receipt type other than NotSet', altinnErrorId: 30101 },
  receiptNotUpdatable: { code: 'SUB-00019', kind: 'forbidden', title: 'Only the service owner, the sender or someone who may Write the service for the party may update a receipt' },
  nothingToStart: { code: 'SUB-00020', kind: 'conflict', title: 'No prefilled form set of this service waits for the reportee; submit the form task with its data instead' },
  missingShipmentReference: {
    code: 'SUB-00022',
    kind: 'invalid',
    title: 'Argument Null Exception - Intermediary Inbound :ExternalShipmentReference: every shipment carries your own reference (1–100 characters), unique per reportee',
  },
  workListAttachmentNotFound: { code: 'SUB-00021', kind: 'not-found', title: 'The form task in the work list has no attachment with this id' },
  attachmentNotFound: { code: 'SUB-00011', kind: 'not-found', title: 'The archived form task has no attachment with this id' },
});
