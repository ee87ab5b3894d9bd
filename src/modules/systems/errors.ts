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
  invalidReportee: { code: 'SYS-00009', kind: 'invalid', title: "A reportee is 'me' or a 9-digit organisation number" },
});
