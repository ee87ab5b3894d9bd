import { selectPersonByPartyId, selectPersonBySsn } from './db/party-store.ts';
import type { RegisterDeps } from './deps.ts';
import { parseNationalId } from './national-id.ts';
import type { Person } from './party.ts';
import { uncheckedLoadPerson } from './lookups.ts';

/**
 * A person by national id, or undefined. Throws for a malformed id. Person data is personal: callers
 * (authentication, the test environment) decide who may see it.
 */
export async function uncheckedFindPersonBySsn(deps: Pick<RegisterDeps, 'db' | 'allowSyntheticIds'>, ssn: string): Promise<Person | undefined> {
  parseNationalId(ssn, { allowSynthetic: deps.allowSyntheticIds });
  return selectPersonBySsn(deps.db, ssn);
}

/** Like uncheckedFindPersonBySsn, but throws REG-00009 when there is none. */
export async function uncheckedGetPersonBySsn(deps: Pick<RegisterDeps, 'db' | 'allowSyntheticIds'>, ssn: string): Promise<Person> {
  return uncheckedLoadPerson(deps.db, ssn, deps.allowSyntheticIds);
}

/** A person by party id, or undefined. */
export async function uncheckedFindPersonByPartyId(deps: Pick<RegisterDeps, 'db'>, partyId: number): Promise<Person | undefined> {
  return selectPersonByPartyId(deps.db, partyId);
}
