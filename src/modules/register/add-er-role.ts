import { AppError, bumpVersions, inTransaction } from '../../platform/index.ts';
import { PARTY_RIGHTS_SCOPE } from './party.ts';
import { findErRoleType } from './catalog.ts';
import { insertErRole, selectErRolesInOrganization } from './db/party-store.ts';
import type { RegisterDeps } from './deps.ts';
import { RegisterProblems } from './errors.ts';
import { loadOrganization, uncheckedLoadPerson } from './lookups.ts';
import type { ErRole } from './party.ts';

export interface NewErRole {
  /** The organisation the role is in. */
  orgno: string;
  roleCode: string;
  /** Who holds the role: a person by national id or an organisation by orgno. */
  holder: { ssn: string } | { orgno: string };
}

/**
 * Records that a party holds an ER role in an organisation (DAGL, LEDE, REGN, REVI, …).
 * Adding a role that already exists changes nothing and returns it.
 */
export async function addErRole(deps: RegisterDeps, input: NewErRole): Promise<ErRole> {
  const type = findErRoleType(input.roleCode);
  if (!type) throw new AppError(RegisterProblems.unknownErRole, { detail: `unknown role code ${JSON.stringify(input.roleCode)}` });
  return inTransaction(deps.db, async (trx) => {
    const organization = await loadOrganization(trx, input.orgno);
    if (organization.isDeleted) throw new AppError(RegisterProblems.organizationDeleted, { detail: input.orgno });
    let holderPartyId: number;
    if ('ssn' in input.holder) {
      if (!type.holders.includes('person')) {
        throw new AppError(RegisterProblems.erRoleHolderType, { detail: `${type.code} is held by organisations only` });
      }
      holderPartyId = (await uncheckedLoadPerson(trx, input.holder.ssn, deps.allowSyntheticIds)).partyId;
    } else {
      if (!type.holders.includes('organization')) {
        throw new AppError(RegisterProblems.erRoleHolderType, { detail: `${type.code} is held by persons only` });
      }
      if (input.holder.orgno === input.orgno) throw new AppError(RegisterProblems.erRoleOnItself);
      holderPartyId = (await loadOrganization(trx, input.holder.orgno)).partyId;
    }
    await insertErRole(trx, { organization_party_id: organization.partyId, role_code: type.code, holder_party_id: holderPartyId, now: deps.clock.now() });
    // What a party holds changed: caches of rights keyed by the holder must reload (authz).
    await bumpVersions(trx, PARTY_RIGHTS_SCOPE, [holderPartyId]);
    const roles = await selectErRolesInOrganization(trx, organization.partyId);
    return roles.find((r) => r.roleCode === type.code && r.holder.partyId === holderPartyId)!;
  });
}
