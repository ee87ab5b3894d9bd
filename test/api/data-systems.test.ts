import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';

const KARI = '14837501777'; // DAGL of Fjordlys Regnskap AS (310000116) in the demo world
const MEDL = '30819003846'; // board member of Fjordlys: no administrator
const NORDLYS_DAGL = '09857904610'; // DAGL of Nordlys Bygg AS (310000124)
const FJORDLYS = '310000116';

describe('data systems', () => {
  let t: TestTinn;
  let prisolve: number;
  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    const types = (await t.app.inject({ method: 'GET', url: '/api/v1/system-types?vendor=310000191' })).json().systemTypes;
    prisolve = types.find((s: { name: string }) => s.name === 'Prisolve').systemTypeId;
  });
  after(() => t.close());

  const tokenFor = async (ssn: string, securityLevel = 2) =>
    (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel } })).json().accessToken as string;
  const call = async (ssn: string | undefined, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}, level = 2) =>
    t.app.inject({ method, url, ...(payload ? { payload } : {}), headers: { ...headers, ...(ssn ? { authorization: `Bearer ${await tokenFor(ssn, level)}` } : {}) } });

  it("registers a system on the accounting firm for its managing director and answers a numeric SystemID, never the password", async () => {
    const res = await call(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/systems`, { systemTypeId: prisolve, description: ' Lønn  og regnskap ', password: 'Hemmelig7' });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.ok(Number.isInteger(body.systemId) && body.systemId >= 100000);
    assert.equal(body.description, 'Lønn og regnskap');
    assert.deepEqual(body.owner, { partyId: body.owner.partyId, type: 'organization', orgno: FJORDLYS, name: 'Fjordlys Regnskap AS' });
    assert.equal(body.systemType.name, 'Prisolve');
    assert.ok(!res.body.includes('Hemmelig7') && !('password' in body) && !('passwordHash' in body));
    const list = (await call(KARI, 'GET', `/api/v1/reportees/${FJORDLYS}/systems`)).json().systems;
    assert.deepEqual(list.map((s: { systemId: number }) => s.systemId), [10001, body.systemId]);
    assert.ok(await t.tinn.systems.uncheckedCheckDataSystemPassword(body.systemId, 'Hemmelig7'));
    assert.equal(await t.tinn.systems.uncheckedCheckDataSystemPassword(body.systemId, 'Hemmelig8'), undefined);
    const audit = await t.tinn.authn.uncheckedListAuditEvents(body.owner.partyId);
    assert.ok(audit.some((e) => e.event === 'system.register' && e.detail.systemId === body.systemId));
  });

  it('answers a retry with the same Idempotency-Key with the first system, and refuses the key for another request', async () => {
    const before = await countRows(t.db, 'systems.data_system');
    const payload = { systemTypeId: prisolve, description: 'Retried', password: 'Hemmelig7' };
    const first = await call(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/systems`, payload, { 'idempotency-key': 'reg-42' });
    const again = await call(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/systems`, payload, { 'idempotency-key': 'reg-42' });
    assert.equal(first.statusCode, 201);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().systemId, first.json().systemId);
    assert.equal(await countRows(t.db, 'systems.data_system'), before + 1);
    const other = await call(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/systems`, { ...payload, description: 'Something else' }, { 'idempotency-key': 'reg-42' });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().code, 'PLAT-00017');
    const badKey = await call(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/systems`, payload, { 'idempotency-key': 'has space' });
    assert.equal(badKey.json().code, 'PLAT-00016');
    assert.equal(await countRows(t.db, 'systems.data_system'), before + 1);
  });

  it('refuses bad input and the wrong people with coded reasons, and writes nothing', async () => {
    const before = await countRows(t.db, 'systems.data_system');
    const url = `/api/v1/reportees/${FJORDLYS}/systems`;
    const good = { systemTypeId: prisolve, description: 'Ny', password: 'Hemmelig7' };
    const cases: [string | undefined, object, number, string, number?][] = [
      [KARI, { ...good, password: 'kort1' }, 400, 'SYS-00007'],
      [KARI, { ...good, password: 'bareBokstaver' }, 400, 'SYS-00007'],
      [KARI, { ...good, password: '12345678' }, 400, 'SYS-00007'],
      [KARI, { ...good, description: '   ' }, 400, 'SYS-00008'],
      [KARI, { ...good, systemTypeId: 999999 }, 404, 'SYS-00004'],
      [KARI, good, 403, 'PLAT-00018', 1],
      [MEDL, good, 403, 'SYS-00005'],
      [undefined, good, 401, 'PLAT-00013'],
    ];
    for (const [ssn, payload, status, code, level] of cases) {
      const res = await call(ssn, 'POST', url, payload, {}, level ?? 2);
      assert.equal(res.statusCode, status, `${code}: ${res.body}`);
      assert.equal(res.json().code, code);
    }
    assert.equal((await call(KARI, 'POST', '/api/v1/reportees/abc/systems', good)).json().code, 'AUTZ-00014');
    assert.equal((await call(KARI, 'POST', '/api/v1/reportees/974760673/systems', good)).json().code, 'REG-00008');
    assert.equal(await countRows(t.db, 'systems.data_system'), before);
  });

  it("keeps another reportee's systems invisible: not found, not forbidden", async () => {
    // Nordlys' managing director administers Nordlys, not Fjordlys: Fjordlys' system 10001 is not there.
    const res = await call(NORDLYS_DAGL, 'GET', '/api/v1/reportees/310000124/systems/10001');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'SYS-00006');
    assert.equal((await call(NORDLYS_DAGL, 'PATCH', '/api/v1/reportees/310000124/systems/10001', { password: 'Kapret123' })).json().code, 'SYS-00006');
    assert.equal((await call(NORDLYS_DAGL, 'DELETE', '/api/v1/reportees/310000124/systems/10001')).json().code, 'SYS-00006');
    assert.equal((await call(NORDLYS_DAGL, 'GET', `/api/v1/reportees/${FJORDLYS}/systems`)).json().code, 'SYS-00005');
    assert.deepEqual((await call(NORDLYS_DAGL, 'GET', '/api/v1/reportees/310000124/systems')).json().systems, []);
    assert.ok(await t.tinn.systems.uncheckedCheckDataSystemPassword(10001, 'Fjordlys2026'));
  });

  it("lets a person register a system on themself ('me'), change its password, description and type, and delete it", async () => {
    const created = await call(MEDL, 'POST', '/api/v1/reportees/me/systems', { systemTypeId: prisolve, description: 'Mitt', password: 'Gammelt1' });
    assert.equal(created.statusCode, 201, created.body);
    const { systemId, owner } = created.json();
    assert.equal(owner.type, 'person');
    assert.equal(owner.orgno, null);
    const changed = await call(MEDL, 'PATCH', `/api/v1/reportees/me/systems/${systemId}`, { description: 'Mitt eget', password: 'Nytt1234' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().description, 'Mitt eget');
    assert.equal(await t.tinn.systems.uncheckedCheckDataSystemPassword(systemId, 'Gammelt1'), undefined);
    assert.equal((await t.tinn.systems.uncheckedCheckDataSystemPassword(systemId, 'Nytt1234'))?.ownerType, 'person');
    assert.equal((await call(MEDL, 'PATCH', `/api/v1/reportees/me/systems/${systemId}`, { password: 'svakt' })).json().code, 'SYS-00007');
    // The product can be replaced: another approved type, same SystemID and password; an unknown type changes nothing.
    const types = (await t.app.inject({ method: 'GET', url: '/api/v1/system-types?vendor=310000191' })).json().systemTypes;
    const lonn = types.find((s: { name: string }) => s.name === 'Prisolve Lønn').systemTypeId;
    const retyped = await call(MEDL, 'PATCH', `/api/v1/reportees/me/systems/${systemId}`, { systemTypeId: lonn });
    assert.equal(retyped.statusCode, 200, retyped.body);
    assert.deepEqual([retyped.json().systemId, retyped.json().systemType.name, retyped.json().description], [systemId, 'Prisolve Lønn', 'Mitt eget']);
    const unknown = await call(MEDL, 'PATCH', `/api/v1/reportees/me/systems/${systemId}`, { systemTypeId: 999999, description: 'Ikke lagret' });
    assert.equal(unknown.json().code, 'SYS-00004');
    assert.equal(unknown.json().errors[0].path, 'systemTypeId');
    const kept = (await call(MEDL, 'GET', `/api/v1/reportees/me/systems/${systemId}`)).json();
    assert.deepEqual([kept.systemType.name, kept.description], ['Prisolve Lønn', 'Mitt eget']);
    assert.ok(await t.tinn.systems.uncheckedCheckDataSystemPassword(systemId, 'Nytt1234'));
    assert.equal((await call(MEDL, 'DELETE', `/api/v1/reportees/me/systems/${systemId}`, undefined, {}, 1)).json().code, 'PLAT-00018');
    assert.equal((await call(MEDL, 'DELETE', `/api/v1/reportees/me/systems/${systemId}`)).statusCode, 204);
    assert.equal((await call(MEDL, 'GET', `/api/v1/reportees/me/systems/${systemId}`)).json().code, 'SYS-00006');
    assert.equal(await t.tinn.systems.uncheckedCheckDataSystemPassword(systemId, 'Nytt1234'), undefined);
    const events = (await t.tinn.authn.uncheckedListAuditEvents(owner.partyId)).map((e) => e.event);
    assert.deepEqual(events.filter((e) => e.startsWith('system.')), ['system.register', 'system.password', 'system.delete']);
  });
});
