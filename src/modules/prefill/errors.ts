import { defineProblems } from '../../platform/index.ts';

/** Problems of the prefill module. Codes are stable: never reuse or renumber them. */
export const PrefillProblems = defineProblems('PREF', {
  invalidPrefill: { code: 'PREF-00001', kind: 'invalid', title: 'The prefilled form set is not valid: every problem is listed with its path (XSD errors with their line)' },
  serviceNotAvailable: {
    code: 'PREF-00002',
    kind: 'invalid',
    title: "No active form-task service with this code and edition that your service owner may prefill: unknown, another owner's, not a form task, or not in production",
  },
  unknownReportee: { code: 'PREF-00003', kind: 'invalid', title: 'No person or organisation with this reportee number', altinnErrorId: 60012 },
  shipmentExists: { code: 'PREF-00004', kind: 'conflict', title: 'A different prefilled form set was sent with the same externalShipmentReference' },
  notFound: { code: 'PREF-00005', kind: 'not-found', title: 'No valid prefilled form set of this service for the reportee' },
  notAuthorized: { code: 'PREF-00006', kind: 'forbidden', title: 'You may not see prefilled data of this service for the reportee: every failing check is listed' },
  tooLarge: { code: 'PREF-00007', kind: 'too-large', title: 'The attachments are larger than 30 MB together' },
});
