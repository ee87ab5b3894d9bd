import { defineProblems } from '../../platform/index.ts';

/**
 * Problems of the notifications module. Codes are stable: never reuse or renumber them. Where Altinn II's
 * NotificationAgencyExternal had an ErrorID for the same failure, it is given (the SOAP edge reports it).
 */
export const NotificationProblems = defineProblems('NOTF', {
  invalidTemplate: { code: 'NOTF-00001', kind: 'invalid', title: 'The notification template is not valid: every problem (unknown macros, missing subject, too long) is listed' },
  templateNotFound: { code: 'NOTF-00002', kind: 'invalid', title: 'Your service owner has no notification template of this type with a text for this transport' },
  addressWithCombinedTransport: {
    code: 'NOTF-00003',
    kind: 'invalid',
    title: 'A receiver address may only be given with transport SMS or Email; Both, SMSPreferred and EmailPreferred resolve addresses from the reportee',
    altinnErrorId: 30009,
  },
  invalidEmail: { code: 'NOTF-00004', kind: 'invalid', title: 'The receiver e-mail address is not valid', altinnErrorId: 30010 },
  invalidMobile: { code: 'NOTF-00005', kind: 'invalid', title: 'The receiver mobile number is not valid (Norwegian numbers: 8 digits starting with 4 or 9; others with + and country code)', altinnErrorId: 30303 },
  unsupportedTransport: { code: 'NOTF-00006', kind: 'invalid', title: 'TransportType must be SMS, Email, Both, SMSPreferred or EmailPreferred', altinnErrorId: 40015 },
  smsTooLong: { code: 'NOTF-00007', kind: 'invalid', title: 'The SMS is longer than 700 characters after tokens and macros are filled in' },
  tooManyNotifications: { code: 'NOTF-00008', kind: 'invalid', title: 'Too many notifications in one request (at most 1000)', altinnErrorId: 40014 },
  unknownReportee: { code: 'NOTF-00009', kind: 'invalid', title: 'No person or organisation with this reportee number', altinnErrorId: 60012 },
  invalidReporteeNumber: { code: 'NOTF-00010', kind: 'invalid', title: 'The reportee number is neither a valid national identity number nor an organisation number', altinnErrorId: 40016 },
  invalidFromAddress: { code: 'NOTF-00011', kind: 'invalid', title: 'FromAddress is not a valid e-mail address', altinnErrorId: 40020 },
  invalidLanguage: { code: 'NOTF-00012', kind: 'invalid', title: 'The language must be nb, nn or en (or 1044, 2068, 1033)', altinnErrorId: 40001 },
  notificationNotFound: { code: 'NOTF-00013', kind: 'not-found', title: 'No notification with this id sent by your service owner' },
  noRecipient: { code: 'NOTF-00014', kind: 'invalid', title: 'Nothing to send to: give a reportee number, or receiver addresses for every endpoint', altinnErrorId: 30304 },
  unknownService: { code: 'NOTF-00015', kind: 'invalid', title: 'The service named in the notification does not exist' },
  invalidRecipientQuery: { code: 'NOTF-00016', kind: 'invalid', title: 'Give organizationNumber, or socialSecurityNumber with lastName' },
  recipientNotFound: { code: 'NOTF-00017', kind: 'not-found', title: 'No such organisation, or no person with this national identity number and last name' },
  invalidSchedule: { code: 'NOTF-00018', kind: 'invalid', title: 'shipmentDateTime is more than a year ahead' },
});
