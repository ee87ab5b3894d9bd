// The test environment page: synthetic persons and organisations made in the browser, logging in as one
// of them at a chosen security level (the stand-in for ID-porten), the outbox with the SMS code of a real
// portal login, and a reset of the whole world.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkPage, startPortalTinn, type PortalTinn } from './support.ts';

const KARI = { ssn: '14837501777', password: 'Tinn-demo-2026', mobile: '+4791000001' };

describe('portal: test environment', () => {
  let t: PortalTinn;
  before(async () => {
    t = await startPortalTinn();
  });
  after(() => t.close());

  it('creates a person and an organisation, and logs in as them at level 3', async () => {
    const { page, context, problems } = await t.newPage();
    await page.goto('/testenv');
    await page.getByRole('heading', { level: 1, name: 'Testmiljø' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Lag en testperson' }).waitFor();
    await checkPage(page, 'testenv-person');

    // Bad input is refused at its field, in Norwegian.
    await page.getByLabel('Fornavn').fill('Testa');
    await page.getByLabel('Etternavn').fill('Personsen');
    await page.getByLabel('Mobilnummer', { exact: true }).fill('123');
    await page.getByRole('button', { name: 'Lag testperson' }).click();
    await page.getByText('Dette er ikke et gyldig mobilnummer.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'person-mobile');
    await checkPage(page, 'testenv-person-error');

    await page.getByLabel('Mobilnummer', { exact: true }).fill('+4799112233');
    await page.getByRole('button', { name: 'Lag testperson' }).click();
    const created = page.getByRole('status').getByRole('heading', { level: 3, name: 'Testa Personsen er laget' });
    await created.waitFor();
    const ssn = (await page.getByRole('status').locator('.testenv-code').first().textContent())!.trim();
    assert.match(ssn, /^\d{11}$/);
    assert.ok(Number(ssn.slice(2, 4)) > 80, 'a synthetic national id (month + 80)');
    await checkPage(page, 'testenv-person-created');

    // Log in as the new person at level 3, through the test login.
    await page.getByRole('button', { name: 'Logg inn som Testa Personsen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Logg inn som testperson' }).waitFor();
    assert.equal(await page.getByLabel('Fødselsnummer (11 siffer)').inputValue(), ssn);
    assert.equal(await page.getByLabel('Nivå 3 – som MinID').isChecked(), true, 'level 3 by default');
    await checkPage(page, 'testenv-login');
    await page.getByRole('button', { name: 'Logg inn', exact: true }).last().click();
    await page.waitForURL('**/reportees');
    await page.getByRole('link', { name: /Testa Personsen/ }).first().waitFor();
    const session = await page.evaluate(() => fetch('/api/v1/authn/session').then((r) => r.json() as Promise<{ securityLevel: number }>));
    assert.equal(session.securityLevel, 3);

    // An organisation with the new person as managing director, in English.
    await page.goto('/testenv?tab=organization');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Create a test organisation' }).waitFor();
    await page.getByLabel('Main unit (optional)').fill('12345');
    await page.getByRole('button', { name: 'Create test organisation' }).click();
    await page.getByText('The organisation number has 9 digits.').waitFor();
    await page.getByLabel('Main unit (optional)').fill('');
    await page.getByLabel('Name', { exact: true }).fill('Testlys Regnskap AS');
    await page.getByLabel('Managing director (optional)').fill(ssn);
    await page.getByRole('button', { name: 'Create test organisation' }).click();
    await page.getByRole('status').getByRole('heading', { level: 3, name: 'Testlys Regnskap AS has been created' }).waitFor();
    const orgno = (await page.getByRole('status').locator('.testenv-code').first().textContent())!.trim();
    assert.match(orgno, /^\d{9}$/);
    await page.getByRole('status').getByText(`Testa Personsen, ${ssn}`).waitFor();
    await checkPage(page, 'testenv-org-en');

    // Logged in again as its managing director, the new organisation is there to act for.
    await page.getByRole('button', { name: 'Log in as Testa Personsen' }).click();
    await page.getByRole('button', { name: 'Log in', exact: true }).last().click();
    await page.waitForURL('**/reportees');
    await page.getByRole('link', { name: /Testlys Regnskap AS/ }).first().waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('shows the SMS code of a portal login in the outbox (in nynorsk), and resets everything after a confirmation', async () => {
    const { page, context, problems } = await t.newPage();
    await page.goto('/login');
    await page.getByLabel('Fødselsnummer (11 siffer)').fill(KARI.ssn);
    await page.getByLabel('Passord').fill(KARI.password);
    await page.getByRole('button', { name: 'Logg inn', exact: true }).last().click();
    await page.getByLabel('Engangskode (6 siffer)').waitFor();

    // The code, read where a tester reads it: the outbox, in a second tab.
    const outbox = await context.newPage();
    await outbox.goto('/testenv?tab=outbox');
    await outbox.getByRole('button', { name: 'Nynorsk' }).click();
    await outbox.getByRole('heading', { level: 2, name: 'Utboks' }).waitFor();
    await outbox.getByLabel('Mottakar (mobilnummer eller e-post)').fill(KARI.mobile);
    await outbox.getByLabel('Kanal').selectOption('sms');
    await outbox.getByRole('button', { name: 'Filtrer' }).click();
    const newest = outbox.getByRole('row').nth(1);
    await newest.getByText(KARI.mobile).waitFor();
    assert.equal(await outbox.getByRole('row').filter({ hasNotText: KARI.mobile }).count(), 1, 'only the header and messages to the filtered number');
    const code = /\b(\d{6})\b/.exec((await newest.textContent()) ?? '')?.[1];
    assert.ok(code, 'the newest SMS holds a six-digit code');
    await checkPage(outbox, 'testenv-outbox-nn');

    await page.getByLabel(/Engangskode|Eingongskode/).fill(code);
    await page.getByRole('button', { name: /^(Bekreft|Stadfest)$/ }).click();
    await page.waitForURL('**/reportees');

    // Refresh shows what came since: nothing new for this number, so the same newest message.
    await outbox.getByRole('button', { name: 'Oppdater' }).click();
    await outbox.getByRole('row').nth(1).getByText(code).waitFor();

    // Reset: a confirmation first; then the world is loaded again and every session is gone.
    await outbox.getByRole('tab', { name: 'Tilbakestill' }).click();
    await outbox.getByRole('heading', { level: 2, name: 'Tilbakestill testmiljøet' }).waitFor();
    await outbox.getByRole('button', { name: 'Tilbakestill testmiljøet' }).click();
    const dialog = outbox.getByRole('dialog');
    await dialog.getByText('Alt som er laga eller endra i testmiljøet, forsvinn, og alle blir logga ut. Dette kan ikkje angrast.').waitFor();
    // The dialog fades in: screenshot and axe (contrast) once its animation has finished.
    await dialog.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    await checkPage(outbox, 'testenv-reset-confirm');
    await dialog.getByRole('button', { name: 'Ja, tøm alt' }).click();
    await outbox.getByRole('status').getByText(/^Testmiljøet er tilbakestilt: \d+ personar, \d+ verksemder, \d+ tenester og \d+ delegeringar er lasta på nytt\.$/).waitFor({ timeout: 60_000 });
    await checkPage(outbox, 'testenv-reset-done');
    const after = await page.evaluate(() => fetch('/api/v1/authn/session').then((r) => r.status));
    assert.equal(after, 401, 'the login went with the reset');
    await outbox.getByRole('tab', { name: 'Utboks' }).click();
    await outbox.getByText('Ingen meldingar.').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
});
