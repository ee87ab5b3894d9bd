import { defineProblems } from '../../platform/index.ts';

/** Problems of the profile module. Codes are stable: never reuse or renumber them. */
export const ProfileProblems = defineProblems('PROF', {
  invalidMobile: { code: 'PROF-00001', kind: 'invalid', title: 'Not a valid mobile number' },
  invalidEmail: { code: 'PROF-00002', kind: 'invalid', title: 'Not a valid e-mail address' },
  invalidLanguage: { code: 'PROF-00003', kind: 'invalid', title: 'Unsupported language' },
  invalidUsername: { code: 'PROF-00004', kind: 'invalid', title: 'Invalid user name' },
  usernameTaken: { code: 'PROF-00005', kind: 'conflict', title: 'The user name is taken' },
  notAPerson: { code: 'PROF-00006', kind: 'invalid', title: 'The party is not a person' },
  notAnOrganization: { code: 'PROF-00007', kind: 'invalid', title: 'The party is not an organisation' },
  tooManyAddresses: { code: 'PROF-00008', kind: 'invalid', title: 'Too many notification addresses' },
  insufficientLevel: { code: 'PROF-00009', kind: 'forbidden', title: 'Changing the mobile number needs security level 2: log in with a one-time code' },
  notActingForOrganization: {
    code: 'PROF-00010',
    kind: 'forbidden',
    title: "You do not act for this organisation: you need a role or right for it (or its main unit) from the Central Coordinating Register or a delegation; ask the organisation's main administrator",
  },
  notOrganizationAdministrator: {
    code: 'PROF-00011',
    kind: 'forbidden',
    title: "Only the organisation's main administrators (Hovedadministrator) and access managers (Tilgangsstyring) may change its notification addresses",
  },
  personalContactNotFound: { code: 'PROF-00012', kind: 'not-found', title: 'You have registered no contact details for this organisation' },
});
