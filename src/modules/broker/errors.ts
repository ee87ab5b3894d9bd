import { defineProblems } from '../../platform/index.ts';

/** Problems of the broker module. Codes are stable: never reuse or renumber them. Altinn II's numbers are in `altinnErrorId`. */
export const BrokerProblems = defineProblems('BRK', {
  invalidFile: { code: 'BRK-00001', kind: 'invalid', title: 'The file transfer is not valid: every problem is listed with its path' },
  serviceNotAvailable: {
    code: 'BRK-00002',
    kind: 'invalid',
    title: 'No broker service with this code and edition in use: unknown, not a broker service, not in production or outside its validity dates',
    altinnErrorId: 40210,
  },
  senderNotAuthorized: { code: 'BRK-00003', kind: 'forbidden', title: 'You may not send files on this service for the sender: every failing check is listed with who can fix it', altinnErrorId: 40201 },
  recipientNotAllowed: { code: 'BRK-00004', kind: 'invalid', title: 'A recipient is unknown or may not receive files on this service: each is listed', altinnErrorId: 40202 },
  notFound: { code: 'BRK-00005', kind: 'not-found', title: 'No file transfer with this reference that you may see' },
  notUploadable: { code: 'BRK-00006', kind: 'conflict', title: 'The file takes no more content: it is uploaded already, or cancelled, expired or failed', altinnErrorId: 40208 },
  checksumMismatch: { code: 'BRK-00007', kind: 'invalid', title: 'The content does not have the checksum the file was initiated with: the transfer failed and nothing was published' },
  tooLarge: { code: 'BRK-00008', kind: 'too-large', title: "The file is larger than the service's limit", altinnErrorId: 40204 },
  wrongOffset: { code: 'BRK-00009', kind: 'conflict', title: 'The chunk does not start where the upload stands: continue from uploadedBytes' },
  invalidContentRange: { code: 'BRK-00010', kind: 'invalid', title: 'Content-Range must be "bytes start-end/total" with the same total every time, and the body that many bytes' },
  notAvailable: { code: 'BRK-00011', kind: 'gone', title: 'The file has no content to download: not published yet, or cancelled, expired or purged', altinnErrorId: 40207 },
  recipientNotAuthorized: { code: 'BRK-00012', kind: 'forbidden', title: 'You may not download this file for the recipient: every failing check is listed with who can fix it', altinnErrorId: 40215 },
  notCancellable: { code: 'BRK-00013', kind: 'conflict', title: 'The file transfer has ended already (cancelled, expired or failed)' },
  emptyFile: { code: 'BRK-00014', kind: 'invalid', title: 'A file has content: zero bytes cannot be sent', altinnErrorId: 40205 },
  chunkTooSmall: { code: 'BRK-00015', kind: 'invalid', title: 'Every chunk but the last has at least 5 MiB' },
  rangeNotSatisfiable: { code: 'BRK-00016', kind: 'range-not-satisfiable', title: 'The range asks for bytes outside the file' },
  invalidShipment: {
    code: 'BRK-00017',
    kind: 'invalid',
    title: 'The shipment archive is not one the batch channel takes: a plain ZIP (no ZIP64, no encryption) with manifest.xml and recipients.xml, and names that stay inside the folder',
    altinnErrorId: 40206,
  },
});
