import { defineProblems } from '../../platform/index.ts';

/**
 * Problems of authorization. Titles say what is missing and who can fix it, in the terms of seed 004;
 * `altinnErrorId` is Altinn II's code for the same refusal. Codes are stable: never reuse or renumber them.
 */
export const AuthzProblems = defineProblems('AUTZ', {
  unknownRole: { code: 'AUTZ-00001', kind: 'invalid', title: 'No role has this code: see GET /api/v1/roles' },
  roleNotDelegable: { code: 'AUTZ-00002', kind: 'forbidden', title: 'This role cannot be delegated (roles from the Central Coordinating Register and technical roles are not)', altinnErrorId: 50007 },
  recipientNotFound: { code: 'AUTZ-00003', kind: 'not-found', title: 'No person has this national identity number and last name: check both' },
  selfDelegation: { code: 'AUTZ-00004', kind: 'forbidden', title: 'You cannot delegate to yourself or to the reportee itself', altinnErrorId: 50017 },
  firmRequired: { code: 'AUTZ-00005', kind: 'invalid', title: "Client roles are given by the accounting or audit firm's client administrator: name the firm (viaFirm)" },
  firmNotClient: {
    code: 'AUTZ-00006',
    kind: 'forbidden',
    title: 'The firm does not hold this client role for the reportee: the client must register the firm as accountant (REGN) or auditor (REVI) in the Central Coordinating Register',
  },
  notClientAdministrator: { code: 'AUTZ-00007', kind: 'forbidden', title: "Only the firm's client administrator (Klientadministrator) may pass its client roles on" },
  clientRoleToPersonsOnly: { code: 'AUTZ-00008', kind: 'invalid', title: "Client roles go to the firm's people, not to organisations" },
  notAllowedToDelegate: {
    code: 'AUTZ-00009',
    kind: 'forbidden',
    title: "To delegate a role you need Access manager (Tilgangsstyring) and the role yourself, or Main administrator (Hovedadministrator): ask the reportee's main administrator",
  },
  mainAdministrationNotDelegable: {
    code: 'AUTZ-00010',
    kind: 'forbidden',
    title: 'Main administrator (Hovedadministrator) can only be delegated by the managing director, chair of the board, owner or managing shipowner',
  },
  invalidValidTo: { code: 'AUTZ-00011', kind: 'invalid', title: 'validTo must be in the future' },
  delegationNotFound: { code: 'AUTZ-00012', kind: 'not-found', title: 'No such delegation for this reportee' },
  notAdministrator: {
    code: 'AUTZ-00013',
    kind: 'forbidden',
    title: "Only the reportee's main administrators and access managers may see or change its delegations",
  },
  invalidReportee: { code: 'AUTZ-00014', kind: 'invalid', title: "A reportee is 'me', a 9-digit organisation number or r<partyId>" },
  reporteeNotFound: { code: 'AUTZ-00015', kind: 'not-found', title: 'No such reportee' },
  serviceNotFound: { code: 'AUTZ-00016', kind: 'not-found', title: 'No service edition with this code and edition code has rights defined' },
  invalidPolicy: { code: 'AUTZ-00017', kind: 'invalid', title: 'A service policy names operations and roles from the catalogue, and a security level 0–4' },
  notOwnService: { code: 'AUTZ-00018', kind: 'forbidden', title: "A service owner may manage and ask about its own services only", altinnErrorId: 5 },
  srrRuleNotFound: { code: 'AUTZ-00019', kind: 'not-found', title: 'No such SRR rule on this service' },
  cannotDelegateRight: {
    code: 'AUTZ-00021',
    kind: 'forbidden',
    title: "You can delegate a service's rights only if you may delegate the service (Delegate) and hold each operation yourself, or are main administrator",
  },
  roleOrRight: { code: 'AUTZ-00022', kind: 'invalid', title: 'A delegation gives either a role (roleCode) or a single right (right: service and operations)' },
  decisionAboutOthers: { code: 'AUTZ-00020', kind: 'forbidden', title: 'Persons and systems may ask for decisions about themselves only' },
});
