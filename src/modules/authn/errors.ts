import { defineProblems } from '../../platform/index.ts';

/**
 * Problems of authentication. They say what to fix, in the terms of seed 004; none of them says whether
 * a user exists before the password was right. Codes are stable: never reuse or renumber them.
 */
export const AuthnProblems = defineProblems('AUTN', {
  wrongCredentials: { code: 'AUTN-00001', kind: 'unauthenticated', title: 'Wrong user name, national identity number or password' },
  locked: { code: 'AUTN-00002', kind: 'too-many', title: 'Too many failed attempts: the account is locked for a while' },
  noPhoneNumber: { code: 'AUTN-00003', kind: 'forbidden', title: 'No mobile number in the profile: add one under advanced settings to receive one-time codes' },
  noPassword: { code: 'AUTN-00004', kind: 'forbidden', title: 'No password is set: set one under advanced settings first' },
  wrongCode: { code: 'AUTN-00005', kind: 'unauthenticated', title: 'The one-time code is wrong' },
  codeExpired: { code: 'AUTN-00006', kind: 'gone', title: 'The one-time code has expired or was already used: log in again to get a new one' },
  weakPassword: { code: 'AUTN-00007', kind: 'invalid', title: 'The password must have 8–128 characters with at least one letter and one digit' },
  wrongCurrentPassword: { code: 'AUTN-00008', kind: 'forbidden', title: 'The current password is wrong' },
  insufficientLevel: { code: 'AUTN-00009', kind: 'forbidden', title: 'This needs a higher security level: log in with a one-time code' },
  testLoginDisabled: { code: 'AUTN-00010', kind: 'not-found', title: 'Test login exists only in the test environment' },
  testLoginNotSynthetic: { code: 'AUTN-00011', kind: 'forbidden', title: 'Test login is only for synthetic persons' },
  invalidToken: { code: 'AUTN-00012', kind: 'unauthenticated', title: 'The token is invalid or has expired' },
  rateLimited: { code: 'AUTN-00013', kind: 'too-many', title: 'Too many attempts: wait a little and try again' },
});
