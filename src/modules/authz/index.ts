import type { Actor } from '../../platform/index.ts';
import { administers, isMainAdministrator } from './administration.ts';
import { delegateRole, uncheckedAddRoleDelegation, type RoleDelegationRequest } from './delegate-role.ts';
import { delegateRight, type RightDelegationRequest } from './delegate-right.ts';
import { bindAuthzDeps, type AuthzDeps } from './deps.ts';
import { getMyRights } from './get-my-rights.ts';
import { listHeldRoles } from './held-roles.ts';
import { listReportees } from './list-reportees.ts';
import { listClients } from './list-clients.ts';
import { listDelegations, revokeDelegation, uncheckedRevokeDelegationsTo } from './manage-delegations.ts';
import { resolveReportee, toReportee, type Reportee } from './reportee.ts';
import { decide, type DecisionRequest } from './decide.ts';
import { uncheckedHolderMay } from './holder-may.ts';
import { askDecision, type DecisionQuestion } from './ask-decision.ts';
import { getServicePolicy, uncheckedPutServicePolicy, type Operation, type ServicePolicy } from './policy.ts';
import { addSrrRules, deleteSrrRule, listSrrRules, uncheckedSrrAllows } from './srr.ts';

export type { AuthzDeps } from './deps.ts';
export type { Reportee } from './reportee.ts';
export type { Delegation, PartyRef } from './delegation.ts';
export type { RoleDelegationRequest } from './delegate-role.ts';
export type { RightDelegationRequest } from './delegate-right.ts';
export type { ReporteeEntry } from './list-reportees.ts';
export type { MyRights } from './get-my-rights.ts';
export type { FirmClient } from './list-clients.ts';
export type { HeldRole, Holdings, RoleSource } from './held-roles.ts';
export type { Decision, DecisionRequest, DenyReason, DenyReasonCode } from './decide.ts';
export type { DecisionQuestion } from './ask-decision.ts';
export type { ServicePolicy, Operation } from './policy.ts';
export type { SrrRule, SrrResult } from './srr.ts';
export { OPERATIONS, servicePolicyProblems } from './policy.ts';
export { altinnRoles, findAltinnRole, erToAltinnRoles, type AltinnRole, type Names } from './role-catalog.ts';
export { AuthzProblems } from './errors.ts';
export { AuthzCaches } from './caches.ts';
export { authzMigrations } from './db/migrations/index.ts';
export { registerAuthzRoutes } from './http/routes.ts';

/** The authz module: the role catalogue, roles held through ER, delegation and client roles, and who administers a reportee. */
export function createAuthz(deps: AuthzDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: AuthzDeps['db']) => createAuthz(bindAuthzDeps(deps, db)),
    /** `me`, an orgno or `r<partyId>` as a reportee; throws AUTZ-00014/15 or REG's not-found. */
    resolveReportee: (actor: Actor, ref: string) => resolveReportee(deps, actor, ref),
    /** A party as a reportee (with its main unit), without access checks; REG-00016 when none. */
    uncheckedGetReportee: async (partyId: number) => toReportee(deps, await deps.register.uncheckedGetParty(partyId)),
    /** Everyone the person may act for. */
    listReportees: (actor: Actor) => listReportees(deps, actor),
    /** Whether a party's roles or rights grant an operation on a service for a reportee (who hears of it; never who may act). */
    uncheckedHolderMay: (holderPartyId: number, reportee: Reportee, serviceCode: string, serviceEditionCode: number, operation: Operation) =>
      uncheckedHolderMay(deps, holderPartyId, reportee, serviceCode, serviceEditionCode, operation),
    /** The person's roles for a reportee. */
    getMyRights: (actor: Actor, reportee: string) => getMyRights(deps, actor, reportee),
    /** Delegates a role (or passes a client role on). */
    delegateRole: (actor: Actor, reportee: string, input: RoleDelegationRequest) => delegateRole(deps, actor, reportee, input),
    /** Writes a role delegation without the rules (world files); false when it existed. */
    uncheckedAddRoleDelegation: (input: Parameters<typeof uncheckedAddRoleDelegation>[1]) => uncheckedAddRoleDelegation(deps, input),
    /** Delegates a single right: operations on one service edition. */
    delegateRight: (actor: Actor, reportee: string, input: RightDelegationRequest) => delegateRight(deps, actor, reportee, input),
    /** The reportee's live delegations (administrators only). */
    listDelegations: (actor: Actor, reportee: string) => listDelegations(deps, actor, reportee),
    /** A firm's clients, the client roles it holds there and whom it passed them on to (client administrators only). */
    listClients: (actor: Actor, firm: string) => listClients(deps, actor, firm),
    /** Revokes a delegation at once. */
    revokeDelegation: (actor: Actor, reportee: string, delegationId: string) => revokeDelegation(deps, actor, reportee, delegationId),
    /** Revokes every live delegation to a recipient that is going away (a deleted enterprise user); callers check access. */
    uncheckedRevokeDelegationsTo: (recipientPartyId: number, byPartyId: number) => uncheckedRevokeDelegationsTo(deps, recipientPartyId, byPartyId),
    /** Roles a party holds for a reportee, with their sources; callers check access. */
    uncheckedListHeldRoles: (holderPartyId: number, reportee: Reportee) => listHeldRoles(deps, holderPartyId, reportee),
    /** Whether the person is a main administrator or access manager of the reportee (or the reportee). */
    administers: (personPartyId: number, reportee: Reportee) => administers(deps, personPartyId, reportee),
    /** Permit or deny with reasons: may the actor perform the operation on the service for the reportee? */
    decide: (actor: Actor, request: DecisionRequest) => decide(deps, actor, request),
    /** The decision API: about oneself, or a service owner about a person on its own service. */
    askDecision: (actor: Actor, question: DecisionQuestion) => askDecision(deps, actor, question),
    /** Writes a service edition's rights (role requirements, level, SRR); the catalog and world files call it. */
    uncheckedPutServicePolicy: (policy: ServicePolicy) => uncheckedPutServicePolicy(deps, policy),
    /** A service edition's rights; AUTZ-00016 when none. */
    getServicePolicy: (serviceCode: string, editionCode: number) => getServicePolicy(deps, serviceCode, editionCode),
    /** SRR rules of a service owner's own service edition. */
    listSrrRules: (actor: Actor, serviceCode: string, editionCode: number) => listSrrRules(deps, actor, serviceCode, editionCode),
    /** Adds SRR rules; each gets its own result. */
    addSrrRules: (actor: Actor, serviceCode: string, editionCode: number, rules: Parameters<typeof addSrrRules>[4]) => addSrrRules(deps, actor, serviceCode, editionCode, rules),
    /** Whether SRR lets a reportee Read or Write on a service now (true where the service does not use SRR); callers check access. */
    uncheckedSrrAllows: (serviceCode: string, editionCode: number, reporteePartyId: number, operation: 'Read' | 'Write') => uncheckedSrrAllows(deps, serviceCode, editionCode, reporteePartyId, operation),
    /** Removes an SRR rule. */
    deleteSrrRule: (actor: Actor, id: string) => deleteSrrRule(deps, actor, id),
    /** Whether the person is the reportee's main administrator (HADM) (or the reportee). */
    isMainAdministrator: (personPartyId: number, reportee: Reportee) => isMainAdministrator(deps, personPartyId, reportee),
  };
}

/** The authz module's API type. */
export type Authz = ReturnType<typeof createAuthz>;
