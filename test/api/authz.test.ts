import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SettableClock } from '../../src/platform/index.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

// The demo world (testdata/world.yaml).
const KARI = '14837501777'; // DAGL of Fjordlys Regnskap (accounting firm)
const OLA = '02918202474'; // LEDE of Fjordlys
const MEDL = '30819003846'; // board member of Fjordlys: no rights
const INGRID = { ssn: '21876803140', lastName: 'Johansen' }; // accountant at Fjordlys, no ER role
const HEDDA = { ssn: '18850164351', lastName: 'Solberg' }; // private person
const SIGRID = '09857904610'; // DAGL of Nordlys Bygg (client of Fjordlys and Kyst)
const EIRIK = '28826508088'; // DAGL of Revisjonshuset Kyst (audit firm)
const BJORN = '03867409407'; // DAGL of Skogheim Gruppen (main unit with two sub-units)
const FJORDLYS = '310000116';
const NORDLYS = '310000124';
const KYST = '310000159';
const SKOGHEIM = '310000167';

describe('authorization: roles, reportees, delegation and client roles', () => {
  let t: TestTinn;
  let clock: SettableClock;
  before(async () => {
    t = await buildTestTinn();
    clock = t.tinn.clock as SettableClock;
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  const tokens = new Map<string, string>();
  const tokenFor = async (ssn: string, level = 2) => {
    const key = `${ssn}:${level}`;
    if (!tokens.has(key)) tokens.set(key, (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: level } })).json().accessToken);
    return tokens.get(key)!;
  };
  const as = async (ssn: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, level = 2) => {
    const res = await t.app.inject({ method, url, ...(payload ? { payload } : {}), headers: { authorization: `Bearer ${await tokenFor(ssn, level)}` } });
    return { status: res.statusCode, body: res.statusCode === 204 ? null : res.json() };
  };
  const delegate = (ssn: string, reportee: string, payload: object, level = 2) => as(ssn, 'POST', `/api/v1/reportees/${reportee}/delegations`, payload, level);
  const roleCodes = async (ssn: string, reportee: string) => ((await as(ssn, 'GET', `/api/v1/reportees/${reportee}/rights`)).body.roles as { code: string }[]).map((r) => r.code);
  const reporteeNames = async (ssn: string) => ((await as(ssn, 'GET', '/api/v1/reportees')).body.reportees as { name: string }[]).map((r) => r.name);

  it('publishes the role catalogue with names in three languages and the ER → Altinn role mapping', async () => {
    const { altinnRoles, erRoles } = (await t.app.inject({ method: 'GET', url: '/api/v1/roles' })).json();
    const hadm = altinnRoles.find((r: { code: string }) => r.code === 'HADM');
    assert.deepEqual(hadm, { code: 'HADM', altinnId: 28997, name: { nb: 'Hovedadministrator', nn: 'Hovudadministrator', en: 'Main administrator' }, delegability: 'main' });
    assert.equal(altinnRoles.find((r: { code: string }) => r.code === 'A0239').delegability, 'client');
    const dagl = erRoles.find((r: { code: string }) => r.code === 'DAGL');
    assert.ok(dagl.altinnRoles.includes('HADM') && dagl.altinnRoles.includes('UTINN') && dagl.altinnRoles.includes('KLADM'));
    assert.deepEqual(erRoles.find((r: { code: string }) => r.code === 'REGN').altinnRoles, ['A0239', 'A0240', 'A0241']);
    assert.deepEqual(erRoles.find((r: { code: string }) => r.code === 'MEDL').altinnRoles, []);
  });

  it('lists whom a person may act for, with sub-units under their main unit', async () => {
    const bjorn = (await as(BJORN, 'GET', '/api/v1/reportees')).body.reportees;
    assert.equal(bjorn[0].type, 'person');
    const skogheim = bjorn.find((r: { orgno: string }) => r.orgno === SKOGHEIM);
    assert.deepEqual(skogheim.subUnits.map((s: { orgno: string }) => s.orgno).sort(), ['310000175', '310000183']);
    assert.ok(!bjorn.some((r: { orgno: string }) => r.orgno === '310000175'), 'sub-units are listed under their main unit only');
    assert.deepEqual(await reporteeNames(HEDDA.ssn), ['Hedda Solberg']);
    // The demo world's client delegations: Fjordlys passed its client roles for Vidde Handel to Ingrid.
    assert.deepEqual(await reporteeNames(INGRID.ssn), ['Ingrid Johansen', 'Vidde Handel Astrid Kristiansen']);
    assert.deepEqual(await roleCodes(INGRID.ssn, '310000140'), ['A0239', 'A0241']);
    assert.deepEqual(await reporteeNames(MEDL), [(await as(MEDL, 'GET', '/api/v1/reportees')).body.reportees[0].name], 'a board member holds no rights');
    const rights = (await as(BJORN, 'GET', '/api/v1/reportees/310000175/rights')).body;
    assert.equal(rights.isMainAdministrator, true);
    const hadm = rights.roles.find((r: { code: string }) => r.code === 'HADM');
    assert.deepEqual({ source: hadm.source, erRole: hadm.erRole, inherited: hadm.inheritedFromMainUnit }, { source: 'er', erRole: 'DAGL', inherited: true });
    const heddas = (await as(HEDDA.ssn, 'GET', `/api/v1/reportees/${FJORDLYS}/rights`)).body;
    assert.deepEqual(heddas.roles, []);
    assert.deepEqual(heddas.administrators.map((p: { name: string }) => p.name).sort(), ['Kari Nordmann', 'Ola Hansen'], 'whom to ask: the main administrators by name');
    assert.deepEqual(rights.administrators.map((p: { name: string }) => p.name).sort(), ['Bjørn Berg', 'Liv Haugen'], "a sub-unit's come from its main unit (DAGL and LEDE)");
  });

  it('lets a main administrator delegate a role to a person by national id and last name; revocation applies to the next request', async () => {
    const res = await delegate(KARI, FJORDLYS, { roleCode: 'UTINN', to: INGRID });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.recipient.name, 'Ingrid Johansen');
    assert.ok(!JSON.stringify(res.body).includes(INGRID.ssn), 'delegations show persons by name and birth date, never their national id');
    assert.deepEqual(await roleCodes(INGRID.ssn, FJORDLYS), ['UTINN']);
    const given = (await as(INGRID.ssn, 'GET', `/api/v1/reportees/${FJORDLYS}/rights`)).body.roles[0];
    assert.deepEqual([given.source, given.delegatedBy.name, given.via], ['delegated', 'Kari Nordmann', null], 'who gave it');
    assert.ok((await reporteeNames(INGRID.ssn)).includes('Fjordlys Regnskap AS'));
    assert.equal((await delegate(KARI, FJORDLYS, { roleCode: 'UTINN', to: INGRID })).status, 200, 'delegating again changes nothing');
    const listed = (await as(OLA, 'GET', `/api/v1/reportees/${FJORDLYS}/delegations`)).body.delegations;
    assert.deepEqual(listed.map((d: { role: { code: string } }) => d.role.code), ['UTINN']);

    assert.equal((await as(KARI, 'DELETE', `/api/v1/reportees/${FJORDLYS}/delegations/${res.body.delegationId}`)).status, 204);
    assert.deepEqual(await roleCodes(INGRID.ssn, FJORDLYS), []);
    assert.ok(!(await reporteeNames(INGRID.ssn)).includes('Fjordlys Regnskap AS'));
    const events = (await t.tinn.authn.uncheckedListAuditEvents(res.body.reportee.partyId)).map((e) => e.event);
    assert.ok(events.includes('delegation.add') && events.includes('delegation.revoke'));
  });

  it('refuses every delegation the rules forbid, with a coded reason', async () => {
    const cases: [string, string, object, string, number?][] = [
      [KARI, FJORDLYS, { roleCode: 'UTINN', to: { ssn: INGRID.ssn, lastName: 'Hansen' } }, 'AUTZ-00003'],
      [KARI, FJORDLYS, { roleCode: 'NOSUCH', to: INGRID }, 'AUTZ-00001'],
      [KARI, FJORDLYS, { roleCode: 'DAGL', to: INGRID }, 'AUTZ-00001'],
      [KARI, FJORDLYS, { roleCode: 'FAGUT', to: INGRID }, 'AUTZ-00002'],
      [KARI, FJORDLYS, { roleCode: 'UTINN', to: { ssn: KARI, lastName: 'Nordmann' } }, 'AUTZ-00004'],
      [KARI, FJORDLYS, { roleCode: 'UTINN', to: { orgno: FJORDLYS } }, 'AUTZ-00004'],
      [KARI, FJORDLYS, { roleCode: 'UTINN', to: INGRID, validTo: '2020-01-01T00:00:00Z' }, 'AUTZ-00011'],
      [KARI, FJORDLYS, { roleCode: 'UTINN', to: INGRID }, 'PLAT-00018', 1],
      [MEDL, FJORDLYS, { roleCode: 'UTINN', to: INGRID }, 'AUTZ-00009'],
      [SIGRID, FJORDLYS, { roleCode: 'UTINN', to: INGRID }, 'AUTZ-00009'],
    ];
    for (const [ssn, reportee, payload, code, level] of cases) {
      const res = await delegate(ssn, reportee, payload, level);
      assert.equal(res.body.code, code, `${code} for ${JSON.stringify(payload)}: ${JSON.stringify(res.body)}`);
    }
    assert.equal((await delegate(KARI, FJORDLYS, { roleCode: 'FAGUT', to: INGRID })).body.altinnErrorId, 50007);
    assert.equal((await delegate(KARI, FJORDLYS, { roleCode: 'UTINN', to: { ssn: KARI, lastName: 'Nordmann' } })).body.altinnErrorId, 50017);
    assert.deepEqual((await as(KARI, 'GET', `/api/v1/reportees/${FJORDLYS}/delegations`)).body.delegations, []);
  });

  it('lets an access manager delegate only roles they hold, and main administration only come from DAGL, LEDE, INNH or BEST', async () => {
    await delegate(KARI, FJORDLYS, { roleCode: 'ADMAI', to: INGRID });
    await delegate(KARI, FJORDLYS, { roleCode: 'REGNA', to: INGRID });
    assert.equal((await delegate(INGRID.ssn, FJORDLYS, { roleCode: 'REGNA', to: HEDDA })).status, 201);
    assert.equal((await delegate(INGRID.ssn, FJORDLYS, { roleCode: 'LOPER', to: HEDDA })).body.code, 'AUTZ-00009');
    assert.equal((await delegate(OLA, FJORDLYS, { roleCode: 'HADM', to: INGRID })).status, 201);
    assert.equal((await delegate(INGRID.ssn, FJORDLYS, { roleCode: 'LOPER', to: HEDDA })).status, 201, 'a main administrator may give roles they do not hold');
    assert.equal((await delegate(INGRID.ssn, FJORDLYS, { roleCode: 'HADM', to: HEDDA })).body.code, 'AUTZ-00010');
    // The recipient may give a role up; a stranger may neither see nor remove it.
    const hedda = (await as(KARI, 'GET', `/api/v1/reportees/${FJORDLYS}/delegations`)).body.delegations.find((d: { role: { code: string }; recipient: { name: string } }) => d.recipient.name === 'Hedda Solberg' && d.role.code === 'LOPER');
    assert.equal((await as(MEDL, 'GET', `/api/v1/reportees/${FJORDLYS}/delegations`)).body.code, 'AUTZ-00013');
    assert.equal((await as(MEDL, 'DELETE', `/api/v1/reportees/${FJORDLYS}/delegations/${hedda.delegationId}`)).body.code, 'AUTZ-00013');
    assert.equal((await as(SIGRID, 'DELETE', `/api/v1/reportees/${NORDLYS}/delegations/${hedda.delegationId}`)).body.code, 'AUTZ-00012', "another reportee's delegation is not found there");
    assert.equal((await as(HEDDA.ssn, 'DELETE', `/api/v1/reportees/${FJORDLYS}/delegations/${hedda.delegationId}`)).status, 204);
    assert.deepEqual(await roleCodes(HEDDA.ssn, FJORDLYS), ['REGNA']);
  });

  it("reaches an organisation's key role holders, flows from a main unit to its sub-units, and expires with validTo", async () => {
    assert.equal((await delegate(KARI, FJORDLYS, { roleCode: 'UTINN', to: { orgno: KYST } })).status, 201);
    const eiriksRights = await as(EIRIK, 'GET', `/api/v1/reportees/${FJORDLYS}/rights`);
    assert.equal(eiriksRights.status, 200, JSON.stringify(eiriksRights.body));
    const eirik = eiriksRights.body.roles;
    assert.deepEqual(eirik.map((r: { code: string; source: string; via: { orgno: string } }) => [r.code, r.source, r.via.orgno]), [['UTINN', 'delegated', KYST]]);

    const until = new Date(clock.now().getTime() + 3_600_000).toISOString();
    assert.equal((await delegate(BJORN, SKOGHEIM, { roleCode: 'UTINN', to: HEDDA, validTo: until })).status, 201);
    const subRights = await as(HEDDA.ssn, 'GET', '/api/v1/reportees/310000175/rights');
    assert.equal(subRights.status, 200, JSON.stringify(subRights.body));
    const sub = subRights.body.roles;
    assert.deepEqual(sub.map((r: { code: string; inheritedFromMainUnit: boolean; validTo: string }) => [r.code, r.inheritedFromMainUnit, r.validTo]), [['UTINN', true, until]]);
    clock.advance(2 * 3_600_000);
    tokens.clear(); // the access tokens ran out too
    assert.deepEqual(await roleCodes(HEDDA.ssn, '310000175'), []);
    assert.ok(!(await reporteeNames(HEDDA.ssn)).includes('Skogheim Gruppen AS'));
  });

  it("passes client roles from the client's REGN firm to an employee through the firm's client administrator", async () => {
    const pass = (ssn: string, payload: object) => delegate(ssn, NORDLYS, { roleCode: 'A0239', to: INGRID, ...payload });
    assert.equal((await pass(KARI, {})).body.code, 'AUTZ-00005');
    assert.equal((await pass(KARI, { viaFirm: KYST })).body.code, 'AUTZ-00006', 'Kyst is the auditor (REVI), not the accountant');
    assert.equal((await pass(EIRIK, { viaFirm: FJORDLYS })).body.code, 'AUTZ-00007');
    assert.equal((await delegate(KARI, NORDLYS, { roleCode: 'A0239', to: { orgno: KYST }, viaFirm: FJORDLYS })).body.code, 'AUTZ-00008');
    const passed = await pass(KARI, { viaFirm: FJORDLYS });
    assert.equal(passed.status, 201, JSON.stringify(passed.body));
    assert.equal(passed.body.viaFirm.orgno, FJORDLYS);
    const rights = (await as(INGRID.ssn, 'GET', `/api/v1/reportees/${NORDLYS}/rights`)).body.roles;
    assert.deepEqual(rights.map((r: { code: string; source: string; via: { orgno: string } }) => [r.code, r.source, r.via.orgno]), [['A0239', 'client', FJORDLYS]]);
    assert.ok((await reporteeNames(INGRID.ssn)).includes('Nordlys Bygg AS'));
    // Client administration: the firm's clients, the client roles it holds there and whom it passed them on to.
    const clients = await as(KARI, 'GET', `/api/v1/reportees/${FJORDLYS}/clients`);
    assert.equal(clients.status, 200, JSON.stringify(clients.body));
    type Client = { client: { name: string }; erRoles: string[]; clientRoles: { code: string }[]; delegations: { role: { code: string }; recipient: { name: string }; viaFirm: { orgno: string } }[] };
    assert.deepEqual(
      (clients.body.clients as Client[]).map((c) => [c.client.name, c.erRoles, c.clientRoles.map((r) => r.code), c.delegations.map((d) => `${d.role.code}→${d.recipient.name}`).sort()]),
      [
        ['Havbris Fisk AS', ['REGN'], ['A0239', 'A0240', 'A0241'], []],
        ['Nordlys Bygg AS', ['REGN'], ['A0239', 'A0240', 'A0241'], ['A0239→Ingrid Johansen']],
        ['Vidde Handel Astrid Kristiansen', ['REGN'], ['A0239', 'A0240', 'A0241'], ['A0239→Ingrid Johansen', 'A0241→Ingrid Johansen']],
      ],
    );
    assert.ok(!JSON.stringify(clients.body).includes(INGRID.ssn), 'persons by name and birth date only');
    assert.equal((await as(EIRIK, 'GET', `/api/v1/reportees/${FJORDLYS}/clients`)).body.code, 'AUTZ-00007');
    assert.equal((await as(INGRID.ssn, 'GET', `/api/v1/reportees/${FJORDLYS}/clients`)).body.code, 'AUTZ-00007');
    assert.deepEqual((await as(EIRIK, 'GET', `/api/v1/reportees/${KYST}/clients`)).body.clients.map((c: Client) => [c.client.name, c.clientRoles.map((r) => r.code)]), [
      ['Havbris Fisk AS', ['A0237', 'A0238']],
      ['Nordlys Bygg AS', ['A0237', 'A0238']],
      ['Skogheim Gruppen AS', ['A0237', 'A0238']],
    ]);
    // The firm itself holds all three client roles for its client, through the client's REGN role.
    const firm = await t.tinn.authz.resolveReportee({ kind: 'person', partyId: 0, securityLevel: 2, methods: [], sessionId: null }, FJORDLYS);
    const client = await t.tinn.authz.resolveReportee({ kind: 'person', partyId: 0, securityLevel: 2, methods: [], sessionId: null }, NORDLYS);
    assert.deepEqual((await t.tinn.authz.uncheckedListHeldRoles(firm.partyId, client)).roles.map((r) => r.code), ['A0239', 'A0240', 'A0241']);
    // The client's main administrator may end it.
    assert.equal((await as(SIGRID, 'DELETE', `/api/v1/reportees/${NORDLYS}/delegations/${passed.body.delegationId}`)).status, 204);
    assert.deepEqual(await roleCodes(INGRID.ssn, NORDLYS), []);
  });

  it('lets a person delegate for themself, and hides other persons behind their party id from everyone else', async () => {
    const res = await delegate(HEDDA.ssn, 'me', { roleCode: 'UTINN', to: INGRID });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const hedda = res.body.reportee.partyId;
    const ingrid = (await as(INGRID.ssn, 'GET', `/api/v1/reportees/r${hedda}/rights`)).body;
    assert.deepEqual(ingrid.roles.map((r: { code: string }) => r.code), ['UTINN']);
    assert.ok((await reporteeNames(INGRID.ssn)).includes('Hedda Solberg'));
    // Someone without any right for Hedda learns nothing from her party id, not even her name.
    for (const url of [`/api/v1/reportees/r${hedda}/rights`, `/api/v1/reportees/r${hedda}/delegations`]) {
      const stranger = await as(SIGRID, 'GET', url);
      assert.equal(stranger.status, 404, url);
      assert.equal(stranger.body.code, 'AUTZ-00015');
      assert.ok(!JSON.stringify(stranger.body).includes('Hedda'));
    }
    const system = await as(SIGRID, 'POST', `/api/v1/reportees/r${hedda}/systems`, { systemTypeId: 1000, description: 'x', password: 'Passord123' });
    assert.equal(system.body.code, 'AUTZ-00015');
  });
});
