// Seed 004 as a table: what must hold before a person or a data system may act, and the reasons a
// decision gives when it does not — including the client chain client → firm → employee → firm's system.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor, PersonActor, SecurityLevel, SettableClock, SystemActor } from '../../src/platform/index.ts';
import type { Decision, Operation } from '../../src/modules/authz/index.ts';
import { buildOrganization, buildPerson } from '../../src/modules/register/testing.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const KARI = '14837501777'; // DAGL of Fjordlys Regnskap (accounting firm; REGN for Nordlys, Havbris, Vidde)
const INGRID = { ssn: '21876803140', lastName: 'Johansen' }; // accountant at Fjordlys
const HEDDA = { ssn: '18850164351', lastName: 'Solberg' }; // private person
const FJORDLYS = '310000116';
const NORDLYS = '310000124';
const HAVBRIS = '310000132';
const SKOGHEIM = '310000167';
const TTD_KEY = 'tinn_so_demo_ttd_arkiv_0123456789abcdef';

describe('authorization decisions (seed 004)', () => {
  let t: TestTinn;
  let clock: SettableClock;
  const party = new Map<string, number>();
  before(async () => {
    t = await buildTestTinn();
    clock = t.tinn.clock as SettableClock;
    await t.tinn.testenv!.ensureWorldLoaded();
    for (const ssn of [KARI, INGRID.ssn, HEDDA.ssn]) party.set(ssn, (await t.tinn.register.uncheckedGetPersonBySsn(ssn)).partyId);
    for (const orgno of [FJORDLYS]) party.set(orgno, (await t.tinn.register.getOrganization(orgno)).organization.partyId);
  });
  after(() => t.close());

  const person = (ssn: string, level: SecurityLevel = 2): PersonActor => ({ kind: 'person', partyId: party.get(ssn)!, securityLevel: level, methods: ['pwd', 'sms'], sessionId: null });
  const firmSystem = (userSsn?: string, level: SecurityLevel = 2): SystemActor => ({
    kind: 'system',
    systemId: 10001,
    ownerPartyId: party.get(FJORDLYS)!,
    user: userSsn ? { partyId: party.get(userSsn)! } : null,
    securityLevel: userSsn ? level : 0,
    methods: userSsn ? ['pwd', 'sms'] : ['pwd'],
  });
  const decide = async (actor: Actor, reportee: string, service: string, operation: Operation): Promise<Decision> =>
    t.tinn.authz.decide(actor, { reportee: await t.tinn.authz.resolveReportee(actor, reportee), serviceCode: service, serviceEditionCode: 1, operation });
  const outcome = (d: Decision) => (d.decision === 'Permit' ? 'Permit' : `Deny:${d.reasons.map((r) => r.code).join('+')}`);
  const delegate = async (ssn: string, reportee: string, body: object) => {
    const token = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken;
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/reportees/${reportee}/delegations`, payload: body, headers: { authorization: `Bearer ${token}` } });
    assert.ok(res.statusCode === 201 || res.statusCode === 200, res.body);
    return res.json();
  };

  it('decides every seed-004 case, with the failing checks as reasons', async () => {
    const cases: [string, () => Actor, string, string, Operation, string][] = [
      ['managing director submits for the firm', () => person(KARI), FJORDLYS, '5001', 'Write', 'Permit'],
      ['level 2 is too low for a level-3 service', () => person(KARI), FJORDLYS, '5004', 'Write', 'Deny:securityLevelTooLow'],
      ['level 3 is enough', () => person(KARI, 3), FJORDLYS, '5004', 'Write', 'Permit'],
      ['the person has no right for the form', () => person(HEDDA.ssn), FJORDLYS, '5001', 'Write', 'Deny:userLacksRight'],
      ['a person acts for themself', () => person(HEDDA.ssn), 'me', '5001', 'Sign', 'Permit'],
      ['an accountant without a client role', () => person(INGRID.ssn), NORDLYS, '5001', 'Write', 'Deny:userLacksRight'],
      ["the firm's system submits for the firm", () => firmSystem(), FJORDLYS, '5001', 'Write', 'Permit'],
      ['a system alone may not sign', () => firmSystem(), FJORDLYS, '5001', 'Sign', 'Deny:userRequired'],
      ["the firm's system submits for a client (the client's REGN role)", () => firmSystem(), NORDLYS, '5001', 'Write', 'Permit'],
      ['… and its payroll report', () => firmSystem(), NORDLYS, '5002', 'Write', 'Permit'],
      ['the system owner has no right for the reportee', () => firmSystem(), SKOGHEIM, '5001', 'Write', 'Deny:systemOwnerLacksRight'],
      ['the system owner has the right, the user does not', () => firmSystem(INGRID.ssn), NORDLYS, '5001', 'Write', 'Deny:userLacksRight'],
      ['system + managing director for the firm', () => firmSystem(KARI), FJORDLYS, '5001', 'Sign', 'Permit'],
      ['a data system never reaches level 3', () => firmSystem(KARI), FJORDLYS, '5004', 'Write', 'Deny:securityLevelTooLow'],
      ['both fail: each is a reason', () => firmSystem(HEDDA.ssn), SKOGHEIM, '5001', 'Write', 'Deny:systemOwnerLacksRight+userLacksRight'],
      ['SRR must allow the reportee on a broker service', () => person(KARI), FJORDLYS, '5003', 'Write', 'Deny:srrMissing'],
    ];
    for (const [name, actor, reportee, service, operation, expected] of cases) {
      assert.equal(outcome(await decide(actor(), reportee, service, operation)), expected, name);
    }
  });

  it("names who can fix a missing right: the reportee's main administrators", async () => {
    const d = await decide(person(HEDDA.ssn), FJORDLYS, '5001', 'Write');
    assert.equal(d.reasons[0]!.code, 'userLacksRight');
    assert.match(d.reasons[0]!.message, /^Hedda Solberg has no role that gives Write on VAT return \(test\) for Fjordlys Regnskap AS \(any of: UTINN, REGNA, A0239, A0240\)$/);
    assert.deepEqual(d.reasons[0]!.fixedBy.map((p) => p.name).sort(), ['Kari Nordmann', 'Ola Hansen']);
    const sys = await decide(firmSystem(), SKOGHEIM, '5001', 'Write');
    assert.match(sys.reasons[0]!.message, /data system's owner Fjordlys Regnskap AS has no role .* it must be delegated to Fjordlys Regnskap AS/);
    const events = await t.tinn.authn.uncheckedListAuditEvents((await t.tinn.register.getOrganization(SKOGHEIM)).organization.partyId);
    assert.ok(events.some((e) => e.event === 'authz.deny' && (e.detail.reasons as string[]).includes('systemOwnerLacksRight')), 'denials are audited');
  });

  it("follows the client chain: client → firm → employee → the firm's system, and a revocation applies to the next decision", async () => {
    const passed = await delegate(KARI, NORDLYS, { roleCode: 'A0239', to: INGRID, viaFirm: FJORDLYS });
    assert.equal(outcome(await decide(person(INGRID.ssn), NORDLYS, '5001', 'Write')), 'Permit');
    const viaSystem = await decide(firmSystem(INGRID.ssn), NORDLYS, '5001', 'Sign');
    assert.equal(outcome(viaSystem), 'Permit');
    assert.deepEqual(viaSystem.grantedBy, ['A0239']);
    assert.equal(outcome(await decide(firmSystem(INGRID.ssn), NORDLYS, '5002', 'Write')), 'Permit');
    assert.equal(outcome(await decide(firmSystem(INGRID.ssn), HAVBRIS, '5001', 'Write')), 'Deny:userLacksRight', 'the client role is for Nordlys only');
    const sigrid = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: '09857904610', securityLevel: 2 } })).json().accessToken;
    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/reportees/${NORDLYS}/delegations/${passed.delegationId}`, headers: { authorization: `Bearer ${sigrid}` } });
    assert.equal(revoked.statusCode, 204);
    assert.equal(outcome(await decide(firmSystem(INGRID.ssn), NORDLYS, '5001', 'Write')), 'Deny:userLacksRight');
  });

  it('says when a role ran out, and when the reportee is deleted', async () => {
    const validTo = new Date(clock.now().getTime() + 3_600_000).toISOString();
    await delegate(KARI, FJORDLYS, { roleCode: 'UTINN', to: HEDDA, validTo });
    assert.equal(outcome(await decide(person(HEDDA.ssn), FJORDLYS, '5001', 'Write')), 'Permit');
    clock.advance(2 * 3_600_000);
    const expired = await decide(person(HEDDA.ssn), FJORDLYS, '5001', 'Write');
    assert.equal(outcome(expired), 'Deny:roleExpired');
    assert.match(expired.reasons[0]!.message, /Hedda Solberg's UTINN for Fjordlys Regnskap AS ran out/);
    assert.deepEqual([expired.reasons[0]!.role, expired.reasons[0]!.validTo], ['UTINN', validTo], 'the role and when it ran out, for clients to word it');

    const gone = await buildOrganization(t.tinn.register);
    const dagl = await buildPerson(t.tinn.register);
    await t.tinn.register.addErRole({ orgno: gone.orgno, roleCode: 'DAGL', holder: { ssn: dagl.ssn } });
    await t.tinn.register.deleteOrganization(gone.orgno);
    const actor: PersonActor = { kind: 'person', partyId: dagl.partyId, securityLevel: 2, methods: [], sessionId: null };
    assert.equal(outcome(await decide(actor, gone.orgno, '5001', 'Write')), 'Deny:reporteeDeleted');
  });

  it("lets service owners keep their rights register (SRR) and ask about persons on their own services", async () => {
    const so = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, ...(payload ? { payload } : {}), headers: { apikey: TTD_KEY } });
    const added = await so('POST', '/api/v1/serviceowner/srr', {
      serviceCode: '5003',
      serviceEditionCode: 1,
      rights: [
        { reportee: FJORDLYS, right: 'Write' },
        { reportee: FJORDLYS, right: 'Write' },
        { reportee: '999999999', right: 'Read' },
        { reportee: FJORDLYS, right: 'Read', validTo: '2020-01-01T00:00:00Z' },
      ],
    });
    assert.equal(added.statusCode, 200, added.body);

    assert.deepEqual(added.json().results.map((r: { result: string }) => r.result), ['OK', 'RuleAlreadyExists', 'EmptyOrNotAValidSsnOrOrganisation', 'RightAlreadyExpired']);
    assert.equal(outcome(await decide(person(KARI), FJORDLYS, '5003', 'Write')), 'Permit');
    assert.equal(outcome(await decide(person(KARI), FJORDLYS, '5003', 'Read')), 'Deny:srrMissing');
    const rules = (await so('GET', '/api/v1/serviceowner/srr?serviceCode=5003&serviceEditionCode=1')).json().rules;
    assert.deepEqual(rules.map((r: { reportee: { orgno: string }; operation: string }) => [r.reportee.orgno, r.operation]), [[FJORDLYS, 'Write']]);
    assert.equal((await so('DELETE', `/api/v1/serviceowner/srr/${rules[0].id}`)).statusCode, 204);
    assert.equal(outcome(await decide(person(KARI), FJORDLYS, '5003', 'Write')), 'Deny:srrMissing');

    const kari = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: KARI, securityLevel: 2 } })).json().accessToken;
    const notOwner = await t.app.inject({ method: 'GET', url: '/api/v1/serviceowner/srr?serviceCode=5003&serviceEditionCode=1', headers: { authorization: `Bearer ${kari}` } });
    assert.equal(notOwner.json().code, 'PLAT-00015');

    const about = await so('POST', '/api/v1/authz/decision', { reportee: FJORDLYS, serviceCode: '5001', serviceEditionCode: 1, operation: 'Write', subject: { ssn: INGRID.ssn, securityLevel: 2 } });
    assert.equal(about.statusCode, 200, about.body);
    assert.equal(about.json().decision, 'Deny');
    assert.equal(about.json().reasons[0].code, 'userLacksRight');
    const archive = await so('POST', '/api/v1/authz/decision', { reportee: FJORDLYS, serviceCode: '5001', serviceEditionCode: 1, operation: 'ServiceOwnerArchiveRead' });
    assert.equal(archive.json().decision, 'Permit');
    assert.equal((await so('POST', '/api/v1/authz/decision', { reportee: FJORDLYS, serviceCode: '9999', serviceEditionCode: 1, operation: 'Read' })).json().code, 'AUTZ-00016');
  });

  it('answers persons about themselves only, over REST', async () => {
    const token = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: KARI, securityLevel: 2 } })).json().accessToken;
    const ask = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/authz/decision', payload, headers: { authorization: `Bearer ${token}` } });
    const mine = await ask({ reportee: FJORDLYS, serviceCode: '5002', serviceEditionCode: 1, operation: 'Sign' });
    assert.equal(mine.statusCode, 200, mine.body);
    assert.deepEqual(mine.json(), { decision: 'Permit', reasons: [], grantedBy: ['LOPER'] });
    const others = await ask({ reportee: FJORDLYS, serviceCode: '5002', serviceEditionCode: 1, operation: 'Sign', subject: { ssn: HEDDA.ssn, securityLevel: 2 } });
    assert.equal(others.json().code, 'AUTZ-00020');
    assert.equal((await ask({ reportee: FJORDLYS, serviceCode: '5002', serviceEditionCode: 1, operation: 'Steal' })).json().code, 'PLAT-00004');
  });

  it('delegates single rights on one service: main administrators any, others only what they hold with Delegate', async () => {
    const give = async (ssn: string, body: object) => {
      const token = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken;
      return t.app.inject({ method: 'POST', url: `/api/v1/reportees/${FJORDLYS}/delegations`, payload: body, headers: { authorization: `Bearer ${token}` } });
    };
    const SIGRID = { ssn: '09857904610', lastName: 'Larsen' };
    const right = (operations: string[]) => ({ serviceCode: '5002', serviceEditionCode: 1, operations });
    const toHedda = await give(KARI, { right: right(['Write', 'Read']), to: HEDDA });
    assert.equal(toHedda.statusCode, 201, toHedda.body);
    assert.deepEqual(toHedda.json().right, { serviceCode: '5002', serviceEditionCode: 1, operations: ['Read', 'Write'] });
    assert.equal(toHedda.json().role, null);
    const permitted = await decide(person(HEDDA.ssn), FJORDLYS, '5002', 'Write');
    assert.deepEqual([permitted.decision, permitted.grantedBy], ['Permit', ['single right']]);
    assert.equal(outcome(await decide(person(HEDDA.ssn), FJORDLYS, '5002', 'Sign')), 'Deny:userLacksRight');
    const heddaToken = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: HEDDA.ssn, securityLevel: 2 } })).json().accessToken;
    const mine = (await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/rights`, headers: { authorization: `Bearer ${heddaToken}` } })).json();
    assert.deepEqual(
      mine.rights.map((r: { serviceCode: string; operations: string[]; delegatedBy: { name: string } }) => [r.serviceCode, r.operations, r.delegatedBy.name]),
      [['5002', ['Read', 'Write'], 'Kari Nordmann']],
      'my rights list single rights too, with who gave them',
    );
    assert.equal(outcome(await decide(person(HEDDA.ssn), FJORDLYS, '5001', 'Write')), 'Deny:roleExpired', 'a right on one service gives nothing on another');
    assert.equal((await give(HEDDA.ssn, { right: right(['Read']), to: INGRID })).json().code, 'AUTZ-00021', 'no Delegate on the service');

    assert.equal((await give(KARI, { right: right(['Read', 'Delegate']), to: INGRID })).statusCode, 201);
    assert.equal((await give(INGRID.ssn, { right: right(['Read']), to: SIGRID })).statusCode, 201);
    const more = await give(INGRID.ssn, { right: right(['Write']), to: SIGRID });
    assert.equal(more.json().code, 'AUTZ-00021');
    assert.match(more.json().detail, /you lack Write/);
    assert.equal((await give(KARI, { roleCode: 'UTINN', right: right(['Read']), to: INGRID })).json().code, 'AUTZ-00022');
    assert.equal((await give(KARI, { right: right(['ServiceOwnerArchiveRead']), to: INGRID })).json().code, 'AUTZ-00021');

    const kari = (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: KARI, securityLevel: 2 } })).json().accessToken;
    const listed = (await t.app.inject({ method: 'GET', url: `/api/v1/reportees/${FJORDLYS}/delegations`, headers: { authorization: `Bearer ${kari}` } })).json().delegations;
    const heddas = listed.find((d: { right: { serviceCode: string } | null; recipient: { name: string } }) => d.right?.serviceCode === '5002' && d.recipient.name === 'Hedda Solberg');
    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/v1/reportees/${FJORDLYS}/delegations/${heddas.delegationId}`, headers: { authorization: `Bearer ${kari}` } });
    assert.equal(revoked.statusCode, 204);
    assert.equal(outcome(await decide(person(HEDDA.ssn), FJORDLYS, '5002', 'Write')), 'Deny:userLacksRight');
  });
});
