import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SettableClock } from '../../src/platform/index.ts';
import { checkPage, latestSmsCode, logIn, startPortalTinn, type PortalTinn } from './support.ts';

const KARI = { ssn: '14837501777', password: 'Tinn-demo-2026', mobile: '+4791000001' };

describe('portal: login, languages, session expiry, security headers', () => {
  let t: PortalTinn;
  before(async () => {
    t = await startPortalTinn();
  });
  after(() => t.close());

  it('serves the portal with a strict Content-Security-Policy, and leaves API 404s to the API', async () => {
    const page = await fetch(`${t.baseUrl}/r/me/inbox`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const html = await page.text();
    assert.doesNotMatch(html, /<script>(?!<\/script>)|<style>/, 'no inline script or style');

    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(`${t.baseUrl}${asset}`);
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(js.headers.get('content-encoding'), 'gzip');

    assert.equal((await fetch(`${t.baseUrl}/assets/gone-1234.js`)).status, 404, 'a missing asset is not the page');
    const api = await fetch(`${t.baseUrl}/api/v1/no-such-thing`);
    assert.equal(api.status, 404);
    assert.match(api.headers.get('content-type') ?? '', /application\/problem\+json/);
  });

  it('loads at most 300 KB of JavaScript (gzip) for the first page', async (ctx) => {
    const { page, context } = await t.newPage();
    const scripts = new Set<string>();
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.add(request.url());
    });
    await page.goto('/login', { waitUntil: 'networkidle' });
    let gzipBytes = 0;
    for (const script of scripts) {
      // fetch decodes the body; the bytes on the wire are the Content-Length of the gzip answer.
      const response = await fetch(script, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(response.headers.get('content-encoding'), 'gzip');
      gzipBytes += Number(response.headers.get('content-length'));
      await response.arrayBuffer();
    }
    ctx.diagnostic(`first page (login): ${scripts.size} scripts, ${(gzipBytes / 1024).toFixed(1)} KB gzip`);
    assert.ok(scripts.size > 0);
    assert.ok(gzipBytes <= 300 * 1024, `initial JavaScript is ${(gzipBytes / 1024).toFixed(1)} KB gzip, over the 300 KB budget`);
    await context.close();
  });

  it('logs a person in with national id, password and SMS code, in Norwegian, with wrong input explained', async () => {
    const { page, context, problems } = await t.newPage();
    await page.goto('/');
    await page.waitForURL('**/login');
    assert.equal(await page.locator('html').getAttribute('lang'), 'nb');
    await page.getByRole('heading', { level: 1, name: 'Logg inn i Tinn' }).waitFor();
    await checkPage(page, 'login');

    // Client-side check first: an 11-digit national id.
    await page.getByLabel('Fødselsnummer (11 siffer)').fill('1234');
    await page.getByRole('button', { name: 'Logg inn', exact: true }).last().click();
    await page.getByText('Fødselsnummeret må ha 11 siffer.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-identifier', 'focus moves to the field in error');

    // The server's answer, in Norwegian.
    await page.getByLabel('Fødselsnummer (11 siffer)').fill(KARI.ssn);
    await page.getByLabel('Passord').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Logg inn', exact: true }).last().click();
    await page.getByRole('alert').filter({ hasText: 'Feil fødselsnummer, brukernavn eller passord.' }).waitFor();
    await checkPage(page, 'login-error');

    await page.getByLabel('Passord').fill(KARI.password);
    await page.getByRole('button', { name: 'Logg inn', exact: true }).last().click();
    await page.getByRole('heading', { level: 1, name: 'Engangskode' }).waitFor();
    await page.getByText('Vi har sendt en engangskode på SMS til').waitFor();
    await checkPage(page, 'login-code');
    await page.getByLabel('Engangskode (6 siffer)').fill('000000');
    await page.getByRole('button', { name: 'Bekreft' }).click();
    await page.getByRole('alert').filter({ hasText: 'Engangskoden er feil.' }).waitFor();
    await page.getByLabel('Engangskode (6 siffer)').fill(await latestSmsCode(t.baseUrl, KARI.mobile));
    await page.getByRole('button', { name: 'Bekreft' }).click();
    await page.waitForURL('**/reportees');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'tinn_session')!;
    assert.equal(session.httpOnly, true, 'the page cannot read the session');
    assert.equal(session.sameSite, 'Lax');
    const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage }) + JSON.stringify({ ...window.sessionStorage }));
    assert.doesNotMatch(stored, /ey[A-Za-z0-9_-]{10,}\.|tinn_session|csrf/i, 'no token in local or session storage');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('switches between bokmål, nynorsk and English, and keeps the choice', async () => {
    const { page, context, problems } = await t.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in to Tinn' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('button', { name: 'Log in', exact: true }).last().click();
    await page.getByText('Fill in this field.').first().waitFor();
    await checkPage(page, 'login-en');
    await page.getByRole('button', { name: 'Nynorsk' }).click();
    await page.getByText('Korleis vil du logge inn?').waitFor();
    await page.reload();
    await page.getByText('Korleis vil du logge inn?').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'nn');
    await checkPage(page, 'login-nn');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('works by keyboard alone: skip link first, then the form, focus on the new heading after login', async () => {
    const { page, context } = await t.newPage();
    await page.goto('/login');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Hopp til hovedinnhold');
    await page.keyboard.press('Enter');
    // From the main content, the form's fields in order.
    await page.getByLabel('Fødselsnummer (11 siffer)').focus();
    await page.keyboard.type(KARI.ssn);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-password');
    await page.keyboard.type(KARI.password);
    await page.keyboard.press('Enter');
    const code = page.getByLabel('Engangskode (6 siffer)');
    await code.waitFor();
    await code.focus();
    await page.keyboard.type(await latestSmsCode(t.baseUrl, KARI.mobile));
    await page.keyboard.press('Enter');
    await page.waitForURL('**/reportees');
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    await context.close();
  });

  it('tells a person whose session ran out to log in again, and brings them back', async () => {
    // Twice: once the page finds out by reloading, once by a request of the page itself (then reloading too).
    const { page, context } = await t.newPage();
    await logIn(page, t.baseUrl, KARI);
    await page.goto('/profile', { waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1 }).waitFor();
    (t.tinn.clock as SettableClock).advance(31 * 60_000);
    await page.reload();
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/profile');
    await page.getByText('Økten din er utløpt. Logg inn på nytt for å fortsette.').waitFor();
    await checkPage(page, 'login-expired');
    await page.getByLabel('Fødselsnummer (11 siffer)').fill(KARI.ssn);
    await page.getByLabel('Passord').fill(KARI.password);
    await page.getByRole('button', { name: 'Logg inn', exact: true }).last().click();
    await page.getByLabel('Engangskode (6 siffer)').waitFor();
    await page.getByLabel('Engangskode (6 siffer)').fill(await latestSmsCode(t.baseUrl, KARI.mobile));
    await page.getByRole('button', { name: 'Bekreft' }).click();
    await page.waitForURL('**/profile');

    await page.waitForLoadState('networkidle');
    (t.tinn.clock as SettableClock).advance(31 * 60_000);
    await page.getByRole('navigation').getByRole('link', { name: 'Innboks' }).click();
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('expired') === '1');
    await page.getByText('Økten din er utløpt. Logg inn på nytt for å fortsette.').waitFor();
    await page.reload();
    await page.getByText('Økten din er utløpt. Logg inn på nytt for å fortsette.').waitFor();
    await context.close();
  });
});
