import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildOrganization, buildPerson, uniqueSsn } from '../../src/modules/register/testing.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const SINDRE = '01928612380'; // DAGL of Prisolve Systemer AS in the demo world
const HEDDA = '18850164351'; // private person without roles

describe('system types', () => {
  let t: TestTinn;
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  const tokenFor = async (ssn: string) => (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken as string;
  const register = async (ssn: string, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/system-types', payload, headers: { authorization: `Bearer ${await tokenFor(ssn)}` } });

  it('lists the approved types of the demo world, also by vendor', async () => {
    const all = (await t.app.inject({ method: 'GET', url: '/api/v1/system-types' })).json().systemTypes;
    const prisolve = all.find((s: { name: string }) => s.name === 'Prisolve');
    assert.deepEqual(prisolve.vendor, { orgno: '310000191', name: 'Prisolve Systemer AS' });
    assert.equal(prisolve.status, 'approved');
    assert.equal(prisolve.maySubmitSignedData, true);
    const byVendor = (await t.app.inject({ method: 'GET', url: '/api/v1/system-types?vendor=310000191' })).json().systemTypes;
    assert.deepEqual(byVendor.map((s: { name: string }) => s.name), ['Prisolve', 'Prisolve Lønn']);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/system-types?vendor=974760674' })).json().code, 'REG-00007');
  });

  it("lets the vendor's managing director register a type, approved at once in the test environment", async () => {
    const res = await register(SINDRE, { name: '  Prisolve   Årsoppgjør ', vendorOrgno: '310000191', listedInProduction: true });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.name, 'Prisolve Årsoppgjør');
    assert.equal(body.status, 'approved');
    assert.ok(body.systemTypeId >= 1000);
    const dup = await register(SINDRE, { name: 'PRISOLVE ÅRSOPPGJØR', vendorOrgno: '310000191' });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'SYS-00002');
  });

  it('refuses everyone else, with a coded reason, and writes nothing', async () => {
    const outsider = await register(HEDDA, { name: 'Kapret Produkt', vendorOrgno: '310000191' });
    assert.equal(outsider.statusCode, 403);
    assert.equal(outsider.json().code, 'SYS-00001');
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/system-types', payload: { name: 'X', vendorOrgno: '310000191' } });
    assert.equal(anonymous.statusCode, 401);
    const unknownVendor = await register(SINDRE, { name: 'Noe', vendorOrgno: '974760673' });
    assert.equal(unknownVendor.json().code, 'REG-00008');
    const badName = await register(SINDRE, { name: ' x ', vendorOrgno: '310000191' });
    assert.equal(badName.json().code, 'SYS-00003');
    const names = (await t.app.inject({ method: 'GET', url: '/api/v1/system-types?vendor=310000191' })).json().systemTypes.map((s: { name: string }) => s.name);
    assert.ok(!names.includes('Kapret Produkt'));
  });

  it("also accepts the main unit's administrator for a sub-unit vendor", async () => {
    const main = await buildOrganization(t.tinn.register);
    const sub = await buildOrganization(t.tinn.register, { parentOrgno: main.orgno });
    const chair = await buildPerson(t.tinn.register);
    await t.tinn.register.addErRole({ orgno: main.orgno, roleCode: 'LEDE', holder: { ssn: chair.ssn } });
    assert.equal((await register(chair.ssn, { name: 'Avdelingsprodukt', vendorOrgno: sub.orgno })).statusCode, 201);
  });
});

describe('system types outside the test environment', () => {
  let t: TestTinn;
  before(async () => {
    t = await buildTestTinn({ env: { TINN_TESTENV: 'false' } });
  });
  after(() => t.close());

  it('wait for the operator before they are listed', async () => {
    const vendor = await buildOrganization(t.tinn.register);
    const dagl = await buildPerson(t.tinn.register, { ssn: uniqueSsn('fnr', false) }); // synthetic ids are refused here
    await t.tinn.register.addErRole({ orgno: vendor.orgno, roleCode: 'DAGL', holder: { ssn: dagl.ssn } });
    const actor = { kind: 'person' as const, partyId: dagl.partyId, securityLevel: 2 as const, methods: ['pwd' as const, 'sms' as const], sessionId: null };
    const type = await t.tinn.systems.registerSystemType(actor, { name: 'Ventende', vendorOrgno: vendor.orgno });
    assert.equal(type.status, 'pending');
    assert.deepEqual(await t.tinn.systems.listSystemTypes({ vendorOrgno: vendor.orgno }), []);
    assert.ok((await t.tinn.systems.uncheckedListPendingSystemTypes()).some((p) => p.systemTypeId === type.systemTypeId));
    const approved = await t.tinn.systems.uncheckedApproveSystemType(type.systemTypeId);
    assert.equal(approved.status, 'approved');
    assert.deepEqual((await t.tinn.systems.listSystemTypes({ vendorOrgno: vendor.orgno })).map((x) => x.name), ['Ventende']);
  });
});
