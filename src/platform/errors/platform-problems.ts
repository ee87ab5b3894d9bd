import { defineProblems } from './errors.ts';

/** Problems raised by the platform itself (HTTP edge, database, configuration). */
export const PlatformProblems = defineProblems('PLAT', {
  internal: { code: 'PLAT-00001', kind: 'internal', title: 'Internal error' },
  routeNotFound: { code: 'PLAT-00002', kind: 'not-found', title: 'No such resource' },
  malformedJson: { code: 'PLAT-00003', kind: 'invalid', title: 'Malformed JSON body' },
  requestValidation: { code: 'PLAT-00004', kind: 'invalid', title: 'The request does not match the schema' },
  unsupportedMediaType: { code: 'PLAT-00005', kind: 'unsupported', title: 'Unsupported media type' },
  bodyTooLarge: { code: 'PLAT-00006', kind: 'too-large', title: 'Request body too large' },
  notReady: { code: 'PLAT-00007', kind: 'unavailable', title: 'Not ready' },
  invalidBlobKey: { code: 'PLAT-00008', kind: 'invalid', title: 'Invalid blob key' },
  blobNotFound: { code: 'PLAT-00009', kind: 'not-found', title: 'Blob not found' },
  unknownJobKind: { code: 'PLAT-00010', kind: 'internal', title: 'No handler for job kind' },
  badRequest: { code: 'PLAT-00011', kind: 'invalid', title: 'Bad request' },
  invalidJobPayload: { code: 'PLAT-00012', kind: 'internal', title: 'Job payload does not match its schema' },
  unauthenticated: { code: 'PLAT-00013', kind: 'unauthenticated', title: 'Log in first: this needs a valid token or session' },
  personRequired: { code: 'PLAT-00014', kind: 'forbidden', title: 'Only a person logged in with their own credentials may do this, not a system' },
  invalidIdempotencyKey: { code: 'PLAT-00016', kind: 'invalid', title: 'An Idempotency-Key has 1–200 visible ASCII characters' },
  idempotencyKeyReused: { code: 'PLAT-00017', kind: 'conflict', title: 'This Idempotency-Key was already used for a different request: use a new key for a new request' },
  insufficientLevel: { code: 'PLAT-00018', kind: 'forbidden', title: 'This needs a higher security level: log in with a one-time code (level 2) or eID (level 3–4)', altinnErrorId: 17 },
  invalidCidr: { code: 'PLAT-00019', kind: 'invalid', title: 'An IP allow-list entry is an IPv4 or IPv6 address or CIDR block, such as 10.0.0.0/8' },
  invalidSchema: { code: 'PLAT-00020', kind: 'invalid', title: 'The XML schema does not compile' },
  soapInvalidRequest: { code: 'PLAT-00021', kind: 'invalid', title: "The SOAP request does not match the service's WSDL" },
  soapVersionMismatch: { code: 'PLAT-00022', kind: 'invalid', title: 'This endpoint speaks another SOAP version: Basic endpoints SOAP 1.1 (text/xml), WS and EC endpoints SOAP 1.2 (application/soap+xml)' },
  blobPartSize: { code: 'PLAT-00023', kind: 'invalid', title: 'The part did not have the size it was announced with' },
  invalidSshKey: {
    code: 'PLAT-00024',
    kind: 'invalid',
    title: 'An SSH public key is one line in OpenSSH format (ssh-ed25519, ecdsa-sha2-nistp256/384/521, or ssh-rsa of at least 2048 bits), as in a .pub file',
  },
  serviceOwnerRequired: { code: 'PLAT-00015', kind: 'forbidden', title: "Only a service owner's system may do this" },
  // Batch files a service owner puts in its inbound folder (Altinn II's batch channel): problems with the whole
  // file, each answered by a Failed receipt; no item of such a file is processed.
  batchNotWellFormed: { code: 'PLAT-00025', kind: 'invalid', title: 'The batch file is not well-formed XML, or declares a DTD or entities (batch files take none)' },
  batchUnknownFormat: {
    code: 'PLAT-00026',
    kind: 'unsupported',
    title: 'The file is not a batch format Tinn reads: Correspondences (correspondence 2009/10 family) or ServiceOwner with Prefill (serviceinitiation 2009/10)',
  },
  batchTooLarge: { code: 'PLAT-00027', kind: 'too-large', title: 'The batch file is larger than 200 MB: split it into several files' },
  batchSequenceMismatch: {
    code: 'PLAT-00028',
    kind: 'conflict',
    title: "SequenceNo is not one more than the previous accepted file's of this kind: the file was rejected whole; send it again with the expected number",
  },
  batchOtherOwner: { code: 'PLAT-00029', kind: 'forbidden', title: 'The batch file names another service owner than the one whose system sent it (SystemUserCode or ServiceOwnerName)' },
  batchInvalidHeader: { code: 'PLAT-00030', kind: 'invalid', title: "The batch file's header is incomplete or invalid: every problem is listed with its path" },
  batchItemNotSupported: { code: 'PLAT-00031', kind: 'unsupported', title: 'This batch item uses a part of the Altinn II format that Tinn does not build (field-based prefill)' },
});
