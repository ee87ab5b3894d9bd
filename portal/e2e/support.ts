// Browser tests: a whole Tinn (API + built portal) on a fresh test database, listening on a loopback port,
// driven by Debian's Chromium through playwright-core. Every page a test visits is screenshotted into
// portal/e2e/screenshots/ and checked with axe (WCAG 2.0/2.1 A and AA, 2.2 AA): zero violations.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildTestTinn, type TestTinn, type TestTinnOptions } from '../../test/support/tinn.ts';
import { ensurePortalBuilt, isPortalBuildCurrent } from '../../src/roles/portal-build.ts';

const root = join(import.meta.dirname, '..', '..');
export const SCREENSHOTS = join(import.meta.dirname, 'screenshots');

/** Chromium: CHROMIUM_PATH, else Debian's package (`apt-get install chromium`; .ci/run installs it). */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`no Chromium at ${path}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  return path;
}

export interface PortalTinn extends TestTinn {
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own cookies and storage) with a page that records console errors. */
  newPage(options?: { locale?: string }): Promise<BrowserPage>;
}

export interface BrowserPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, failed requests of the page's own scripts and CSP violations seen so far. */
  problems: string[];
}

/**
 * Tinn with the built portal (scripts/test.js builds it before the suite), the test world loaded, on a free loopback port; and a headless Chromium.
 */
export async function startPortalTinn(options: TestTinnOptions = {}): Promise<PortalTinn> {
  // npm test built it; sources edited since (while developing) are built again rather than tested stale.
  if (!isPortalBuildCurrent(join(root, 'portal'), join(root, 'package.json'))) await ensurePortalBuilt(join(root, 'portal'), { packageJson: join(root, 'package.json') });
  const t = await buildTestTinn(options);
  await t.tinn.testenv!.ensureWorldLoaded();
  const baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    ...t,
    baseUrl,
    browser,
    async newPage(pageOptions = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, locale: pageOptions.locale ?? 'nb-NO', viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        // Chromium logs every 4xx answer ("Failed to load resource … status of 403"): refusals the tests
        // provoke on purpose, whose handling they assert on screen. Server errors (5xx) and anything else count.
        if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      return { page, context, problems };
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/**
 * Screenshot (full page) and an axe run over the page as it is now; fails on any violation, naming the rule,
 * its impact and the first offending elements.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(violations, [], `axe violations on ${name}`);
}

/** The newest six-digit code texted to a mobile number, from the test environment's outbox. */
export async function latestSmsCode(baseUrl: string, mobile: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/testenv/outbox?recipient=${encodeURIComponent(mobile)}&limit=1`);
  const { messages } = (await response.json()) as { messages: { body: string }[] };
  const code = messages[0] && /\b(\d{6})\b/.exec(messages[0].body)?.[1];
  assert.ok(code, `no code texted to ${mobile}`);
  return code;
}

/** Logs in through the portal's login page (national id, password, then the SMS code). */
export async function logIn(page: Page, baseUrl: string, person: { ssn: string; password: string; mobile: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/Fødselsnummer \(11 siffer\)|National identity number \(11 digits\)/).fill(person.ssn);
  await page.getByLabel(/^Passord$|^Password$/).fill(person.password);
  await page.getByRole('button', { name: /^(Logg inn|Log in)$/ }).last().click();
  const code = page.getByLabel(/Engangskode|Eingongskode|One-time code/);
  await code.waitFor();
  await code.fill(await latestSmsCode(baseUrl, person.mobile));
  await page.getByRole('button', { name: /^(Bekreft|Stadfest|Confirm)$/ }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}
