import { defineProblems } from '../../platform/index.ts';

/** Problems of the systems module. Codes are stable: never reuse or renumber them. */
export const SystemsProblems = defineProblems('SYS', {
  notVendorAdministrator: {
    code: 'SYS-00001',
    kind: 'forbidden',
    title: "Only the vendor's main administrator (managing director, chair, owner …) may register its system types",
  },
  systemTypeExists: { code: 'SYS-00002', kind: 'conflict', title: 'The vendor already has a system type with this name' },
  invalidSystemTypeName: { code: 'SYS-00003', kind: 'invalid', title: 'A system type name has 2–100 characters' },
  systemTypeNotFound: { code: 'SYS-00004', kind: 'not-found', title: 'No such system type' },
  notReporteeAdministrator: {
    code: 'SYS-00005',
    kind: 'forbidden',
    title: "Only someone who administers the reportee (for an organisation its managing director, chair, owner …) may manage its data systems",
  },
  dataSystemNotFound: { code: 'SYS-00006', kind: 'not-found', title: 'No such data system for this reportee: check the SystemID' },
  weakSystemPassword: { code: 'SYS-00007', kind: 'invalid', title: 'A data system password has 7–128 characters with at least one letter and one digit' },
  invalidDescription: { code: 'SYS-00008', kind: 'invalid', title: 'A data system description has 1–100 characters' },
  invalidServiceOwnerSystemName: {
    code: 'SYS-00010',
    kind: 'invalid',
    title: "An agency system's name is its service owner's code, optionally followed by _ or - and up to 40 letters or digits (TTD_ARKIV)",
  },
  serviceOwnerSystemExists: { code: 'SYS-00011', kind: 'conflict', title: 'An agency system with this name exists already' },
  serviceOwnerSystemNotFound: { code: 'SYS-00012', kind: 'not-found', title: 'No agency system has this name' },
  emptyAllowList: { code: 'SYS-00013', kind: 'invalid', title: 'An agency system needs at least one allowed IP address or CIDR block (0.0.0.0/0 and ::/0 allow every address)' },
  apiKeyNotFound: { code: 'SYS-00014', kind: 'not-found', title: 'The agency system has no live API key with this hint' },
  enterpriseUserNotFound: { code: 'SYS-00015', kind: 'not-found', title: 'No such enterprise user for this organisation' },
  weakEnterpriseUserPassword: {
    code: 'SYS-00016',
    kind: 'invalid',
    title: "An enterprise user's password has 10–128 characters with at least one letter and one digit (leave it out to get a generated one)",
  },
  enterpriseUsersForOrganizations: { code: 'SYS-00017', kind: 'invalid', title: 'Enterprise users belong to organisations, not to persons' },
  tooManySshKeys: { code: 'SYS-00018', kind: 'conflict', title: 'An account has at most 10 SSH keys: delete one it no longer uses first' },
  sshKeyExists: { code: 'SYS-00019', kind: 'conflict', title: 'This SSH key is already registered for this account' },
  sshKeyNotFound: { code: 'SYS-00020', kind: 'not-found', title: 'No such SSH key for this account: check the keyId' },
  enterpriseUserNameIsAgencySystem: {
    code: 'SYS-00021',
    kind: 'conflict',
    title: "An agency system has this name: enterprise users and agency systems share one name space for SFTP logins, so choose another name",
  },
  // No longer raised: reportees are resolved by authz (AUTZ-00014). Kept so the code is never reused.
  invalidReportee: { code: 'SYS-00009', kind: 'invalid', title: "A reportee is 'me' or a 9-digit organisation number" },
});
