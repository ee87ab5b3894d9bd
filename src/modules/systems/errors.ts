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
});
