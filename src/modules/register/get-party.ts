import { AppError } from '../../platform/index.ts';
import { selectOrganizationByPartyId, selectPartyType, selectPersonByPartyId } from './db/party-store.ts';
import type { RegisterDeps } from './deps.ts';
import { RegisterProblems } from './errors.ts';
import type { Party } from './party.ts';

/** A party (person or organisation) by party id; throws REG-00016 when none exists. Callers check access. */
export async function uncheckedGetParty(deps: Pick<RegisterDeps, 'db'>, partyId: number): Promise<Party> {
  const type = await selectPartyType(deps.db, partyId);
  const party =
    type === 'person' ? await selectPersonByPartyId(deps.db, partyId) : type === 'organization' ? await selectOrganizationByPartyId(deps.db, partyId) : undefined;
  if (!party) throw new AppError(RegisterProblems.partyNotFound);
  return party;
}
