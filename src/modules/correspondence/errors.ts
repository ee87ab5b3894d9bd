import { defineProblems } from '../../platform/index.ts';

/** Problems of the correspondence module. Codes are stable: never reuse or renumber them. */
export const CorrespondenceProblems = defineProblems('CORR', {
  invalidCorrespondence: { code: 'CORR-00001', kind: 'invalid', title: 'The correspondence is not valid: every problem is listed with its path' },
  serviceNotAvailable: {
    code: 'CORR-00002',
    kind: 'invalid',
    title: "No correspondence service with this code and edition that your service owner may send: unknown, another owner's, not a correspondence service, or not in production",
    // Altinn II: "system not authorised for the resource (wrong service owner)".
    altinnErrorId: 5,
  },
  unknownReportee: { code: 'CORR-00003', kind: 'invalid', title: 'No person or organisation with this reportee number', altinnErrorId: 60012 },
  shipmentExists: {
    code: 'CORR-00004',
    kind: 'conflict',
    title: 'A different correspondence was sent with the same externalShipmentReference',
  },
  notFound: { code: 'CORR-00005', kind: 'not-found', title: "No correspondence with this id in the reportee's message box" },
  notAuthorized: { code: 'CORR-00006', kind: 'forbidden', title: 'You may not read this correspondence for the reportee: every failing check is listed with who can fix it', altinnErrorId: 14 },
  confirmationNotNeeded: { code: 'CORR-00007', kind: 'conflict', title: 'This correspondence does not need confirming' },
  notArchivable: { code: 'CORR-00008', kind: 'conflict', title: 'A correspondence is archived only after it is read, and confirmed when the service requires it' },
  attachmentNotFound: { code: 'CORR-00009', kind: 'not-found', title: 'The correspondence has no attachment with this id' },
  invalidStatusQuery: { code: 'CORR-00010', kind: 'invalid', title: 'Status queries need serviceCode and serviceEditionCode of your own service, and createdAfter not after createdBefore' },
  tooLarge: { code: 'CORR-00011', kind: 'too-large', title: 'The attachments are larger than 30 MB together' },
});
