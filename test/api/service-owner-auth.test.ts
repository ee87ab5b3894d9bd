import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SettableClock } from '../../src/platform/index.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const ARKIV = { systemName: 'TTD_ARKIV', password: 'Ttd-arkiv-2026', apiKey: 'tinn_so_demo_ttd_arkiv_0123456789abcdef' }; // demo world
const ELSEWHERE = '203.0.113.9';

describe('agency systems (service owners): passwords, API keys and IP allow-lists', () => {
  let t: TestTinn;
  let clock: SettableClock;
  before(async () => {
    t = await buildTestTinn();
    clock = t.tinn.clock as SettableClock;
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  const tokenRequest = (payload: object | undefined, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/v1/authn/serviceowner/token', ...(payload ? { payload } : {}), headers, remoteAddress });
  const me = (headers: Record<string, string>, remoteAddress = '127.0.0.1') => t.app.inject({ method: 'GET', url: '/api/v1/authn/me', headers, remoteAddress });

  it("gives a token with the service owner's code and orgno for name + password, usable from allowed addresses only", async () => {
    const res = await tokenRequest({ systemName: ARKIV.systemName, password: ARKIV.password });
    assert.equal(res.statusCode, 200, res.body);
    const { actor, accessToken } = res.json();
    assert.deepEqual({ ...actor, partyId: 0 }, { kind: 'serviceOwner', serviceOwnerCode: 'TTD', orgno: '310000108', partyId: 0, systemName: 'TTD_ARKIV', methods: ['pwd'] });
    assert.deepEqual((await me({ authorization: `Bearer ${accessToken}` })).json(), actor);
    const elsewhere = await me({ authorization: `Bearer ${accessToken}` }, ELSEWHERE);
    assert.equal(elsewhere.statusCode, 403);
    assert.equal(elsewhere.json().code, 'AUTN-00020');
    assert.equal(elsewhere.json().altinnErrorId, 5);
    const profile = await t.app.inject({ method: 'GET', url: '/api/v1/profile', headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(profile.json().code, 'PLAT-00014');
  });

  it('refuses a login from an address not on the allow-list, and audits it', async () => {
    const res = await tokenRequest({ systemName: ARKIV.systemName, password: ARKIV.password }, {}, ELSEWHERE);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'AUTN-00020');
    const ttd = (await t.app.inject({ method: 'GET', url: '/api/v1/organizations/310000108' })).json();
    const events = await t.tinn.authn.uncheckedListAuditEvents(ttd.partyId);
    assert.ok(events.some((e) => e.event === 'serviceowner.login' && e.outcome === 'failure' && e.detail.reason === 'address not allowed'));
  });

  it('authenticates REST calls with the ApiKey header, and a revoked key stops at once', async () => {
    const direct = await me({ apikey: ARKIV.apiKey });
    assert.equal(direct.statusCode, 200, direct.body);
    assert.deepEqual(direct.json().methods, ['apikey']);
    assert.equal((await me({ apikey: ARKIV.apiKey }, ELSEWHERE)).json().code, 'AUTN-00020');
    const unknown = await me({ apikey: 'tinn_so_not_a_key_0000000000000000000000' });
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.json().code, 'AUTN-00021');
    const viaKey = await tokenRequest(undefined, { apikey: ARKIV.apiKey });
    assert.equal(viaKey.statusCode, 200, viaKey.body);

    const issued = await t.tinn.systems.uncheckedCreateServiceOwnerApiKey('TTD_ARKIV');
    assert.match(issued.apiKey, /^tinn_so_[A-Za-z0-9_-]{43}$/);
    assert.equal((await me({ apikey: issued.apiKey })).statusCode, 200);
    const listed = await t.tinn.systems.uncheckedGetServiceOwnerSystem('TTD_ARKIV');
    assert.ok(listed.apiKeys.some((k) => k.keyHint === issued.keyHint));
    assert.ok(!JSON.stringify(listed).includes(issued.apiKey), 'lists never show keys');
    await t.tinn.systems.uncheckedRevokeServiceOwnerApiKey('TTD_ARKIV', issued.keyHint);
    assert.equal((await me({ apikey: issued.apiKey })).json().code, 'AUTN-00021');
    assert.equal((await me({ apikey: ARKIV.apiKey })).statusCode, 200, 'other keys keep working');
  });

  it('answers a wrong password with Altinn 989 and locks the agency system after five', async () => {
    await t.tinn.systems.uncheckedAddServiceOwnerSystem({ serviceOwnerCode: 'TTD', name: 'TTD_LAAS', allowedCidrs: ['127.0.0.1'], password: 'Riktig123' });
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await tokenRequest({ systemName: 'TTD_LAAS', password: 'Feil12345' })).json());
    assert.deepEqual(codes.map((c) => c.code), ['AUTN-00021', 'AUTN-00021', 'AUTN-00021', 'AUTN-00021', 'AUTN-00023', 'AUTN-00023']);
    assert.equal(codes[0].altinnErrorId, 989);
    assert.equal((await tokenRequest({ systemName: 'TTD_LAAS', password: 'Riktig123' })).json().code, 'AUTN-00023');
    clock.advance(15 * 60_000 + 1000);
    assert.equal((await tokenRequest({ systemName: 'TTD_LAAS', password: 'Riktig123' })).statusCode, 200);
    assert.equal((await tokenRequest({ systemName: 'NOBODY', password: 'Feil12345' })).json().code, 'AUTN-00021');
    assert.equal((await tokenRequest(undefined)).json().code, 'AUTN-00021');
  });

  it('checks names, allow-lists and owners when the operator adds a system', async () => {
    const add = (input: { serviceOwnerCode: string; name: string; allowedCidrs: string[] }) =>
      t.tinn.systems.uncheckedAddServiceOwnerSystem(input).then(
        () => 'ok',
        (err: { problem?: { code: string } }) => err.problem?.code,
      );
    assert.equal(await add({ serviceOwnerCode: 'TTD', name: 'SKD_X', allowedCidrs: ['10.0.0.0/8'] }), 'SYS-00010');
    assert.equal(await add({ serviceOwnerCode: 'TTD', name: 'TTD_NY', allowedCidrs: [] }), 'SYS-00013');
    assert.equal(await add({ serviceOwnerCode: 'TTD', name: 'TTD_NY', allowedCidrs: ['10.0.0.0/40'] }), 'PLAT-00019');
    assert.equal(await add({ serviceOwnerCode: 'XYZ', name: 'XYZ_NY', allowedCidrs: ['10.0.0.0/8'] }), 'REG-00023');
    assert.equal(await add({ serviceOwnerCode: 'TTD', name: 'TTD_ARKIV', allowedCidrs: ['10.0.0.0/8'] }), 'SYS-00011');
    const made = await t.tinn.systems.uncheckedAddServiceOwnerSystem({ serviceOwnerCode: 'TTD', name: 'TTD-SAK', allowedCidrs: ['10.0.0.0/8', '10.0.0.0/8', '2001:DB8::/32'] });
    assert.deepEqual(made.system.allowedCidrs, ['10.0.0.0/8', '2001:db8::/32']);
    assert.match(made.generatedPassword!, /^[A-Za-z0-9_-]{24}$/);
    assert.equal((await tokenRequest({ systemName: 'TTD-SAK', password: made.generatedPassword })).json().code, 'AUTN-00020', 'loopback is not on its list');
    assert.equal((await tokenRequest({ systemName: 'TTD-SAK', password: made.generatedPassword }, {}, '10.20.30.40')).statusCode, 200);
  });
});
