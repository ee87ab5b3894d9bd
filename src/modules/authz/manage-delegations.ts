import { AppError, bumpVersions, inTransaction, recordAudit, requirePerson, type Actor } from '../../platform/index.ts';
import { PARTY_RIGHTS_SCOPE } from '../register/index.ts';
import { markDelegationRevoked, selectDelegation, selectLiveDelegationsFrom, selectLiveDelegationsTo } from './db/delegation-store.ts';
import { markRightRevoked, selectLiveRightsFrom, selectLiveRightsTo, selectRightDelegation } from './db/right-delegation-store.ts';
import { isAdministrator } from './administration.ts';
import { toDelegation, toRightDelegation, type Delegation } from './delegation.ts';
import type { AuthzDeps } from './deps.ts';
import { AuthzProblems } from './errors.ts';
import { holds, listHeldRoles } from './held-roles.ts';
import { resolveReportee, toReportee } from './reportee.ts';

/** The reportee's live delegations, for its main administrators and access managers only. */
export async function listDelegations(deps: AuthzDeps, actor: Actor, reporteeRef: string): Promise<Delegation[]> {
  const person = requirePerson(actor);
  const reportee = await resolveReportee(deps, actor, reporteeRef);
  if (!isAdministrator(await listHeldRoles(deps, person.partyId, reportee))) throw new AppError(AuthzProblems.notAdministrator);
  const now = deps.clock.now();
  const roles = await Promise.all((await selectLiveDelegationsFrom(deps.db, reportee.partyId, now)).map((r) => toDelegation(deps, r)));
  const rights = await Promise.all((await selectLiveRightsFrom(deps.db, reportee.partyId, now)).map((r) => toRightDelegation(deps, r)));
  return [...roles, ...rights].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/**
 * Revokes a delegation at once (no cache holds it). Allowed for the reportee's main administrators and
 * access managers, for a client role also the firm's client administrator, and for the recipient who
 * gives it up. Another reportee's delegation is not found.
 */
export async function revokeDelegation(deps: AuthzDeps, actor: Actor, reporteeRef: string, delegationId: string): Promise<void> {
  const person = requirePerson(actor);
  const reportee = await resolveReportee(deps, actor, reporteeRef);
  const right = await selectRightDelegation(deps.db, delegationId);
  const row = right ? { ...right, role_code: null, via_party_id: null } : await selectDelegation(deps.db, delegationId);
  if (!row || row.reportee_party_id !== reportee.partyId || row.revoked_at !== null) throw new AppError(AuthzProblems.delegationNotFound);
  let allowed = row.recipient_party_id === person.partyId || isAdministrator(await listHeldRoles(deps, person.partyId, reportee));
  if (!allowed && row.via_party_id !== null) {
    const firm = await toReportee(deps, await deps.register.uncheckedGetParty(row.via_party_id));
    allowed = holds(await listHeldRoles(deps, person.partyId, firm), 'KLADM');
  }
  if (!allowed) throw new AppError(AuthzProblems.notAdministrator);
  await inTransaction(deps.db, async (trx) => {
    await bumpVersions(trx, PARTY_RIGHTS_SCOPE, [row.recipient_party_id]);
    if (right) await markRightRevoked(trx, row.id, deps.clock.now(), person.partyId);
    else await markDelegationRevoked(trx, row.id, deps.clock.now(), person.partyId);
    await recordAudit(trx, deps.clock, { event: 'delegation.revoke', outcome: 'success', partyId: reportee.partyId, detail: { delegationId: row.id, roleCode: row.role_code, service: right ? `${right.service_code}/${right.service_edition_code}` : null, recipientPartyId: row.recipient_party_id, by: person.partyId } });
  });
}

/**
 * Revokes every live role and single-right delegation to a recipient that is going away (a deleted
 * enterprise user), so no reportee's list keeps a delegation that grants nothing. Runs in the caller's
 * transaction; audited per delegation as `delegation.revoke`. Callers check access.
 */
export async function uncheckedRevokeDelegationsTo(deps: AuthzDeps, recipientPartyId: number, byPartyId: number): Promise<void> {
  const now = deps.clock.now();
  const roles = await selectLiveDelegationsTo(deps.db, [recipientPartyId], now);
  const rights = await selectLiveRightsTo(deps.db, [recipientPartyId], now);
  for (const row of roles) {
    await markDelegationRevoked(deps.db, row.id, now, byPartyId);
    await recordAudit(deps.db, deps.clock, { event: 'delegation.revoke', outcome: 'success', partyId: row.reportee_party_id, detail: { delegationId: row.id, roleCode: row.role_code, service: null, recipientPartyId, by: byPartyId } });
  }
  for (const row of rights) {
    await markRightRevoked(deps.db, row.id, now, byPartyId);
    await recordAudit(deps.db, deps.clock, { event: 'delegation.revoke', outcome: 'success', partyId: row.reportee_party_id, detail: { delegationId: row.id, roleCode: null, service: `${row.service_code}/${row.service_edition_code}`, recipientPartyId, by: byPartyId } });
  }
  if (roles.length + rights.length > 0) await bumpVersions(deps.db, PARTY_RIGHTS_SCOPE, [recipientPartyId]);
}
