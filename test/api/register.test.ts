import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildOrganization, buildPerson, uniqueOrgno } from '../../src/modules/register/testing.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

describe('GET /api/v1/organizations/{orgno}', () => {
  let t: TestTinn;
  before(async () => {
    t = await buildTestTinn();
  });
  after(() => t.close());

  it('returns a main unit with its sub-units', async () => {
    const main = await buildOrganization(t.tinn.register, { name: 'Fjell Konsern AS', businessAddress: { street: 'Gate 1', postalCode: '0150', postalCity: 'OSLO', country: 'NO' } });
    const sub = await buildOrganization(t.tinn.register, { parentOrgno: main.orgno, name: 'Fjell Konsern AS avd. Bodø' });
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/organizations/${main.orgno}` });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.orgno, main.orgno);
    assert.equal(body.name, 'Fjell Konsern AS');
    assert.equal(body.unitType, 'main');
    assert.equal(body.partyId, main.partyId);
    assert.equal(body.partyUuid, main.partyUuid);
    assert.deepEqual(body.businessAddress, { street: 'Gate 1', postalCode: '0150', postalCity: 'OSLO', country: 'NO' });
    assert.deepEqual(body.subUnits, [{ orgno: sub.orgno, name: 'Fjell Konsern AS avd. Bodø', isDeleted: false }]);
    const subRes = await t.app.inject({ method: 'GET', url: `/api/v1/organizations/${sub.orgno}` });
    assert.equal(subRes.json().parentOrgno, main.orgno);
    assert.equal(subRes.json().organizationForm, 'BEDR');
  });

  it('answers coded problems for unknown and malformed numbers', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: `/api/v1/organizations/${uniqueOrgno()}` });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'REG-00008');
    const short = await t.app.inject({ method: 'GET', url: '/api/v1/organizations/12345' });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().code, 'REG-00006');
    assert.equal(short.json().rule, 'format');
    const check = await t.app.inject({ method: 'GET', url: '/api/v1/organizations/974760674' });
    assert.equal(check.statusCode, 400);
    assert.equal(check.json().code, 'REG-00007');
  });

  it('lists ER roles with persons by name and birth date, never by national id', async () => {
    const org = await buildOrganization(t.tinn.register);
    const firm = await buildOrganization(t.tinn.register, { name: 'Tall og Tal Regnskap AS' });
    const dagl = await buildPerson(t.tinn.register, { firstName: 'Randi', lastName: 'Rolle' });
    await t.tinn.register.addErRole({ orgno: org.orgno, roleCode: 'DAGL', holder: { ssn: dagl.ssn } });
    await t.tinn.register.addErRole({ orgno: org.orgno, roleCode: 'REGN', holder: { orgno: firm.orgno } });
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/organizations/${org.orgno}/roles` });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().roles, [
      { roleCode: 'DAGL', roleName: { nb: 'Daglig leder', nn: 'Dagleg leiar', en: 'Managing director' }, holder: { type: 'person', name: 'Randi Rolle', birthDate: dagl.birthDate } },
      { roleCode: 'REGN', roleName: { nb: 'Regnskapsfører', nn: 'Rekneskapsførar', en: 'Accountant' }, holder: { type: 'organization', orgno: firm.orgno, name: 'Tall og Tal Regnskap AS' } },
    ]);
    assert.ok(!res.body.includes(dagl.ssn));
    const missing = await t.app.inject({ method: 'GET', url: `/api/v1/organizations/${uniqueOrgno()}/roles` });
    assert.equal(missing.json().code, 'REG-00008');
  });
});
