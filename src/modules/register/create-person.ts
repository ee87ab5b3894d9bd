import { AppError, inTransaction, isUniqueViolation } from '../../platform/index.ts';
import { insertParty, insertPerson, selectPersonByPartyId } from './db/party-store.ts';
import type { RegisterDeps } from './deps.ts';
import { RegisterProblems } from './errors.ts';
import { parseNationalId } from './national-id.ts';
import { fullName, type Address, type Person } from './party.ts';
import { normalizeAddress, normalizeName } from './rules.ts';

export interface NewPerson {
  ssn: string;
  firstName: string;
  middleName?: string | null;
  lastName: string;
  address?: Address | null;
}

/** Registers a person. The birth date comes from the national id, which must be valid. */
export async function createPerson(deps: RegisterDeps, input: NewPerson): Promise<Person> {
  const id = parseNationalId(input.ssn, { allowSynthetic: deps.allowSyntheticIds });
  const firstName = normalizeName('firstName', input.firstName, 100);
  const middleName = input.middleName ? normalizeName('middleName', input.middleName, 100) : null;
  const lastName = normalizeName('lastName', input.lastName, 100);
  const address = normalizeAddress('address', input.address);
  const now = deps.clock.now();
  try {
    return await inTransaction(deps.db, async (trx) => {
      const partyId = await insertParty(trx, { party_uuid: deps.random.uuid(), party_type: 'person', name: fullName(firstName, middleName, lastName), now });
      await insertPerson(trx, {
        party_id: partyId,
        ssn: input.ssn,
        first_name: firstName,
        middle_name: middleName,
        last_name: lastName,
        birth_date: id.birthDate,
        is_d_number: id.kind === 'dnr',
        is_synthetic: id.isSynthetic,
        address,
      });
      return (await selectPersonByPartyId(trx, partyId))!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(RegisterProblems.personExists, { cause: err });
    throw err;
  }
}
