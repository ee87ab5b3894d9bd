import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../platform/index.ts';
import { countRows, useComposedTinn } from '../../../test/support/tinn.ts';
import { RegisterProblems } from './errors.ts';
import type { Register } from './index.ts';
import { buildOrganization, uniqueOrgno } from './testing.ts';

describe('organisations', () => {
  const env = useComposedTinn();
  const register = () => env().tinn.register;


  it('registers a main unit with sub-units and returns them together', async () => {
    const main = await buildOrganization(register(), { name: 'Skog AS', businessAddress: { street: 'Vei 1', postalCode: '0150', postalCity: 'OSLO', country: 'NO' } });
    const sub1 = await buildOrganization(register(), { parentOrgno: main.orgno, name: 'Skog AS avd. Bergen' });
    const sub2 = await buildOrganization(register(), { parentOrgno: main.orgno, organizationForm: 'AAFY' });
    const details = await register().getOrganization(main.orgno);
    assert.equal(details.organization.unitType, 'main');
    assert.equal(details.organization.businessAddress?.postalCity, 'OSLO');
    assert.deepEqual(details.subUnits.map((s) => s.orgno).sort(), [sub1.orgno, sub2.orgno].sort());
    const sub = await register().getOrganization(sub1.orgno);
    assert.equal(sub.organization.unitType, 'sub');
    assert.equal(sub.organization.parentOrgno, main.orgno);
    assert.deepEqual(sub.subUnits, []);
  });

  it('enforces the unit structure, writing nothing on failure', async () => {
    const main = await buildOrganization(register());
    const sub = await buildOrganization(register(), { parentOrgno: main.orgno });
    const before = await countRows(env().db, 'register.party');
    const attempt = (input: Parameters<Register['createOrganization']>[0]) => register().createOrganization(input);
    await assert.rejects(attempt({ orgno: uniqueOrgno(), name: 'X', organizationForm: 'BEDR' }), (e) => isAppError(e, RegisterProblems.unitStructure));
    await assert.rejects(attempt({ orgno: uniqueOrgno(), name: 'X', organizationForm: 'AS', parentOrgno: main.orgno }), (e) => isAppError(e, RegisterProblems.unitStructure));
    await assert.rejects(attempt({ orgno: uniqueOrgno(), name: 'X', organizationForm: 'BEDR', parentOrgno: sub.orgno }), (e) => isAppError(e, RegisterProblems.unitStructure));
    await assert.rejects(attempt({ orgno: uniqueOrgno(), name: 'X', organizationForm: 'BEDR', parentOrgno: uniqueOrgno() }), (e) => isAppError(e, RegisterProblems.organizationNotFound));
    await assert.rejects(attempt({ orgno: uniqueOrgno(), name: 'X', organizationForm: 'LLC' }), (e) => isAppError(e, RegisterProblems.unknownOrganizationForm));
    await assert.rejects(attempt({ orgno: main.orgno, name: 'X', organizationForm: 'AS' }), (e) => isAppError(e, RegisterProblems.organizationExists));
    await assert.rejects(attempt({ orgno: '974760674', name: 'X', organizationForm: 'AS' }), (e) => isAppError(e, RegisterProblems.orgnoCheckDigit));
    assert.equal(await countRows(env().db, 'register.party'), before);
  });

  it('answers REG-00008 for an unknown orgno and REG-00006 for a malformed one', async () => {
    await assert.rejects(register().getOrganization(uniqueOrgno()), (e) => isAppError(e, RegisterProblems.organizationNotFound));
    await assert.rejects(register().getOrganization('12345'), (e) => isAppError(e, RegisterProblems.orgnoFormat));
  });

  it('marks a deleted organisation and its sub-units, and keeps them retrievable', async () => {
    const main = await buildOrganization(register());
    const sub = await buildOrganization(register(), { parentOrgno: main.orgno });
    const deleted = await register().deleteOrganization(main.orgno);
    assert.equal(deleted.isDeleted, true);
    assert.ok(deleted.deletedAt instanceof Date);
    assert.equal((await register().getOrganization(sub.orgno)).organization.isDeleted, true);
    await assert.rejects(buildOrganization(register(), { parentOrgno: main.orgno }), (e) => isAppError(e, RegisterProblems.organizationDeleted));
  });

  it('registers a service owner with a short code, unique per code', async () => {
    const agency = await buildOrganization(register(), { organizationForm: 'ORGL' });
    const owner = await register().registerServiceOwner({ orgno: agency.orgno, code: 'TST' });
    assert.equal(owner.serviceOwnerCode, 'TST');
    assert.equal((await register().registerServiceOwner({ orgno: agency.orgno, code: 'TST' })).serviceOwnerCode, 'TST');
    const other = await buildOrganization(register());
    await assert.rejects(register().registerServiceOwner({ orgno: other.orgno, code: 'TST' }), (e) => isAppError(e, RegisterProblems.serviceOwnerConflict));
    await assert.rejects(register().registerServiceOwner({ orgno: other.orgno, code: 'x' }), (e) => isAppError(e, RegisterProblems.invalidServiceOwnerCode));
  });
});
