import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkNationalId, checkOrgno } from '../../src/modules/register/index.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

describe('test environment', () => {
  let t: TestTinn;
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('loads the demo world on first start: an accounting firm with three REGN clients, an audit firm, sub-units and a service owner', async () => {
    assert.equal(await t.tinn.testenv!.ensureWorldLoaded(), undefined, 'loaded once only');
    const firmRoles = await t.tinn.register.uncheckedListRolesHeldBy((await t.tinn.register.getOrganization('310000116')).organization.partyId);
    assert.deepEqual(firmRoles.filter((r) => r.roleCode === 'REGN').map((r) => r.organization.orgno).sort(), ['310000124', '310000132', '310000140']);
    const audit = await t.tinn.register.uncheckedListRolesHeldBy((await t.tinn.register.getOrganization('310000159')).organization.partyId);
    assert.ok(audit.some((r) => r.roleCode === 'REVI'));
    const group = (await get('/api/v1/organizations/310000167')).json();
    assert.equal(group.subUnits.length, 2);
    const agency = (await get('/api/v1/organizations/310000108')).json();
    assert.equal(agency.serviceOwnerCode, 'TTD');
    const roles = (await get('/api/v1/organizations/310000124/roles')).json().roles;
    assert.deepEqual(roles.map((r: { roleCode: string }) => r.roleCode), ['DAGL', 'LEDE', 'REGN', 'REVI']);
    const counts = await t.db.kysely
      .selectFrom('register.party' as any)
      .select(['party_type', (eb: any) => eb.fn.countAll().as('n')] as any)
      .groupBy('party_type')
      .execute();
    const n = Object.fromEntries(counts.map((c: any) => [c.party_type, Number(c.n)]));
    assert.ok(n.person >= 20, `persons: ${n.person}`);
    assert.ok(n.organization >= 8, `organisations: ${n.organization}`);
  });

  it('creates synthetic persons with valid national ids and a mobile number', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/testenv/persons', payload: { firstName: 'Test', birthDate: '1990-05-17', email: 'test@example.no' } });
    assert.equal(res.statusCode, 201);
    const p = res.json();
    const check = checkNationalId(p.ssn, { allowSynthetic: true });
    assert.ok(check.ok && check.info.isSynthetic && check.info.birthDate === '1990-05-17');
    assert.equal(p.firstName, 'Test');
    assert.match(p.mobile, /^\+479\d{7}$/);
    assert.equal(p.email, 'test@example.no');
    const dnr = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/persons', payload: { kind: 'dnr', mobile: null } })).json();
    assert.equal(dnr.isDNumber, true);
    assert.equal(dnr.mobile, null);
  });

  it('refuses bad person input with coded problems, writing nothing', async () => {
    const badMobile = await t.app.inject({ method: 'POST', url: '/api/v1/testenv/persons', payload: { firstName: 'Nobody', lastName: 'Written', mobile: '123' } });
    assert.equal(badMobile.statusCode, 400);
    assert.equal(badMobile.json().code, 'PROF-00001');
    const badSsn = await t.app.inject({ method: 'POST', url: '/api/v1/testenv/persons', payload: { ssn: '14837501778' } });
    assert.equal(badSsn.json().code, 'REG-00004');
    const taken = await t.app.inject({ method: 'POST', url: '/api/v1/testenv/persons', payload: { ssn: '14837501777' } });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().code, 'REG-00010');
    const rows = await t.db.kysely.selectFrom('register.person' as any).select('ssn' as any).where('last_name' as any, '=', 'Written').execute();
    assert.deepEqual(rows, []);
  });

  it('creates synthetic organisations with a managing director, and sub-units', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/testenv/organizations', payload: { name: 'Prøve Bygg AS' } });
    assert.equal(res.statusCode, 201);
    const org = res.json();
    assert.deepEqual(checkOrgno(org.orgno), { ok: true });
    assert.equal(org.organizationForm, 'AS');
    const roles = (await get(`/api/v1/organizations/${org.orgno}/roles`)).json().roles;
    assert.deepEqual(roles.map((r: { roleCode: string; holder: { name: string } }) => [r.roleCode, r.holder.name]), [['DAGL', org.dagl.name]]);
    const sub = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/organizations', payload: { parentOrgno: org.orgno, daglSsn: org.dagl.ssn } })).json();
    assert.equal(sub.unitType, 'sub');
    assert.equal(sub.organizationForm, 'BEDR');
    assert.equal(sub.dagl.ssn, org.dagl.ssn);
    const unknownParent = await t.app.inject({ method: 'POST', url: '/api/v1/testenv/organizations', payload: { parentOrgno: '974760673' } });
    assert.equal(unknownParent.statusCode, 404);
    assert.equal(unknownParent.json().code, 'REG-00008');
  });

  it('shows every SMS and e-mail in the outbox, newest first, filtered by recipient', async () => {
    await t.tinn.sms.send({ to: '+4791000001', text: 'Din engangskode er 123456', sender: 'TINN' });
    await t.tinn.mail.send({ to: 'kari.nordmann@fjordlys.test', subject: 'Ny melding', text: 'Du har en ny melding.' });
    await t.tinn.sms.send({ to: '+4791000002', text: 'Annen mottaker' });
    await t.tinn.sms.send({ to: '+4791000001', text: 'Andre kode 654321' });
    const mine = (await get('/api/v1/testenv/outbox?recipient=910%2000%20001')).json();
    assert.deepEqual(mine.messages.map((m: { body: string }) => m.body), ['Andre kode 654321', 'Din engangskode er 123456']);
    assert.equal(mine.messages[1].sender, 'TINN');
    const mail = (await get('/api/v1/testenv/outbox?channel=email')).json();
    assert.equal(mail.messages[0].subject, 'Ny melding');
    const page1 = (await get('/api/v1/testenv/outbox?limit=2')).json();
    assert.equal(page1.messages.length, 2);
    const page2 = (await get(`/api/v1/testenv/outbox?limit=2&after=${page1.next}`)).json();
    assert.deepEqual(page1.messages.map((m: { body: string }) => m.body), ['Andre kode 654321', 'Annen mottaker']);
    assert.deepEqual(page2.messages.map((m: { body: string }) => m.body), ['Du har en ny melding.', 'Din engangskode er 123456']);
    const bad = await get('/api/v1/testenv/outbox?recipient=not-a-number');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'PROF-00001');
  });

  it('reset empties everything and loads the world again', async () => {
    const extra = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/organizations', payload: {} })).json();
    await t.tinn.sms.send({ to: '+4791000003', text: 'before reset' });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/testenv/reset' });
    assert.equal(res.statusCode, 200);
    const world = res.json().world;
    assert.ok(world.persons.created >= 20);
    assert.equal(world.persons.existing, 0);
    assert.equal((await get(`/api/v1/organizations/${extra.orgno}`)).statusCode, 404);
    assert.equal((await get('/api/v1/organizations/310000116')).statusCode, 200);
    assert.deepEqual((await get('/api/v1/testenv/outbox')).json().messages, []);
  });
});

describe('test environment switched off', () => {
  let t: TestTinn;
  before(async () => {
    t = await buildTestTinn({ env: { TINN_TESTENV: 'false' } });
  });
  after(() => t.close());

  it('has no test-environment routes at all', async () => {
    for (const [method, url] of [['POST', '/api/v1/testenv/persons'], ['POST', '/api/v1/testenv/organizations'], ['GET', '/api/v1/testenv/outbox'], ['POST', '/api/v1/testenv/reset']] as const) {
      const res = await t.app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().code, 'PLAT-00002');
    }
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.ok(!Object.keys(spec.paths).some((p) => p.startsWith('/api/v1/testenv')));
    assert.equal(t.tinn.testenv, undefined);
  });
});
