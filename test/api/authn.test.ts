import assert from 'node:assert/strict';
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { SettableClock } from '../../src/platform/index.ts';
import { buildPerson } from '../../src/modules/register/testing.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';

const KARI = { ssn: '14837501777', username: 'kari.nordmann', password: 'Tinn-demo-2026', mobile: '+4791000001' };

describe('person login: password, SMS code, session and token', () => {
  let t: TestTinn;
  let clock: SettableClock;
  before(async () => {
    t = await buildTestTinn();
    clock = t.tinn.clock as SettableClock;
    await t.tinn.testenv!.ensureWorldLoaded();
  });
  after(() => t.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, payload, headers });
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const latestCode = async (mobile: string) => {
    const { messages } = (await get(`/api/v1/testenv/outbox?recipient=${encodeURIComponent(mobile)}&limit=1`)).json();
    return /\b(\d{6})\b/.exec(messages[0].body)![1]!;
  };
  /** Logs in all the way; returns the verify response. */
  const login = async (identifier: { ssn: string } | { username: string }, password: string, mobile: string) => {
    const start = await post('/api/v1/authn/login', { ...identifier, password });
    assert.equal(start.statusCode, 200, start.body);
    return post('/api/v1/authn/login/verify', { challengeId: start.json().challengeId, code: await latestCode(mobile) });
  };
  const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0]!;

  it('logs in with national id + password + SMS code, giving a level-2 session cookie and a verifiable token', async () => {
    const start = await post('/api/v1/authn/login', { ssn: KARI.ssn, password: KARI.password });
    assert.equal(start.statusCode, 200);
    assert.equal(start.json().sentTo, '+47 ••• •• 001');
    const sms = (await get(`/api/v1/testenv/outbox?recipient=${encodeURIComponent(KARI.mobile)}&limit=1`)).json().messages[0];
    assert.match(sms.body, /^Din engangskode for innlogging i Tinn er \d{6}\./);
    const verify = await post('/api/v1/authn/login/verify', { challengeId: start.json().challengeId, code: await latestCode(KARI.mobile) });
    assert.equal(verify.statusCode, 200, verify.body);
    const body = verify.json();
    assert.equal(body.securityLevel, 2);
    assert.equal(body.tokenType, 'Bearer');
    const setCookie = String(verify.headers['set-cookie']);
    assert.match(setCookie, /^tinn_session=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/, 'a relative lifetime: 12 hours');
    assert.doesNotMatch(setCookie, /Secure/, 'plain http in tests');

    const byToken = await get('/api/v1/profile', { authorization: `Bearer ${body.accessToken}` });
    assert.equal(byToken.statusCode, 200);
    assert.equal(byToken.json().ssn, KARI.ssn);
    assert.equal(byToken.json().mobile, KARI.mobile);
    const me = await get('/api/v1/authn/me', { authorization: `Bearer ${body.accessToken}` });
    assert.deepEqual({ ...(me.json() as object), sessionId: 'x' }, { kind: 'person', partyId: byToken.json().partyId, securityLevel: 2, methods: ['pwd', 'sms'], sessionId: 'x' });
    const byCookie = await get('/api/v1/profile', { cookie: cookieOf(verify) });
    assert.equal(byCookie.json().partyId, byToken.json().partyId);

    // Anyone can check the token with the published keys alone.
    const [h, p, s] = body.accessToken.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString());
    const jwk = (await get('/.well-known/jwks.json')).json().keys.find((k: { kid: string }) => k.kid === header.kid);
    assert.equal(header.alg, 'EdDSA');
    assert.ok(verifySignature(null, Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url')));
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    assert.deepEqual([claims.lvl, claims.amr, claims.aud, claims.exp - claims.iat], [2, ['pwd', 'sms'], 'tinn-api', 900]);
  });

  it('logs in with the user name, in any case', async () => {
    const res = await login({ username: 'KARI.Nordmann' }, KARI.password, KARI.mobile);
    assert.equal(res.statusCode, 200);
  });

  it('answers a wrong password and an unknown user alike, and a mistyped national id with its rule', async () => {
    const wrong = await post('/api/v1/authn/login', { ssn: '02918202474', password: 'Wrong-password-1' });
    const unknown = await post('/api/v1/authn/login', { username: 'nobody.here', password: 'Wrong-password-1' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().code, 'AUTN-00001');
    assert.deepEqual({ ...(unknown.json() as object), requestId: 0 }, { ...(wrong.json() as object), requestId: 0 });
    const typo = await post('/api/v1/authn/login', { ssn: '14837501778', password: KARI.password });
    assert.equal(typo.json().code, 'REG-00004');
  });

  it('locks the account after 5 wrong passwords, for 15 minutes, across the right password too', async () => {
    const person = { ssn: '21876803140', password: 'Tinn-demo-2026', mobile: '+4791000003' };
    for (let i = 1; i <= 4; i++) assert.equal((await post('/api/v1/authn/login', { ssn: person.ssn, password: `Nope-${i}x` })).json().code, 'AUTN-00001');
    const fifth = await post('/api/v1/authn/login', { ssn: person.ssn, password: 'Nope-5x' });
    assert.equal(fifth.statusCode, 429);
    assert.equal(fifth.json().code, 'AUTN-00002');
    assert.equal((await post('/api/v1/authn/login', { ssn: person.ssn, password: person.password })).json().code, 'AUTN-00002');
    clock.advance(15 * 60_000 + 1000);
    assert.equal((await login({ ssn: person.ssn }, person.password, person.mobile)).statusCode, 200);
  });

  it('refuses wrong, expired and reused codes, and locks after 5 wrong codes', async () => {
    const person = { ssn: '09857904610', password: 'Tinn-demo-2026', mobile: '+4791000005' };
    let start = (await post('/api/v1/authn/login', { ssn: person.ssn, password: person.password })).json();
    let code = await latestCode(person.mobile);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await post('/api/v1/authn/login/verify', { challengeId: start.challengeId, code: wrongCode });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().code, 'AUTN-00005');
    clock.advance(5 * 60_000 + 1);
    const expired = await post('/api/v1/authn/login/verify', { challengeId: start.challengeId, code });
    assert.equal(expired.statusCode, 410);
    assert.equal(expired.json().code, 'AUTN-00006');

    start = (await post('/api/v1/authn/login', { ssn: person.ssn, password: person.password })).json();
    code = await latestCode(person.mobile);
    assert.equal((await post('/api/v1/authn/login/verify', { challengeId: start.challengeId, code })).statusCode, 200);
    assert.equal((await post('/api/v1/authn/login/verify', { challengeId: start.challengeId, code })).json().code, 'AUTN-00006', 'used once only');

    start = (await post('/api/v1/authn/login', { ssn: person.ssn, password: person.password })).json();
    code = await latestCode(person.mobile);
    const bad = code === '000000' ? '111111' : '000000';
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await post('/api/v1/authn/login/verify', { challengeId: start.challengeId, code: bad })).json().code);
    assert.deepEqual(codes, ['AUTN-00005', 'AUTN-00005', 'AUTN-00005', 'AUTN-00005', 'AUTN-00002']);
    assert.equal((await post('/api/v1/authn/login/verify', { challengeId: start.challengeId, code })).json().code, 'AUTN-00006', 'the lockout ended the challenge');
    assert.equal((await post('/api/v1/authn/login', { ssn: person.ssn, password: person.password })).json().code, 'AUTN-00002');
    clock.advance(15 * 60_000 + 1000);
  });

  it('says the mobile number is missing, but only after the right password', async () => {
    const person = await buildPerson(t.tinn.register);
    await t.tinn.authn.uncheckedSetPassword(person.partyId, 'Good-pass-123');
    assert.equal((await post('/api/v1/authn/login', { ssn: person.ssn, password: 'Wrong-pass-123' })).json().code, 'AUTN-00001');
    const res = await post('/api/v1/authn/login', { ssn: person.ssn, password: 'Good-pass-123' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'AUTN-00003');
  });

  it('rejects missing, forged and expired credentials', async () => {
    const none = await get('/api/v1/profile');
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().code, 'PLAT-00013');
    assert.equal(none.headers['www-authenticate'], 'Bearer realm="tinn"');
    const token = (await login({ ssn: KARI.ssn }, KARI.password, KARI.mobile)).json().accessToken as string;
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, pid: claims.pid + 1 })).toString('base64url')}.${s}`;
    assert.equal((await get('/api/v1/profile', { authorization: `Bearer ${forged}` })).json().code, 'AUTN-00012');
    const none_alg = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'x' })).toString('base64url')}.${p}.`;
    assert.equal((await get('/api/v1/profile', { authorization: `Bearer ${none_alg}` })).json().code, 'AUTN-00012');
    clock.advance(17 * 60_000);
    const expired = await get('/api/v1/profile', { authorization: `Bearer ${token}` });
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().code, 'AUTN-00012');
  });

  it('ends sessions on logout and after 30 idle minutes; issues fresh tokens for a live session', async () => {
    const first = await login({ ssn: KARI.ssn }, KARI.password, KARI.mobile);
    const cookie = cookieOf(first);
    const csrf = first.json().csrfToken as string;
    const fresh = await post('/api/v1/authn/token', {}, { cookie, 'x-csrf-token': csrf });
    assert.equal(fresh.statusCode, 200);
    assert.equal((await get('/api/v1/profile', { authorization: `Bearer ${fresh.json().accessToken}` })).statusCode, 200);
    const other = await login({ ssn: KARI.ssn }, KARI.password, KARI.mobile);
    const out = await post('/api/v1/authn/logout', {}, { cookie, 'x-csrf-token': csrf });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /^tinn_session=; .*Max-Age=0/);
    assert.equal((await get('/api/v1/profile', { cookie })).statusCode, 401);
    // Every access token of the ended session stops working with it, long before it expires.
    for (const token of [first.json().accessToken, fresh.json().accessToken]) {
      const refused = await get('/api/v1/profile', { authorization: `Bearer ${token}` });
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.json().code, 'AUTN-00012');
    }
    assert.equal((await get('/api/v1/profile', { authorization: `Bearer ${other.json().accessToken}` })).statusCode, 200, "another session's token still works");
    // A logout by Bearer token ends that token's session the same way.
    assert.equal((await post('/api/v1/authn/logout', {}, { authorization: `Bearer ${other.json().accessToken}` })).statusCode, 204);
    assert.equal((await get('/api/v1/profile', { authorization: `Bearer ${other.json().accessToken}` })).statusCode, 401);
    assert.equal((await get('/api/v1/profile', { cookie: cookieOf(other) })).statusCode, 401);

    const second = cookieOf(await login({ ssn: KARI.ssn }, KARI.password, KARI.mobile));
    clock.advance(29 * 60_000);
    assert.equal((await get('/api/v1/profile', { cookie: second })).statusCode, 200, 'use renews it');
    clock.advance(29 * 60_000);
    assert.equal((await get('/api/v1/profile', { cookie: second })).statusCode, 200);
    clock.advance(31 * 60_000);
    assert.equal((await get('/api/v1/profile', { cookie: second })).statusCode, 401);
  });

  it('refuses changes by session cookie without its CSRF token (AUTN-00024) and hands the token out with the session', async () => {
    const verify = await login({ ssn: KARI.ssn }, KARI.password, KARI.mobile);
    const cookie = cookieOf(verify);
    const csrf = verify.json().csrfToken as string;
    assert.match(csrf, /^[A-Za-z0-9_-]{43}$/);

    const session = await get('/api/v1/authn/session', { cookie });
    assert.equal(session.statusCode, 200);
    assert.equal(session.headers['cache-control'], 'no-store');
    assert.deepEqual(
      { partyId: session.json().partyId, securityLevel: session.json().securityLevel, csrfToken: session.json().csrfToken },
      { partyId: verify.json().partyId, securityLevel: 2, csrfToken: csrf },
    );
    assert.equal((await get('/api/v1/authn/session', {})).json().code, 'PLAT-00013');
    assert.equal((await get('/api/v1/authn/session', { authorization: `Bearer ${verify.json().accessToken}` })).statusCode, 401, 'a token is not a session');

    const change = (headers: Record<string, string>) => t.app.inject({ method: 'PUT', url: '/api/v1/profile', headers: { cookie, ...headers }, payload: { language: 'en' } });
    for (const headers of [{}, { 'x-csrf-token': 'x'.repeat(43) }, { 'x-csrf-token': csrf.slice(1) }] as Record<string, string>[]) {
      const refused = await change(headers);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().code, 'AUTN-00024');
    }
    assert.equal((await get('/api/v1/profile', { cookie })).json().language, 'nb', 'nothing changed');
    assert.equal((await change({ 'x-csrf-token': csrf })).statusCode, 200);
    assert.equal((await get('/api/v1/profile', { cookie })).json().language, 'en');
    // A Bearer token needs no CSRF token: a cross-site page cannot make the browser send one.
    const byToken = await t.app.inject({ method: 'PUT', url: '/api/v1/profile', headers: { authorization: `Bearer ${verify.json().accessToken}` }, payload: { language: 'nn' } });
    assert.equal(byToken.statusCode, 200);
  });

  it('rotates the signing key after 30 days and publishes the new key', async () => {
    const token = (await login({ ssn: KARI.ssn }, KARI.password, KARI.mobile)).json().accessToken as string;
    const oldKid = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid;
    clock.advance(31 * 86_400_000 - 16 * 60_000);
    const newer = (await login({ ssn: KARI.ssn }, KARI.password, KARI.mobile)).json().accessToken as string;
    const newKid = JSON.parse(Buffer.from(newer.split('.')[0]!, 'base64url').toString()).kid;
    assert.notEqual(newKid, oldKid, 'rotated after 30 days');
    const kids = (await get('/.well-known/jwks.json')).json().keys.map((k: { kid: string }) => k.kid);
    assert.ok(kids.includes(newKid));
    assert.equal((await get('/api/v1/profile', { authorization: `Bearer ${newer}` })).statusCode, 200);
  });

  it('changes login settings all or nothing, guarding the password with the current one', async () => {
    const person = await buildPerson(t.tinn.register);
    const strong = (await post('/api/v1/testenv/login', { ssn: person.ssn, securityLevel: 3 })).json().accessToken;
    const auth = { authorization: `Bearer ${strong}` };
    const put = (payload: object, headers = auth) => t.app.inject({ method: 'PUT', url: '/api/v1/profile/login-settings', payload, headers });
    const first = await put({ newPassword: 'First-pass-1', mobile: '41234567', username: `p.${person.partyId}`, allowSystemSubmission: true });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { username: `p.${person.partyId}`, allowSystemSubmission: true, mobile: '+4741234567', hasPassword: true });
    assert.equal((await put({ newPassword: 'Second-pass-2' })).json().code, 'AUTN-00008');
    assert.equal((await put({ newPassword: 'short' })).json().code, 'AUTN-00007');
    const taken = await put({ username: 'kari.nordmann', mobile: '91111111' });
    assert.equal(taken.json().code, 'PROF-00005');
    assert.equal((await get('/api/v1/profile/login-settings', auth)).json().mobile, '+4741234567', 'nothing half-written');
    assert.equal((await put({ currentPassword: 'First-pass-1', newPassword: 'Second-pass-2' })).statusCode, 200);
    assert.equal((await login({ ssn: person.ssn }, 'Second-pass-2', '+4741234567')).statusCode, 200);

    const weak = (await post('/api/v1/testenv/login', { ssn: (await buildPerson(t.tinn.register)).ssn, securityLevel: 1 })).json().accessToken;
    assert.equal((await put({ newPassword: 'Level-one-1' }, { authorization: `Bearer ${weak}` })).json().code, 'AUTN-00009');
    const mobile = await t.app.inject({ method: 'PUT', url: '/api/v1/profile', payload: { mobile: '91234567' }, headers: { authorization: `Bearer ${weak}` } });
    assert.equal(mobile.json().code, 'PROF-00009');
    const lang = await t.app.inject({ method: 'PUT', url: '/api/v1/profile', payload: { language: 1033 }, headers: { authorization: `Bearer ${weak}` } });
    assert.equal(lang.json().language, 'en');
  });

  it('audits logins and failures without secrets', async () => {
    const partyId = (await t.tinn.register.uncheckedGetPersonBySsn(KARI.ssn)).partyId;
    const events = await t.tinn.authn.uncheckedListAuditEvents(partyId);
    const kinds = new Set(events.map((e) => `${e.event}:${e.outcome}`));
    for (const k of ['login.password:success', 'login:success', 'logout:success']) assert.ok(kinds.has(k), k);
    const text = JSON.stringify(events);
    assert.ok(!text.includes(KARI.password));
    assert.ok(!/"\d{6}"/.test(text), 'no codes');
  });
});

describe('rate limits on login', () => {
  let t: TestTinn;
  let clock: SettableClock;
  before(async () => {
    t = await buildTestTinn({ env: { TINN_AUTHN_RATE_LIMIT_IP_PER_MINUTE: '3', TINN_AUTHN_RATE_LIMIT_ACCOUNT_PER_HOUR: '5' } });
    clock = t.tinn.clock as SettableClock;
  });
  after(() => t.close());

  const attempt = (username: string, ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/authn/login', payload: { username, password: 'Whatever-123' }, remoteAddress: ip });

  it('limits attempts per IP address, answering 429 with Retry-After, and lets them through in the next window', async () => {
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await attempt(`someone.${i}`, '198.51.100.7')).json().code);
    assert.deepEqual(codes, ['AUTN-00001', 'AUTN-00001', 'AUTN-00001', 'AUTN-00013']);
    const limited = await attempt('someone.9', '198.51.100.7');
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.equal((await attempt('someone.9', '198.51.100.8')).json().code, 'AUTN-00001', 'another address is not affected');
    clock.advance(60_000);
    assert.equal((await attempt('someone.9', '198.51.100.7')).json().code, 'AUTN-00001');
  });

  it('limits attempts per account from many addresses, whether or not the account exists', async () => {
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await attempt('target.user', `203.0.113.${i}`)).json().code);
    assert.deepEqual(codes.slice(4), ['AUTN-00001', 'AUTN-00013']);
  });
});

describe('test login outside the test environment', () => {
  let t: TestTinn;
  before(async () => {
    t = await buildTestTinn({ env: { TINN_TESTENV: 'false' } });
  });
  after(() => t.close());

  it('does not exist', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn: '14837501777' } });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'PLAT-00002');
  });
});
