import { defineProblems } from '../../platform/index.ts';

/** Problems of the register module. Codes are stable: never reuse or renumber them. */
export const RegisterProblems = defineProblems('REG', {
  nationalIdLength: { code: 'REG-00001', kind: 'invalid', title: 'A national identity number has exactly 11 digits' },
  nationalIdDate: { code: 'REG-00002', kind: 'invalid', title: 'The national identity number does not hold a valid birth date' },
  nationalIdCheckDigit1: { code: 'REG-00003', kind: 'invalid', title: 'The first check digit of the national identity number is wrong' },
  nationalIdCheckDigit2: { code: 'REG-00004', kind: 'invalid', title: 'The second check digit of the national identity number is wrong' },
  syntheticIdNotAllowed: { code: 'REG-00005', kind: 'invalid', title: 'Synthetic national identity numbers are accepted only in the test environment' },
  orgnoFormat: { code: 'REG-00006', kind: 'invalid', title: 'An organisation number has exactly 9 digits' },
  orgnoCheckDigit: { code: 'REG-00007', kind: 'invalid', title: 'The check digit of the organisation number is wrong' },
  organizationNotFound: { code: 'REG-00008', kind: 'not-found', title: 'No organisation with this number' },
  personNotFound: { code: 'REG-00009', kind: 'not-found', title: 'No person with this national identity number' },
  personExists: { code: 'REG-00010', kind: 'conflict', title: 'A person with this national identity number already exists' },
  organizationExists: { code: 'REG-00011', kind: 'conflict', title: 'An organisation with this number already exists' },
  unknownErRole: { code: 'REG-00012', kind: 'invalid', title: 'Unknown ER role code' },
  erRoleHolderType: { code: 'REG-00013', kind: 'invalid', title: 'This ER role cannot be held by this kind of party' },
  unitStructure: { code: 'REG-00014', kind: 'invalid', title: 'Invalid main unit / sub-unit structure' },
  unknownOrganizationForm: { code: 'REG-00015', kind: 'invalid', title: 'Unknown organisation form' },
  partyNotFound: { code: 'REG-00016', kind: 'not-found', title: 'No such party' },
  invalidName: { code: 'REG-00017', kind: 'invalid', title: 'Invalid name' },
  invalidAddress: { code: 'REG-00018', kind: 'invalid', title: 'Invalid address' },
  erRoleOnItself: { code: 'REG-00019', kind: 'invalid', title: 'An organisation cannot hold an ER role in itself' },
  organizationDeleted: { code: 'REG-00020', kind: 'conflict', title: 'The organisation is deleted' },
  serviceOwnerConflict: { code: 'REG-00021', kind: 'conflict', title: 'The organisation is already a service owner, or the code is taken' },
  invalidServiceOwnerCode: { code: 'REG-00022', kind: 'invalid', title: 'A service-owner code is 2–10 capital letters or digits, starting with a letter' },
  serviceOwnerNotFound: { code: 'REG-00023', kind: 'not-found', title: 'No service owner has this code' },
});
