import { defineProblems } from '../../platform/index.ts';

/** Problems of the test environment. Codes are stable: never reuse or renumber them. */
export const TestenvProblems = defineProblems('TEST', {
  invalidWorld: { code: 'TEST-00001', kind: 'invalid', title: 'The world file is invalid' },
  worldUnreadable: { code: 'TEST-00002', kind: 'unavailable', title: 'The world file cannot be read' },
  idSpaceExhausted: { code: 'TEST-00003', kind: 'conflict', title: 'Could not find a free synthetic identifier' },
});
