import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Organization, Person } from '../../src/modules/register/index.ts';
import { buildOrganization, buildPerson } from '../../src/modules/register/testing.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const TTD_ARKIV_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef'; // the demo world's agency system

describe('profile: organisation notification addresses and personal contacts', () => {
  let t: TestTinn;
  let org: Organization;
  let subUnit: Organization;
  let otherOrg: Organization;
  let dagl: Person; // DAGL of org: main administrator
  let clerk: Person; // holds UTINN in org by delegation: acts for it, does not administer it
  let outsider: Person; // no role anywhere
  let clerkDelegationId: string;

  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    const register = t.tinn.register;
    org = await buildOrganization(register);
    subUnit = await buildOrganization(register, { parentOrgno: org.orgno });
    otherOrg = await buildOrganization(register);
    dagl = await buildPerson(register);
    clerk = await buildPerson(register);
    outsider = await buildPerson(register);
    await register.addErRole({ orgno: org.orgno, roleCode: 'DAGL', holder: { ssn: dagl.ssn } });
    const delegated = await as(dagl, 'POST', `/api/v1/reportees/${org.orgno}/delegations`, { roleCode: 'UTINN', to: { ssn: clerk.ssn, lastName: clerk.lastName } });
    assert.equal(delegated.status, 201, JSON.stringify(delegated.body));
    clerkDelegationId = delegated.body.delegationId;
  });
  after(() => t.close());

  const tokens = new Map<string, string>();
  const tokenFor = async (ssn: string, level: number) => {
    const key = `${ssn}:${level}`;
    if (!tokens.has(key)) tokens.set(key, (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: level } })).json().accessToken);
    return tokens.get(key)!;
  };
  async function as(who: Person, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object, level = 2) {
    const res = await t.app.inject({ method, url, ...(payload ? { payload } : {}), headers: { authorization: `Bearer ${await tokenFor(who.ssn, level)}` } });
    return { status: res.statusCode, body: res.statusCode === 204 ? null : res.json() };
  }
  const addresses = (orgno: string) => `/api/v1/organizations/${orgno}/notification-addresses`;
  const contact = (orgno: string) => `/api/v1/profile/organizations/${orgno}/contact`;

  it("lets the managing director replace the organisation's addresses, normalised, and read them back", async () => {
    const put = await as(dagl, 'PUT', addresses(org.orgno), { emails: ['post@Firma.NO', 'post@firma.no'], mobiles: ['912 34 567', '+4741234567'] });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body, { partyId: org.partyId, emails: ['post@firma.no'], mobiles: ['+4791234567', '+4741234567'] });
    assert.deepEqual((await as(dagl, 'GET', addresses(org.orgno))).body, put.body);
    assert.deepEqual(await t.tinn.profile.uncheckedGetOrganizationNotificationAddresses(org.partyId), put.body);
    // The main unit's managing director administers its sub-units too.
    const sub = await as(dagl, 'PUT', addresses(subUnit.orgno), { emails: ['avdeling@firma.no'], mobiles: [] });
    assert.deepEqual(sub.body, { partyId: subUnit.partyId, emails: ['avdeling@firma.no'], mobiles: [] });
  });

  it('lets someone who acts for the organisation read its addresses but not change them, and a service owner read them', async () => {
    await as(dagl, 'PUT', addresses(org.orgno), { emails: ['post@firma.no'], mobiles: [] });
    const read = await as(clerk, 'GET', addresses(org.orgno));
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.deepEqual(read.body.emails, ['post@firma.no']);
    const write = await as(clerk, 'PUT', addresses(org.orgno), { emails: ['clerk@firma.no'], mobiles: [] });
    assert.equal(write.status, 403);
    assert.equal(write.body.code, 'PROF-00011');
    const agency = await t.app.inject({ method: 'GET', url: addresses(org.orgno), headers: { apikey: TTD_ARKIV_KEY }, remoteAddress: '127.0.0.1' });
    assert.equal(agency.statusCode, 200, agency.body);
    assert.deepEqual(agency.json().emails, ['post@firma.no']);
    assert.deepEqual((await as(dagl, 'GET', addresses(org.orgno))).body.emails, ['post@firma.no'], 'nothing changed');
  });

  it('refuses persons without a role, level-1 logins and anonymous callers with coded problems', async () => {
    const read = await as(outsider, 'GET', addresses(org.orgno));
    assert.deepEqual([read.status, read.body.code], [403, 'PROF-00010']);
    const write = await as(outsider, 'PUT', addresses(org.orgno), { emails: ['x@y.no'], mobiles: [] });
    assert.deepEqual([write.status, write.body.code], [403, 'PROF-00011']);
    const lowLevel = await as(dagl, 'PUT', addresses(org.orgno), { emails: ['x@y.no'], mobiles: [] }, 1);
    assert.deepEqual([lowLevel.status, lowLevel.body.code], [403, 'PLAT-00018']);
    const anonymous = await t.app.inject({ method: 'GET', url: addresses(org.orgno) });
    assert.deepEqual([anonymous.statusCode, anonymous.json().code], [401, 'PLAT-00013']);
    assert.equal((await as(dagl, 'GET', addresses('123'))).body.code, 'REG-00006');
    assert.equal((await as(dagl, 'GET', addresses('974760673'))).body.code, 'REG-00008');
    assert.ok(!(await as(dagl, 'GET', addresses(org.orgno))).body.emails.includes('x@y.no'), 'refused writes changed nothing');
  });

  it('lists every invalid address with its path and writes none of them', async () => {
    const before = (await as(dagl, 'GET', addresses(org.orgno))).body;
    const bad = await as(dagl, 'PUT', addresses(org.orgno), { emails: ['ok@firma.no', 'not-an-address'], mobiles: ['22334455', '91234567', 'mobil'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'PROF-00002');
    assert.deepEqual(
      bad.body.errors.map((e: { path: string; rule: string }) => [e.path, e.rule]),
      [
        ['emails/1', 'PROF-00002'],
        ['mobiles/0', 'PROF-00001'],
        ['mobiles/2', 'PROF-00001'],
      ],
    );
    const badContact = await as(clerk, 'PUT', contact(org.orgno), { email: 'kari@', mobile: '1234' });
    assert.equal(badContact.status, 400);
    assert.deepEqual(badContact.body.errors.map((e: { path: string }) => e.path), ['email', 'mobile']);
    assert.deepEqual((await as(dagl, 'GET', addresses(org.orgno))).body, before);
    assert.equal((await as(clerk, 'GET', contact(org.orgno))).body.code, 'PROF-00012');
  });

  it('lets a person set, read, change and delete their own contact for an organisation they act for', async () => {
    assert.deepEqual(await as(clerk, 'GET', contact(org.orgno)).then((r) => [r.status, r.body.code]), [404, 'PROF-00012']);
    const set = await as(clerk, 'PUT', contact(org.orgno), { email: 'Clerk@Firma.NO', mobile: '412 34 567' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual({ ...set.body, updatedAt: 'x' }, { personPartyId: clerk.partyId, organizationPartyId: org.partyId, email: 'Clerk@firma.no', mobile: '+4741234567', updatedAt: 'x' });
    assert.deepEqual((await as(clerk, 'GET', contact(org.orgno))).body, set.body);

    const changed = await as(clerk, 'PUT', contact(org.orgno), { mobile: '+46 70 123 45 67' });
    assert.deepEqual([changed.body.email, changed.body.mobile], [null, '+46701234567'], 'PUT replaces both: a field left out is none');
    // Another person's contact for the same organisation is never shown.
    assert.equal((await as(dagl, 'GET', contact(org.orgno))).body.code, 'PROF-00012');
    await as(dagl, 'PUT', contact(org.orgno), { email: 'leder@firma.no' });
    assert.equal((await as(clerk, 'GET', contact(org.orgno))).body.mobile, '+46701234567');

    const contacts = await t.tinn.profile.uncheckedListPersonalContacts(org.partyId);
    assert.deepEqual(
      contacts.map((c) => [c.personPartyId, c.email, c.mobile]).sort(),
      [
        [clerk.partyId, null, '+46701234567'],
        [dagl.partyId, 'leder@firma.no', null],
      ].sort(),
    );
    assert.ok(contacts.every((c) => c.organizationPartyId === org.partyId && c.updatedAt instanceof Date));

    assert.equal((await as(clerk, 'DELETE', contact(org.orgno))).status, 204);
    assert.equal((await as(clerk, 'GET', contact(org.orgno))).body.code, 'PROF-00012');
    assert.equal((await as(clerk, 'DELETE', contact(org.orgno))).status, 204, 'deleting again is no error');
    assert.deepEqual((await t.tinn.profile.uncheckedListPersonalContacts(org.partyId)).map((c) => c.personPartyId), [dagl.partyId]);

    // Neither address deletes the contact.
    await as(clerk, 'PUT', contact(org.orgno), { email: 'clerk@firma.no' });
    assert.equal((await as(clerk, 'PUT', contact(org.orgno), { email: null, mobile: null })).status, 204);
    assert.equal((await as(clerk, 'GET', contact(org.orgno))).body.code, 'PROF-00012');
  });

  it('acts for a sub-unit through the main unit, and refuses organisations the person does not act for', async () => {
    const sub = await as(dagl, 'PUT', contact(subUnit.orgno), { mobile: '98765432' });
    assert.equal(sub.status, 200, JSON.stringify(sub.body));
    assert.equal(sub.body.organizationPartyId, subUnit.partyId);
    for (const [who, orgno] of [
      [outsider, org.orgno],
      [dagl, otherOrg.orgno],
    ] as const) {
      const put = await as(who, 'PUT', contact(orgno), { email: 'a@b.no' });
      assert.deepEqual([put.status, put.body.code], [403, 'PROF-00010']);
      const get = await as(who, 'GET', contact(orgno));
      assert.deepEqual([get.status, get.body.code], [403, 'PROF-00010']);
    }
    assert.deepEqual(await t.tinn.profile.uncheckedListPersonalContacts(otherOrg.partyId), []);
  });

  it('leaves out the contacts of persons who no longer act for the organisation, who can still delete theirs', async () => {
    await as(clerk, 'PUT', contact(org.orgno), { email: 'clerk@firma.no' });
    assert.ok((await t.tinn.profile.uncheckedListPersonalContacts(org.partyId)).some((c) => c.personPartyId === clerk.partyId));
    assert.equal((await as(dagl, 'DELETE', `/api/v1/reportees/${org.orgno}/delegations/${clerkDelegationId}`)).status, 204);
    assert.ok(!(await t.tinn.profile.uncheckedListPersonalContacts(org.partyId)).some((c) => c.personPartyId === clerk.partyId));
    assert.equal((await as(clerk, 'GET', contact(org.orgno))).body.code, 'PROF-00010');
    assert.equal((await as(clerk, 'DELETE', contact(org.orgno))).status, 204);
  });
});
