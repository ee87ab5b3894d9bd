import { AppError } from '../../platform/index.ts';
import { selectEnterpriseUserByPartyId } from './db/enterprise-user-store.ts';
import { selectOrganizationByPartyId, selectPartyType, selectPersonByPartyId } from './db/party-store.ts';
import type { RegisterDeps } from './deps.ts';
import { RegisterProblems } from './errors.ts';
import type { EnterpriseUser, Party } from './party.ts';

/** A party (person or organisation) by party id; throws REG-00016 when none exists. Callers check access. */
export async function uncheckedGetParty(deps: Pick<RegisterDeps, 'db'>, partyId: number): Promise<Party> {
  const party = await uncheckedGetHolder(deps, partyId);
  if (party.type === 'enterpriseUser') throw new AppError(RegisterProblems.partyNotFound);
  return party;
}

/**
 * A party that can hold roles (a person, an organisation or an enterprise user) by party id, in two
 * queries; throws REG-00016 when none exists. Callers check access.
 */
export async function uncheckedGetHolder(deps: Pick<RegisterDeps, 'db'>, partyId: number): Promise<Party | EnterpriseUser> {
  const type = await selectPartyType(deps.db, partyId);
  const party =
    type === 'person'
      ? await selectPersonByPartyId(deps.db, partyId)
      : type === 'organization'
        ? await selectOrganizationByPartyId(deps.db, partyId)
        : type === 'enterprise_user'
          ? await selectEnterpriseUserByPartyId(deps.db, partyId)
          : undefined;
  if (!party) throw new AppError(RegisterProblems.partyNotFound);
  return party;
}
