import { AppError, bumpVersions, inTransaction, recordAudit, requireLevel, requirePerson, type Actor } from '../../platform/index.ts';
import { PARTY_RIGHTS_SCOPE } from '../register/index.ts';
import { insertRoleDelegation, markDelegationRevoked, selectLiveDelegation } from './db/delegation-store.ts';
import { toDelegation, type Delegation } from './delegation.ts';
import { bindAuthzDeps, type AuthzDeps } from './deps.ts';
import { AuthzProblems } from './errors.ts';
import { firmHoldsClientRole, holds, listHeldRoles, mayDelegateMainAdministration } from './held-roles.ts';
import { resolveReportee, toReportee } from './reportee.ts';
import { findAltinnRole } from './role-catalog.ts';
import { resolveRecipient, type RecipientRef } from './recipient.ts';

export interface RoleDelegationRequest {
  roleCode: string;
  /** A person by national id and last name (as Altinn II asks), or an organisation by orgno. */
  to: RecipientRef;
  validTo?: Date;
  /** For client roles: the accounting or audit firm passing its client role on. */
  viaFirm?: string;
}

/**
 * Delegates an Altinn role for a reportee (Altinn II rules, `reference/altinn2.md` §5.4): a main
 * administrator (or a person for themself) may give any delegable role; an access manager (ADMAI) only roles they hold themselves;
 * main administration only comes from the managing director, chair, owner or managing shipowner; client
 * roles only from the firm's client administrator, to persons, while the firm holds them. A person is named
 * by national id and last name; nobody delegates to themself. Level 2 needed. Delegating what is already
 * delegated changes nothing and answers the existing delegation (`replayed`).
 */
export async function delegateRole(deps: AuthzDeps, actor: Actor, reporteeRef: string, input: RoleDelegationRequest): Promise<{ delegation: Delegation; replayed: boolean }> {
  const person = requirePerson(actor);
  requireLevel(person, 2, 'delegating');
  const reportee = await resolveReportee(deps, actor, reporteeRef);
  const role = findAltinnRole(input.roleCode);
  if (!role) throw new AppError(AuthzProblems.unknownRole, { detail: `no role ${input.roleCode}` });
  if (role.delegability === 'none') throw new AppError(AuthzProblems.roleNotDelegable, { detail: `${role.code} ${role.name.en}` });
  const now = deps.clock.now();
  if (input.validTo !== undefined && input.validTo <= now) throw new AppError(AuthzProblems.invalidValidTo);

  const recipientPartyId = await resolveRecipient(deps, input.to);
  if (recipientPartyId === reportee.partyId || (recipientPartyId === person.partyId && role.delegability !== 'client')) throw new AppError(AuthzProblems.selfDelegation);

  let viaPartyId: number | null = null;
  if (role.delegability === 'client') {
    if (!input.viaFirm) throw new AppError(AuthzProblems.firmRequired);
    if (!('ssn' in input.to)) throw new AppError(AuthzProblems.clientRoleToPersonsOnly);
    const firm = await toReportee(deps, (await deps.register.getOrganization(input.viaFirm)).organization);
    if (!(await firmHoldsClientRole(deps, firm.partyId, reportee.partyId, role.code))) throw new AppError(AuthzProblems.firmNotClient, { detail: `${firm.name} holds no ${role.code} for ${reportee.name}` });
    if (!holds(await listHeldRoles(deps, person.partyId, firm), 'KLADM')) throw new AppError(AuthzProblems.notClientAdministrator, { detail: `you are not client administrator of ${firm.name}` });
    viaPartyId = firm.partyId;
  } else {
    const mine = await listHeldRoles(deps, person.partyId, reportee);
    if (role.delegability === 'main') {
      if (!mayDelegateMainAdministration(mine)) throw new AppError(AuthzProblems.mainAdministrationNotDelegable);
    } else if (!mine.isSelf && !holds(mine, 'HADM') && !(holds(mine, 'ADMAI') && holds(mine, role.code))) {
      throw new AppError(AuthzProblems.notAllowedToDelegate, { detail: `you cannot delegate ${role.code} for ${reportee.name}` });
    }
  }

  return inTransaction(deps.db, async (trx) => {
    const d = bindAuthzDeps(deps, trx);
    const existing = await selectLiveDelegation(trx, reportee.partyId, role.code, recipientPartyId);
    const isLive = existing && (existing.valid_to === null || existing.valid_to > now);
    if (existing && isLive && existing.via_party_id === viaPartyId && (existing.valid_to?.getTime() ?? null) === (input.validTo?.getTime() ?? null)) {
      return { delegation: await toDelegation(d, existing), replayed: true };
    }
    // A new delegation of the same role replaces the earlier one (expired, or with another validTo or firm).
    if (existing) await markDelegationRevoked(trx, existing.id, now, person.partyId);
    const row = {
      id: deps.random.uuid(),
      reportee_party_id: reportee.partyId,
      role_code: role.code,
      recipient_party_id: recipientPartyId,
      via_party_id: viaPartyId,
      delegated_by_party_id: person.partyId,
      created_at: now,
      valid_to: input.validTo ?? null,
    };
    await insertRoleDelegation(trx, row);
    await bumpVersions(trx, PARTY_RIGHTS_SCOPE, [recipientPartyId]);
    await recordAudit(trx, deps.clock, {
      event: 'delegation.add',
      outcome: 'success',
      partyId: reportee.partyId,
      detail: { delegationId: row.id, roleCode: role.code, recipientPartyId, viaPartyId, by: person.partyId, validTo: row.valid_to?.toISOString() ?? null },
    });
    return { delegation: await toDelegation(d, row), replayed: false };
  });
}

/**
 * Writes a role delegation without the delegation rules (world files): the reportee itself is recorded as
 * the delegator. Keeps a live delegation of the same role to the same recipient.
 */
export async function uncheckedAddRoleDelegation(
  deps: AuthzDeps,
  input: { reporteePartyId: number; roleCode: string; recipientPartyId: number; viaPartyId: number | null },
): Promise<boolean> {
  if (!findAltinnRole(input.roleCode)) throw new AppError(AuthzProblems.unknownRole, { detail: `no role ${input.roleCode}` });
  if (await selectLiveDelegation(deps.db, input.reporteePartyId, input.roleCode, input.recipientPartyId)) return false;
  const now = deps.clock.now();
  await bumpVersions(deps.db, PARTY_RIGHTS_SCOPE, [input.recipientPartyId]);
  await insertRoleDelegation(deps.db, {
    id: deps.random.uuid(),
    reportee_party_id: input.reporteePartyId,
    role_code: input.roleCode,
    recipient_party_id: input.recipientPartyId,
    via_party_id: input.viaPartyId,
    delegated_by_party_id: input.reporteePartyId,
    created_at: now,
    valid_to: null,
  });
  return true;
}
