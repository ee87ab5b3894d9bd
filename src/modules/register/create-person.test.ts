import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../platform/index.ts';
import { countRows, useComposedTinn } from '../../../test/support/tinn.ts';
import { RegisterProblems } from './errors.ts';
import { createRegister, OrganizationCache } from './index.ts';
import { uniqueSsn } from './testing.ts';

describe('createPerson', () => {
  const env = useComposedTinn();
  const register = () => env().tinn.register;


  it('registers a person with party id, uuid and the birth date from the national id', async () => {
    const ssn = uniqueSsn();
    const person = await register().createPerson({ ssn, firstName: '  Kari ', middleName: 'Marie', lastName: 'Nordmann' });
    assert.equal(person.ssn, ssn);
    assert.equal(person.name, 'Kari Marie Nordmann');
    assert.ok(person.partyId >= 50_000_000);
    assert.match(person.partyUuid, /^[0-9a-f-]{36}$/);
    assert.equal(person.isSynthetic, true);
    assert.equal(person.birthDate.slice(2, 4), ssn.slice(4, 6));
    assert.deepEqual(await register().uncheckedFindPersonBySsn(ssn), person);
    assert.deepEqual(await register().uncheckedGetParty(person.partyId), person);
  });

  it('registers a D-number person', async () => {
    const person = await register().createPerson({ ssn: uniqueSsn('dnr'), firstName: 'Piotr', lastName: 'Kowalski' });
    assert.equal(person.isDNumber, true);
  });

  it('refuses a second person with the same national id, writing nothing', async () => {
    const ssn = uniqueSsn();
    await register().createPerson({ ssn, firstName: 'A', lastName: 'B' });
    const before = await countRows(env().db, 'register.person');
    await assert.rejects(register().createPerson({ ssn, firstName: 'C', lastName: 'D' }), (e) => isAppError(e, RegisterProblems.personExists));
    assert.equal(await countRows(env().db, 'register.person'), before);
  });

  it('refuses invalid national ids with the rule that failed, writing nothing', async () => {
    const before = await countRows(env().db, 'register.person');
    const ssn = uniqueSsn();
    const wrongK2 = ssn.slice(0, 10) + String((Number(ssn[10]) + 1) % 10);
    await assert.rejects(register().createPerson({ ssn: wrongK2, firstName: 'A', lastName: 'B' }), (e) => isAppError(e, RegisterProblems.nationalIdCheckDigit2));
    await assert.rejects(register().createPerson({ ssn: '123', firstName: 'A', lastName: 'B' }), (e) => isAppError(e, RegisterProblems.nationalIdLength));
    assert.equal(await countRows(env().db, 'register.person'), before);
  });

  it('refuses synthetic ids when the test environment is off', async () => {
    const production = createRegister({
      db: env().db.kysely,
      clock: env().tinn.clock,
      random: env().tinn.random,
      allowSyntheticIds: false,
      changes: env().tinn.changes,
      organizationCache: new OrganizationCache(0, () => false),
    });
    await assert.rejects(production.createPerson({ ssn: uniqueSsn(), firstName: 'A', lastName: 'B' }), (e) => isAppError(e, RegisterProblems.syntheticIdNotAllowed));
  });

  it('refuses empty and malformed names and addresses, naming the field', async () => {
    await assert.rejects(register().createPerson({ ssn: uniqueSsn(), firstName: '   ', lastName: 'B' }), (e) => isAppError(e, RegisterProblems.invalidName) && e.errors?.[0]?.path === 'firstName');
    await assert.rejects(register().createPerson({ ssn: uniqueSsn(), firstName: 'A', lastName: '<script>' }), (e) => isAppError(e, RegisterProblems.invalidName));
    await assert.rejects(
      register().createPerson({ ssn: uniqueSsn(), firstName: 'A', lastName: 'B', address: { country: 'Norway', postalCode: '!' } }),
      (e) => isAppError(e, RegisterProblems.invalidAddress) && e.errors?.length === 2,
    );
  });

  it('keeps persons private: unknown ids are not found and the problem does not echo the id', async () => {
    const ssn = uniqueSsn();
    assert.equal(await register().uncheckedFindPersonBySsn(ssn), undefined);
    await assert.rejects(register().uncheckedGetPersonBySsn(ssn), (e) => isAppError(e, RegisterProblems.personNotFound) && !e.message.includes(ssn));
  });
});
