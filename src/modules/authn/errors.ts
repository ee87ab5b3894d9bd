import { defineProblems } from '../../platform/index.ts';

/**
 * Problems of authentication. They say what to fix, in the terms of seed 004; none of them says whether
 * a user exists before the password was right. `altinnErrorId` is the ErrorID Altinn II gave the same
 * failure (989 system credentials, 0 user authentication, 5 not allowed from this address); the SOAP edge
 * reports it. Codes are stable: never reuse or renumber them.
 */
export const AuthnProblems = defineProblems('AUTN', {
  wrongCredentials: { code: 'AUTN-00001', kind: 'unauthenticated', title: 'Wrong user name, national identity number or password', altinnErrorId: 0 },
  locked: { code: 'AUTN-00002', kind: 'too-many', title: 'Too many failed attempts: the account is locked for a while', altinnErrorId: 0 },
  noPhoneNumber: { code: 'AUTN-00003', kind: 'forbidden', title: 'No mobile number in the profile: add one under advanced settings to receive one-time codes' },
  noPassword: { code: 'AUTN-00004', kind: 'forbidden', title: 'No password is set: set one under advanced settings first' },
  wrongCode: { code: 'AUTN-00005', kind: 'unauthenticated', title: 'The one-time code is wrong', altinnErrorId: 0 },
  codeExpired: { code: 'AUTN-00006', kind: 'gone', title: 'The one-time code has expired or was already used: ask for a new one', altinnErrorId: 0 },
  weakPassword: { code: 'AUTN-00007', kind: 'invalid', title: 'The password must have 8–128 characters with at least one letter and one digit' },
  wrongCurrentPassword: { code: 'AUTN-00008', kind: 'forbidden', title: 'The current password is wrong' },
  insufficientLevel: { code: 'AUTN-00009', kind: 'forbidden', title: 'This needs a higher security level: log in with a one-time code' },
  testLoginDisabled: { code: 'AUTN-00010', kind: 'not-found', title: 'Test login exists only in the test environment' },
  testLoginNotSynthetic: { code: 'AUTN-00011', kind: 'forbidden', title: 'Test login is only for synthetic persons' },
  invalidToken: { code: 'AUTN-00012', kind: 'unauthenticated', title: 'The token is invalid or has expired' },
  rateLimited: { code: 'AUTN-00013', kind: 'too-many', title: 'Too many attempts: wait a little and try again' },
  wrongSystemCredentials: {
    code: 'AUTN-00014',
    kind: 'unauthenticated',
    title: 'The data system is not registered or its password is wrong: check the SystemID and the password chosen when it was registered',
    altinnErrorId: 989,
  },
  systemLocked: { code: 'AUTN-00015', kind: 'too-many', title: 'Too many wrong system passwords: the data system is locked for a while', altinnErrorId: 989 },
  systemSubmissionNotAllowed: {
    code: 'AUTN-00016',
    kind: 'forbidden',
    title: 'This user has not allowed submission from systems with their user name and password: tick it under advanced settings, or use a registered data system',
    altinnErrorId: 989,
  },
  systemOwnedByAnotherPerson: {
    code: 'AUTN-00017',
    kind: 'forbidden',
    title: 'This data system is registered on a person and acts only for that person: log in as its owner or register a system of your own',
    altinnErrorId: 5,
  },
  userCredentialsIncomplete: {
    code: 'AUTN-00018',
    kind: 'invalid',
    title: 'User authentication needs the national identity number or user name, the password and, for level 2, the one-time code with its method',
  },
  noPostalAddress: { code: 'AUTN-00022', kind: 'forbidden', title: 'No postal address in the population register: a code letter cannot be sent; use SMSPin' },
  serviceOwnerSystemLocked: { code: 'AUTN-00023', kind: 'too-many', title: 'Too many wrong passwords: the agency system is locked for a while', altinnErrorId: 989 },
  noCodeLetter: { code: 'AUTN-00019', kind: 'forbidden', title: 'No unused code in a code letter: order a new code letter, or use SMSPin' },
  addressNotAllowed: { code: 'AUTN-00020', kind: 'forbidden', title: 'This system is not allowed from the calling IP address', altinnErrorId: 5 },
  wrongServiceOwnerCredentials: {
    code: 'AUTN-00021',
    kind: 'unauthenticated',
    title: "Wrong agency system user name or password, or unknown API key: check what the operator issued for the service owner's system",
    altinnErrorId: 989,
  },
  csrfTokenMismatch: {
    code: 'AUTN-00024',
    kind: 'forbidden',
    title: 'A request that changes something with the session cookie needs the X-CSRF-Token header from GET /api/v1/authn/session (or the login answer)',
  },
  usernameTokenMissing: { code: 'AUTN-00025', kind: 'unauthenticated', title: 'This WS endpoint needs a WS-Security UsernameToken in the SOAP header (wsse:Security): the system id or agency-system name and its password', altinnErrorId: 989 },
  usernameTokenStale: { code: 'AUTN-00026', kind: 'unauthenticated', title: 'The UsernameToken is not fresh: its wsu:Created must be within 5 minutes of the server clock', altinnErrorId: 989 },
  usernameTokenReplayed: { code: 'AUTN-00027', kind: 'unauthenticated', title: 'This UsernameToken nonce was already used: send a new nonce with every request', altinnErrorId: 989 },
  passwordDigestUnsupported: {
    code: 'AUTN-00028',
    kind: 'unauthenticated',
    title:
      'PasswordDigest needs the password itself, and Tinn keeps only an argon2id hash of this one: send PasswordText (over TLS), or have the operator set TINN_CREDENTIALS_KEY and set the password again',
    altinnErrorId: 989,
  },
  certificateRequired: { code: 'AUTN-00029', kind: 'unauthenticated', title: 'This endpoint needs an enterprise certificate (virksomhetssertifikat) with an organisation number on the TLS connection', altinnErrorId: 5 },
  certificateNotServiceOwner: { code: 'AUTN-00030', kind: 'forbidden', title: "The certificate's organisation is not a registered service owner", altinnErrorId: 5 },
  certificateMismatch: { code: 'AUTN-00031', kind: 'forbidden', title: "The certificate belongs to another organisation than the agency system's service owner", altinnErrorId: 5 },
  wrongEnterpriseUserCredentials: { code: 'AUTN-00032', kind: 'unauthenticated', title: 'Wrong enterprise user name or password', altinnErrorId: 5 },
  enterpriseUserLocked: { code: 'AUTN-00033', kind: 'too-many', title: 'Too many wrong passwords: the enterprise user is locked for a while', altinnErrorId: 5 },
  enterpriseUserCertificateMismatch: {
    code: 'AUTN-00034',
    kind: 'forbidden',
    title: "The certificate belongs to another organisation than the enterprise user's: an enterprise user logs in only with its own organisation's certificate",
    altinnErrorId: 5,
  },
  sshKeyNotFound: {
    code: 'AUTN-00035',
    kind: 'unauthenticated',
    title: "No such SSH key for this account: the account's administrator adds the public key first (the SFTP user name is the SystemID, the enterprise user name or the agency system's name)",
  },
  sftpLoginRevoked: {
    code: 'AUTN-00036',
    kind: 'unauthenticated',
    title: 'This SFTP login no longer holds: its SSH key, account, password or allowed addresses changed since it logged in; log in again',
  },
});
