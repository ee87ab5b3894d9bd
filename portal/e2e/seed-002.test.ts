// Seed 002 in the browser: a person at an accounting firm sets mobile and password under "Avanserte
// innstillinger", logs in with them, registers a data system ("Registrer nytt datasystem": description, type,
// password twice) for the firm, reads its ID, and the ID then works for the accounting software. Also: change
// and delete a system, the denial for someone who does not administer the firm, the same pages in English and
// nynorsk, and the firm's enterprise users (virksomhetsbrukere): create, a new password, delete.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { SettableClock } from '../../src/platform/clock.ts';
import { checkPage, latestSmsCode, logIn, startPortalTinn, type PortalTinn } from './support.ts';

const KARI = { ssn: '14837501777', password: 'Tinn-demo-2026', mobile: '+4791000001' }; // DAGL of Fjordlys Regnskap AS
const LARS = '30819003846'; // board member (MEDL) of Fjordlys: no administrator, no password

describe('portal: seed 002 – advanced settings, data systems, enterprise users', () => {
  let t: PortalTinn;
  // The default test clock, held here so a test can move it (a password changed later than it was made).
  const clock = new SettableClock();
  before(async () => {
    t = await startPortalTinn({ clock });
  });
  after(() => t.close());

  const post = async (path: string, body: object) => {
    const response = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const systemToken = (systemId: number, systemPassword: string) => post('/api/v1/authn/system/token', { systemId, systemPassword });
  const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).waitFor();
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);
  // The browser logs every 4xx answer as a console error; these are the refusals each test provokes on purpose.
  const unexpected = (problems: string[], refusals: number[]) =>
    problems.filter((p) => !refusals.some((code) => p.includes(`the server responded with a status of ${code} `)));

  it('runs the whole journey: first password and mobile, log in with them, register a data system, read its ID, use it, change and delete it', async () => {
    // A new person at a new accounting firm: no password and no mobile yet; managing director (DAGL) of the firm.
    const person = await post('/api/v1/testenv/persons', { firstName: 'Marte', lastName: 'Regnskapsfører', mobile: null });
    assert.equal(person.status, 201);
    const ssn = person.body.ssn as string;
    const firm = await post('/api/v1/testenv/organizations', { name: 'Marte Regnskap AS', daglSsn: ssn });
    assert.equal(firm.status, 201);
    const orgno = firm.body.orgno as string;
    const mobile = '+4799887766';

    const { page, context, problems } = await t.newPage();
    const login = await context.request.post(`${t.baseUrl}/api/v1/testenv/login`, { data: { ssn, securityLevel: 3 } });
    assert.equal(login.status(), 200);
    await page.goto('/profile');
    await page.getByRole('heading', { level: 1, name: 'Min profil' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Avanserte innstillinger' }).waitFor();
    await page.getByText('Marte Regnskapsfører', { exact: true }).waitFor();
    await page.getByRole('group', { name: /^Lag passord/ }).waitFor();
    assert.equal(await page.getByLabel('Nåværende passord', { exact: true }).count(), 0, 'no current password to give');
    await checkPage(page, 'profile');

    const settings = page.locator('section', { has: page.getByRole('heading', { name: 'Avanserte innstillinger' }) });
    const save = settings.getByRole('button', { name: 'Lagre innstillinger' });
    // Mobile with spaces, and a password that is too weak: Tinn refuses it, and nothing is written.
    await settings.getByLabel('Mobilnummer', { exact: true }).fill('998 87 766');
    await settings.getByLabel('Nytt passord', { exact: true }).fill('abc12');
    await settings.getByLabel('Gjenta nytt passord', { exact: true }).fill('abc12');
    await save.click();
    await settings.getByText('Passordet er for svakt. Det må ha minst 8 tegn, med minst én bokstav og ett siffer.').waitFor();
    assert.equal(await focusedId(page), 'settings-newPassword', 'focus moves to the field in error');
    await checkPage(page, 'profile-weak-password');
    const unchanged = await (await context.request.get(`${t.baseUrl}/api/v1/profile/login-settings`)).json();
    assert.deepEqual([unchanged.hasPassword, unchanged.mobile], [false, null], 'all or nothing: neither password nor mobile saved');

    // A repeat that does not match is caught before anything is sent.
    await settings.getByLabel('Nytt passord', { exact: true }).fill('Regnskap2026');
    await settings.getByLabel('Gjenta nytt passord', { exact: true }).fill('Regnskap2062');
    await save.click();
    await settings.getByText('Passordene er ikke like. Skriv det samme passordet i begge feltene.').waitFor();
    assert.equal(await focusedId(page), 'settings-repeatPassword');
    await checkPage(page, 'profile-password-mismatch');

    await settings.getByLabel('Gjenta nytt passord', { exact: true }).fill('Regnskap2026');
    await save.click();
    await status(page, 'Innstillingene er lagret. Bruk det nye passordet neste gang du logger inn.');
    await page.getByRole('group', { name: /^Endre passord/ }).waitFor();
    await settings.getByLabel('Nåværende passord', { exact: true }).waitFor();
    assert.equal(await settings.getByLabel('Mobilnummer', { exact: true }).inputValue(), mobile, 'normalised to +47');
    const contact = page.locator('section', { has: page.getByRole('heading', { name: 'Kontaktinformasjon og språk' }) });
    assert.equal(await contact.getByLabel('Mobilnummer', { exact: true }).inputValue(), mobile, 'the same number in both sections');
    assert.equal(await settings.getByLabel('Nytt passord', { exact: true }).inputValue(), '', 'password fields are emptied');
    await checkPage(page, 'profile-saved');

    // Log out, and in again through the login page with the new password and the SMS code.
    await page.getByRole('button', { name: 'Logg ut' }).click();
    await page.waitForURL('**/login');
    await logIn(page, t.baseUrl, { ssn, password: 'Regnskap2026', mobile });

    // "Registrer datasystem", acting for the firm.
    await page.goto(`/r/${orgno}/systems`);
    await page.getByRole('heading', { level: 1, name: 'Datasystemer for Marte Regnskap AS' }).waitFor();
    await page.getByText('Her kan du registrere datasystem som skal kommunisere med Tinn.').waitFor();
    await page.getByText('Det er ikke registrert noen datasystemer her ennå.').waitFor();
    await checkPage(page, 'systems-empty');

    const add = page.getByRole('button', { name: 'Legg til' });
    await add.click();
    await page.getByText('Velg hvilken type datasystem det er.').waitFor();
    assert.equal(await focusedId(page), 'register-description');
    await checkPage(page, 'systems-register-missing');

    await page.getByLabel('Beskrivelse', { exact: true }).fill('Prisolve');
    await page.getByLabel('Type datasystem', { exact: true }).selectOption({ label: 'Prisolve' });
    await page.getByLabel('Passord', { exact: true }).fill('kort1');
    await page.getByLabel('Bekreft passord', { exact: true }).fill('kort1');
    await add.click();
    await page.getByText('Passordet er for svakt. Det må ha minst 7 tegn, med både bokstaver og siffer.').waitFor();
    assert.equal(await focusedId(page), 'register-password');
    await page.getByLabel('Passord', { exact: true }).fill('Prisolve2026');
    await page.getByLabel('Bekreft passord', { exact: true }).fill('Prisolve2025');
    await add.click();
    await page.getByText('Passordene er ikke like. Skriv det samme passordet i begge feltene.').waitFor();
    await checkPage(page, 'systems-register-errors');
    const before = await (await context.request.get(`${t.baseUrl}/api/v1/reportees/${orgno}/systems`)).json();
    assert.deepEqual(before.systems, [], 'nothing registered by the refused attempts');

    await page.getByLabel('Bekreft passord', { exact: true }).fill('Prisolve2026');
    await add.click();
    const shown = page.getByRole('status').getByText(/^ID-en til datasystemet ditt er \d+\.$/);
    await shown.waitFor();
    const systemId = Number(/(\d+)/.exec((await shown.textContent())!)![1]);
    await page.getByText(`Skriv inn ID-en ${systemId} (systemnummeret) og passordet du valgte, i regnskapsprogrammet ditt.`).waitFor();
    const table = page.getByRole('table', { name: 'Registrerte datasystemer for Marte Regnskap AS' });
    await table.getByRole('row', { name: new RegExp(`^${systemId} Prisolve Prisolve`) }).waitFor();
    assert.equal(await page.getByLabel('Beskrivelse', { exact: true }).inputValue(), '', 'the form is emptied for the next one');
    await checkPage(page, 'systems-registered');

    // The accounting software logs in with that ID and password (seed: "Systemnummer" and "Systempassord")…
    const token = await systemToken(systemId, 'Prisolve2026');
    assert.equal(token.status, 200, JSON.stringify(token.body));
    assert.equal(token.body.actor.systemId, systemId);
    // … and with the person's own national id, the password set above and an SMS code ("Hent SMS-kode").
    const challenge = await post('/api/v1/authn/system/challenge', { systemId, userSsn: ssn, userPassword: 'Regnskap2026', authMethod: 'SMSPin' });
    assert.equal(challenge.body.status, 'Ok', JSON.stringify(challenge.body));
    const userToken = await post('/api/v1/authn/system/token', {
      systemId,
      systemPassword: 'Prisolve2026',
      userSsn: ssn,
      userPassword: 'Regnskap2026',
      userPinCode: await latestSmsCode(t.baseUrl, mobile),
      authMethod: 'SMSPin',
    });
    assert.equal(userToken.status, 200, JSON.stringify(userToken.body));
    assert.equal(userToken.body.actor.securityLevel, 2);

    // "Rediger": description, type and password; the ID stays.
    await page.getByRole('button', { name: `Rediger datasystem ${systemId}` }).click();
    await page.getByRole('heading', { level: 2, name: `Endre datasystem ${systemId}` }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2', undefined, { timeout: 5000 });
    const edit = page.locator('section', { has: page.getByRole('heading', { name: `Endre datasystem ${systemId}` }) });
    await edit.getByLabel('Beskrivelse', { exact: true }).fill('Prisolve lønn hos Marte');
    await edit.getByLabel('Type datasystem', { exact: true }).selectOption({ label: 'Prisolve Lønn' });
    await edit.getByLabel('Nytt passord', { exact: true }).fill('Prisolve2027');
    await edit.getByLabel('Bekreft nytt passord', { exact: true }).fill('Prisolve2072');
    await edit.getByRole('button', { name: 'Lagre endringer' }).click();
    await edit.getByText('Passordene er ikke like. Skriv det samme passordet i begge feltene.').waitFor();
    await checkPage(page, 'systems-edit');
    await edit.getByLabel('Bekreft nytt passord', { exact: true }).fill('Prisolve2027');
    await edit.getByRole('button', { name: 'Lagre endringer' }).click();
    await status(page, `Datasystem ${systemId} er endret. Husk å skrive det nye passordet inn i datasystemet.`);
    await table.getByRole('row', { name: new RegExp(`^${systemId} Prisolve lønn hos Marte Prisolve Lønn`) }).waitFor();
    assert.equal(await focusedId(page), `edit-${systemId}`, 'focus returns to the row');
    await checkPage(page, 'systems-changed');
    assert.equal((await systemToken(systemId, 'Prisolve2026')).status, 401, 'the old password stops working');
    assert.equal((await systemToken(systemId, 'Prisolve2027')).status, 200);

    // "✖": delete, after a confirmation; cancelling keeps it.
    const remove = page.getByRole('button', { name: `Slett datasystem ${systemId}` });
    await remove.click();
    const dialog = page.getByRole('dialog', { name: `Slette datasystem ${systemId}?` });
    await dialog.getByText(`«Prisolve lønn hos Marte» slettes, og ID-en ${systemId} slutter å virke med en gang.`).waitFor();
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    assert.equal(await page.getByRole('status').getByText(/ID-en til datasystemet ditt er/).count(), 0, 'the new-ID notice is gone once the person moves on');
    await checkPage(page, 'systems-delete-confirm');
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await systemToken(systemId, 'Prisolve2027')).status, 200, 'cancel deletes nothing');
    await remove.click();
    await dialog.getByRole('button', { name: 'Ja, slett datasystemet' }).click();
    await status(page, `Datasystem ${systemId} er slettet.`);
    await page.getByText('Det er ikke registrert noen datasystemer her ennå.').waitFor();
    await checkPage(page, 'systems-deleted');
    assert.equal((await systemToken(systemId, 'Prisolve2027')).status, 401, 'a deleted ID stops working at once');

    assert.deepEqual(unexpected(problems, [400]), []);
    await context.close();
  });

  it('in English: explains why a board member may not manage the firm’s data systems, and why a first password needs level 3', async () => {
    const { page, context, problems } = await t.newPage();
    assert.equal((await context.request.post(`${t.baseUrl}/api/v1/testenv/login`, { data: { ssn: LARS, securityLevel: 2 } })).status(), 200);
    await page.goto('/r/310000116/systems');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Data systems for Fjordlys Regnskap AS' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'You do not have access to the data systems of Fjordlys Regnskap AS. Only those who administer a party' }).waitFor();
    await page.getByRole('link', { name: 'Choose party' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add' }).count(), 0, 'no form to register with');
    await checkPage(page, 'systems-denied-en');

    await page.goto('/profile');
    await page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
    await page.getByText('For your security, you can only create your first password after logging in with an electronic ID at security level 3').waitFor();
    const settings = page.locator('section', { has: page.getByRole('heading', { name: 'Advanced settings' }) });
    await settings.getByLabel('New password', { exact: true }).fill('Olsen2026x');
    await settings.getByLabel('Repeat the new password', { exact: true }).fill('Olsen2026x');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByText('You cannot create your first password now, because you are not logged in securely enough.').waitFor();
    assert.equal(await focusedId(page), 'settings-newPassword');
    await checkPage(page, 'profile-level2-en');
    assert.equal((await (await context.request.get(`${t.baseUrl}/api/v1/profile/login-settings`)).json()).hasPassword, false);
    assert.deepEqual(unexpected(problems, [403]), []);
    await context.close();
  });

  it('in nynorsk: the profile language switches the portal; wrong current password, taken and too long user names are shown at their fields', async () => {
    const { page, context, problems } = await t.newPage();
    assert.equal((await context.request.post(`${t.baseUrl}/api/v1/testenv/login`, { data: { ssn: KARI.ssn, securityLevel: 2 } })).status(), 200);
    await page.goto('/profile');
    await page.getByRole('heading', { level: 1, name: 'Min profil' }).waitFor();
    const contact = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Kontaktinformasjon og språk' }) });
    await contact.getByLabel('Språk', { exact: true }).selectOption('nn');
    await contact.getByRole('button', { name: 'Lagre profil' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profilen min' }).waitFor();
    await status(page, 'Profilen er lagra.');
    assert.equal(await page.locator('html').getAttribute('lang'), 'nn');
    assert.equal((await (await context.request.get(`${t.baseUrl}/api/v1/profile`)).json()).language, 'nn');
    await checkPage(page, 'profile-nn');

    const settings = page.locator('section', { has: page.getByRole('heading', { name: 'Avanserte innstillingar' }) });
    assert.equal(await settings.getByLabel('Brukarnamn', { exact: true }).inputValue(), 'kari.nordmann');
    assert.equal(await settings.getByLabel('Tillat innsending frå applikasjon eller system med dette brukarnamnet og passordet', { exact: true }).isChecked(), true);
    const save = settings.getByRole('button', { name: 'Lagre innstillingar' });
    // A new password without the current one, then with a wrong one.
    await settings.getByLabel('Nytt passord', { exact: true }).fill('Fjordlys-2027');
    await settings.getByLabel('Gjenta nytt passord', { exact: true }).fill('Fjordlys-2027');
    await save.click();
    await settings.getByText('Skriv inn passordet du har no.').waitFor();
    await settings.getByLabel('Noverande passord', { exact: true }).fill('feil-passord-1');
    await save.click();
    await settings.getByText('Passordet du har no, er feil. Prøv igjen.').waitFor();
    assert.equal(await focusedId(page), 'settings-currentPassword');
    await checkPage(page, 'profile-wrong-current-nn');
    // Someone else's user name (PROF-00005), and one longer than the schema allows (PLAT-00004, errors[].path).
    await settings.getByLabel('Noverande passord', { exact: true }).fill('');
    await settings.getByLabel('Nytt passord', { exact: true }).fill('');
    await settings.getByLabel('Gjenta nytt passord', { exact: true }).fill('');
    await settings.getByLabel('Brukarnamn', { exact: true }).fill('bjorn.berg');
    await save.click();
    await settings.getByText('Nokon andre har alt dette brukarnamnet. Vel eit anna.').waitFor();
    await settings.getByLabel('Brukarnamn', { exact: true }).fill('k'.repeat(60));
    await save.click();
    await settings.getByText('Brukarnamnet må ha 6–50 teikn: bokstavar, siffer, punktum, _ eller -, og minst éin bokstav.').waitFor();
    assert.equal(await focusedId(page), 'settings-username');
    // Unticking the system flag saves only that.
    await settings.getByLabel('Brukarnamn', { exact: true }).fill('kari.nordmann');
    await settings.getByLabel('Tillat innsending frå applikasjon eller system med dette brukarnamnet og passordet', { exact: true }).uncheck();
    await save.click();
    await status(page, 'Innstillingane er lagra.');
    const saved = await (await context.request.get(`${t.baseUrl}/api/v1/profile/login-settings`)).json();
    assert.deepEqual([saved.username, saved.allowSystemSubmission], ['kari.nordmann', false]);

    // Fjordlys' data systems in nynorsk, with the system from the demo world.
    await page.goto('/r/310000116/systems');
    await page.getByRole('heading', { level: 1, name: 'Datasystem for Fjordlys Regnskap AS' }).waitFor();
    await page.getByRole('row', { name: /^10001 Prisolve hos Fjordlys Regnskap Prisolve/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Registrer nytt datasystem' }).waitFor();
    await checkPage(page, 'systems-nn');
    // By keyboard: the delete confirmation opens with Enter and Escape leaves it, deleting nothing.
    const remove = page.getByRole('button', { name: 'Slett datasystem 10001' });
    await remove.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Slette datasystem 10001?' });
    await dialog.getByRole('button', { name: 'Ja, slett datasystemet' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Slett'));
    await page.getByRole('row', { name: /^10001 / }).waitFor();
    assert.deepEqual(unexpected(problems, [400, 403, 409]), []);
    await context.close();
  });

  it('enterprise users: Kari creates one for Fjordlys with a generated password, sees it once, gives it a new one and deletes it', async () => {
    const { page, context, problems } = await t.newPage();
    assert.equal((await context.request.post(`${t.baseUrl}/api/v1/testenv/login`, { data: { ssn: KARI.ssn, securityLevel: 2 } })).status(), 200);
    const listed = async () => ((await (await context.request.get(`${t.baseUrl}/api/v1/reportees/310000116/enterprise-users`)).json()).enterpriseUsers as { userName: string; passwordChangedAt: string | null }[]);
    const names = async () => (await listed()).map((u) => u.userName).sort();
    const others = await names();
    assert.ok(!others.includes('fjordlys-portal'));

    // The menu offers the page while Kari acts for the firm.
    await page.goto('/r/310000116/inbox');
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Virksomhetsbrukere' }).click();
    await page.waitForURL('**/r/310000116/enterprise-users');
    await page.getByRole('heading', { level: 1, name: 'Virksomhetsbrukere for Fjordlys Regnskap AS' }).waitFor();
    await page.getByText('med virksomhetssertifikatet til virksomheten sammen med brukernavnet og passordet').waitFor();
    assert.equal(await page.getByRole('link', { name: 'tilgangssiden' }).getAttribute('href'), '/r/310000116/rights');
    await checkPage(page, 'enterprise-users');

    // A name the rules refuse (REG-00024) is shown at the field, with focus there; nothing is created.
    const userName = page.getByLabel('Brukernavn', { exact: true });
    const create = page.getByRole('button', { name: 'Opprett' });
    await userName.fill('9-fjordlys');
    await create.click();
    await page.getByText('Brukernavnet må ha 3–50 tegn: bokstaver a–z, siffer, punktum, _ eller -, og begynne med en bokstav.').waitFor();
    assert.equal(await focusedId(page), 'create-userName');
    await checkPage(page, 'enterprise-users-bad-name');
    assert.deepEqual(await names(), others, 'nothing created');

    // No password given: Tinn makes one and shows it this once.
    await userName.fill('fjordlys-portal');
    await create.click();
    const created = page.getByRole('status').filter({ hasText: 'Virksomhetsbrukeren fjordlys-portal er opprettet' });
    await created.getByText('Kopier passordet nå og legg det inn i programvaren. Det vises ikke igjen.').waitFor();
    const secret = (await created.locator('code').textContent())!;
    assert.match(secret, /^\S{10,128}$/);
    const table = page.getByRole('table', { name: 'Virksomhetsbrukere for Fjordlys Regnskap AS' });
    await table.getByRole('row', { name: /^fjordlys-portal / }).waitFor();
    assert.equal(await userName.inputValue(), '', 'the form is emptied for the next one');
    await checkPage(page, 'enterprise-users-created');
    assert.deepEqual(await names(), [...others, 'fjordlys-portal'].sort());
    const first = (await listed()).find((u) => u.userName === 'fjordlys-portal')!;

    clock.advance(60_000);
    // "Nytt passord", after a confirmation: a new generated password, shown once; the first one is gone from the page.
    await table.getByRole('button', { name: 'Nytt passord for fjordlys-portal' }).click();
    await page.getByRole('dialog', { name: 'Lage nytt passord for fjordlys-portal?' }).getByRole('button', { name: 'Ja, lag nytt passord' }).click();
    const rotated = page.getByRole('status').filter({ hasText: 'Nytt passord for fjordlys-portal' });
    await rotated.getByText('Det vises ikke igjen.').waitFor();
    const secret2 = (await rotated.locator('code').textContent())!;
    assert.notEqual(secret2, secret);
    assert.equal(await page.getByText(secret, { exact: true }).count(), 0, 'the first password is not shown again');
    assert.equal(await focusedId(page), 'rotate-fjordlys-portal', 'focus returns to the row');
    const second = (await listed()).find((u) => u.userName === 'fjordlys-portal')!;
    assert.deepEqual(await names(), [...others, 'fjordlys-portal'].sort());
    assert.ok(second.passwordChangedAt && first.passwordChangedAt && second.passwordChangedAt > first.passwordChangedAt, 'the password change is recorded');

    // "Slett", after a confirmation.
    await table.getByRole('button', { name: 'Slett for fjordlys-portal' }).click();
    const dialog = page.getByRole('dialog', { name: 'Slette virksomhetsbrukeren fjordlys-portal?' });
    await dialog.getByText('Navnet kan ikke brukes igjen.', { exact: false }).waitFor();
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await checkPage(page, 'enterprise-users-delete-confirm');
    await dialog.getByRole('button', { name: 'Ja, slett brukeren' }).click();
    await status(page, 'Virksomhetsbrukeren fjordlys-portal er slettet.');
    assert.equal(await page.getByText(secret2, { exact: true }).count(), 0, 'the new password is gone from the page too');
    assert.deepEqual(await names(), others, 'deleted');
    assert.deepEqual(unexpected(problems, [400]), []);
    await context.close();
  });
});
