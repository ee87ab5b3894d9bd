import { AppError, bumpVersions, inTransaction, recordAudit, requireLevel, requirePerson, type Actor } from '../../platform/index.ts';
import { PARTY_RIGHTS_SCOPE } from '../register/index.ts';
import { insertRightDelegation, markRightRevoked, selectLiveRight } from './db/right-delegation-store.ts';
import { grantingRoles } from './decide.ts';
import { toRightDelegation, type Delegation } from './delegation.ts';
import { bindAuthzDeps, type AuthzDeps } from './deps.ts';
import { AuthzProblems } from './errors.ts';
import { holds, listHeldRoles } from './held-roles.ts';
import { getServicePolicy, OPERATIONS, type Operation } from './policy.ts';
import { resolveRecipient, type RecipientRef } from './recipient.ts';
import { resolveReportee } from './reportee.ts';

export interface RightDelegationRequest {
  serviceCode: string;
  serviceEditionCode: number;
  operations: Operation[];
  to: RecipientRef;
  validTo?: Date;
}

/**
 * Delegates a single right (enkeltrettighet): operations on one service edition for a reportee. A main
 * administrator may give any; anyone else needs Delegate on the service and must hold every operation they
 * give (Altinn II: only rights the delegator holds with Delegate). Service-owner archive reading is not
 * delegable. Giving the same service again replaces the earlier right; the same right again changes nothing.
 */
export async function delegateRight(deps: AuthzDeps, actor: Actor, reporteeRef: string, input: RightDelegationRequest): Promise<{ delegation: Delegation; replayed: boolean }> {
  const person = requirePerson(actor);
  requireLevel(person, 2, 'delegating');
  const reportee = await resolveReportee(deps, actor, reporteeRef);
  const policy = await getServicePolicy(deps, input.serviceCode, input.serviceEditionCode);
  const operations = [...new Set(input.operations)].sort((a, b) => OPERATIONS.indexOf(a) - OPERATIONS.indexOf(b));
  if (operations.length === 0 || operations.includes('ServiceOwnerArchiveRead')) {
    throw new AppError(AuthzProblems.cannotDelegateRight, { detail: operations.length === 0 ? 'name at least one operation' : 'ServiceOwnerArchiveRead belongs to the service owner' });
  }
  const now = deps.clock.now();
  if (input.validTo !== undefined && input.validTo <= now) throw new AppError(AuthzProblems.invalidValidTo);
  const recipientPartyId = await resolveRecipient(deps, input.to);
  if (recipientPartyId === reportee.partyId || recipientPartyId === person.partyId) throw new AppError(AuthzProblems.selfDelegation);
  const mine = await listHeldRoles(deps, person.partyId, reportee);
  if (!mine.isSelf && !holds(mine, 'HADM')) {
    const missing = ['Delegate' as const, ...operations].filter((op) => grantingRoles(mine, policy, op).length === 0);
    if (missing.length > 0) throw new AppError(AuthzProblems.cannotDelegateRight, { detail: `you lack ${missing.join(', ')} on ${policy.name.en} for ${reportee.name}` });
  }
  return inTransaction(deps.db, async (trx) => {
    const d = bindAuthzDeps(deps, trx);
    const existing = await selectLiveRight(trx, reportee.partyId, policy.serviceCode, policy.serviceEditionCode, recipientPartyId);
    const live = existing && (existing.valid_to === null || existing.valid_to > now);
    if (existing && live && existing.operations.join() === operations.join() && (existing.valid_to?.getTime() ?? null) === (input.validTo?.getTime() ?? null)) {
      return { delegation: await toRightDelegation(d, existing), replayed: true };
    }
    if (existing) await markRightRevoked(trx, existing.id, now, person.partyId);
    const row = {
      id: deps.random.uuid(),
      reportee_party_id: reportee.partyId,
      service_code: policy.serviceCode,
      service_edition_code: policy.serviceEditionCode,
      operations,
      recipient_party_id: recipientPartyId,
      delegated_by_party_id: person.partyId,
      created_at: now,
      valid_to: input.validTo ?? null,
    };
    await insertRightDelegation(trx, row);
    await bumpVersions(trx, PARTY_RIGHTS_SCOPE, [recipientPartyId]);
    await recordAudit(trx, deps.clock, {
      event: 'delegation.add',
      outcome: 'success',
      partyId: reportee.partyId,
      detail: { delegationId: row.id, service: `${row.service_code}/${row.service_edition_code}`, operations, recipientPartyId, by: person.partyId, validTo: row.valid_to?.toISOString() ?? null },
    });
    return { delegation: await toRightDelegation(d, row), replayed: false };
  });
}
