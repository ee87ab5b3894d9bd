// The rights page (seed 004): what I may do for a reportee and why, checking a service with Tinn's reasons
// for a no and who can fix it, delegating to a person by national id + last name, the delegate using it,
// revocation, and client administration for an accounting firm.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, logIn, startPortalTinn, type PortalTinn } from './support.ts';

const PASSWORD = 'Tinn-demo-2026';
const KARI = { ssn: '14837501777', password: PASSWORD, mobile: '+4791000001' }; // DAGL of Fjordlys Regnskap AS
const INGRID = { ssn: '21876803140', password: PASSWORD, mobile: '+4791000003' }; // accountant at Fjordlys, no ER role
const HEDDA = { ssn: '18850164351', password: PASSWORD, mobile: '+4791000019' }; // private person without roles
const FJORDLYS = '310000116';
const RIGHTS = `/r/${FJORDLYS}/rights`;
const VAT = 'Skattemelding for merverdiavgift (test)';

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
}

async function checkService(page: Page, service: string, operation: string, button = 'Sjekk tilgang'): Promise<void> {
  await page.getByLabel(/^(Tjeneste|Teneste|Service)$/).selectOption({ label: service });
  await page.getByLabel(/^(Hva vil du gjøre\?|Kva vil du gjere\?|What do you want to do\?)$/).selectOption({ label: operation });
  await page.getByRole('button', { name: button }).click();
}

describe('portal: rights (seed 004)', () => {
  let t: PortalTinn;
  before(async () => {
    t = await startPortalTinn();
  });
  after(() => t.close());

  it('delegates a role to a person (a wrong last name first), the delegate uses it, revocation denies her with the explanation', async () => {
    const kari = await t.newPage();
    await logIn(kari.page, t.baseUrl, KARI);
    await kari.page.goto(RIGHTS);
    await kari.page.getByRole('heading', { level: 1, name: 'Tilganger for Fjordlys Regnskap AS' }).waitFor();

    // a. What I may do, and where each role comes from.
    await kari.page.getByRole('heading', { level: 2, name: 'Hva jeg kan gjøre for Fjordlys Regnskap AS' }).waitFor();
    const hadm = kari.page.getByRole('row').filter({ hasText: 'Hovedadministrator (HADM)' });
    await hadm.getByText('Enhetsregisteret: du er Daglig leder').waitFor();
    await hadm.getByText('Ingen sluttdato').waitFor();
    assert.ok(await kari.page.getByRole('tab', { name: 'Klientadministrasjon' }).isVisible(), 'the managing director is client administrator of the firm');
    await checkPage(kari.page, 'rights-mine');

    // d. Give a role: a wrong last name is refused with a translated message, and nothing is delegated.
    await openTab(kari.page, 'Gi tilgang');
    await kari.page.getByRole('heading', { level: 2, name: 'Gi tilgang' }).waitFor();
    await kari.page.getByRole('button', { name: 'Gi tilgang', exact: true }).click();
    await kari.page.getByText('Velg en rolle.').waitFor();
    await kari.page.getByText('Fødselsnummeret må ha 11 siffer.').waitFor();
    assert.equal(await kari.page.evaluate(() => document.activeElement?.id), 'give-role', 'focus moves to the first field in error');
    await kari.page.getByLabel('Rolle', { exact: true }).selectOption('REGNA');
    await kari.page.getByLabel('Fødselsnummer (11 siffer)').fill(INGRID.ssn);
    await kari.page.getByLabel('Etternavn').fill('Hansen');
    await kari.page.getByRole('button', { name: 'Gi tilgang', exact: true }).click();
    await kari.page.getByText('Vi fant ingen person med dette fødselsnummeret og etternavnet. Sjekk begge. Ingen tilgang er gitt.').waitFor();
    assert.equal(await kari.page.evaluate(() => document.activeElement?.id), 'give-lastName');
    await checkPage(kari.page, 'rights-give-error');
    await openTab(kari.page, 'Hvem har tilgang');
    await kari.page.getByText('Fjordlys Regnskap AS har ikke gitt noen tilganger.').waitFor();

    await openTab(kari.page, 'Gi tilgang');
    await kari.page.getByLabel('Rolle', { exact: true }).selectOption('REGNA');
    await kari.page.getByLabel('Fødselsnummer (11 siffer)').fill(INGRID.ssn);
    await kari.page.getByLabel('Etternavn').fill('Johansen');
    await kari.page.getByRole('button', { name: 'Gi tilgang', exact: true }).click();
    await kari.page.getByRole('status').getByText('Ingrid Johansen har fått Regnskapsmedarbeider (REGNA) for Fjordlys Regnskap AS.').waitFor();
    await checkPage(kari.page, 'rights-given');

    // c. Who has access: the delegation, with who gave it.
    await kari.page.getByRole('button', { name: 'Se hvem som har tilgang' }).click();
    await kari.page.waitForURL(`**${RIGHTS}?tab=access`);
    const row = kari.page.getByRole('row').filter({ hasText: 'Ingrid Johansen' });
    await row.getByText('Regnskapsmedarbeider (REGNA)').waitFor();
    await row.getByText('Kari Nordmann').waitFor();
    await checkPage(kari.page, 'rights-access');

    // The delegate, in a browser of her own: Fjordlys is among her reportees, and the check permits.
    const ingrid = await t.newPage();
    await logIn(ingrid.page, t.baseUrl, INGRID);
    await ingrid.page.goto('/reportees');
    await ingrid.page.getByRole('link', { name: /Fjordlys Regnskap AS/ }).first().waitFor();
    await ingrid.page.goto(RIGHTS);
    await ingrid.page.getByRole('heading', { level: 1, name: 'Tilganger for Fjordlys Regnskap AS' }).waitFor();
    await ingrid.page.getByRole('row').filter({ hasText: 'Regnskapsmedarbeider (REGNA)' }).getByText('Delegert til deg av Kari Nordmann').waitFor();
    // Not an administrator: no delegation tabs, and a sentence naming who administers access.
    await ingrid.page.getByText(/^Det er hovedadministratorene for Fjordlys Regnskap AS som gir tilganger: (Kari Nordmann og Ola Hansen|Ola Hansen og Kari Nordmann)\./).waitFor();
    assert.deepEqual(await ingrid.page.getByRole('tab').allTextContents(), ['Mine rettigheter', 'Sjekk en tjeneste']);
    await checkPage(ingrid.page, 'rights-delegate-mine');
    await openTab(ingrid.page, 'Sjekk en tjeneste');
    await checkService(ingrid.page, VAT, 'Fylle ut og sende inn');
    await ingrid.page.getByRole('heading', { level: 3, name: `Ja, du kan fylle ut og sende inn for Fjordlys Regnskap AS i «${VAT}».` }).waitFor();
    await ingrid.page.getByText('Du har det gjennom: Regnskapsmedarbeider (REGNA).').waitFor();
    await checkPage(ingrid.page, 'rights-check-permit');

    // Kari revokes, after a confirmation step.
    await row.getByRole('button', { name: /^Fjern/ }).click();
    const dialog = kari.page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Fjerne tilgangen?' }).waitFor();
    await dialog.getByText('Ingrid Johansen mister Regnskapsmedarbeider (REGNA) for Fjordlys Regnskap AS med en gang.').waitFor();
    // The dialog fades in: screenshot and axe (contrast) once its animation has finished.
    await dialog.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    await checkPage(kari.page, 'rights-revoke-confirm');
    await dialog.getByRole('button', { name: 'Ja, fjern tilgangen' }).click();
    await kari.page.getByRole('status').getByText('Tilgangen er fjernet: Ingrid Johansen har ikke lenger Regnskapsmedarbeider (REGNA).').waitFor();
    await kari.page.getByText('Fjordlys Regnskap AS har ikke gitt noen tilganger.').waitFor();
    await checkPage(kari.page, 'rights-revoked');

    // Ingrid's next check is denied, with the reason in seed-004 words and who can give her access.
    await ingrid.page.getByRole('button', { name: 'Sjekk tilgang' }).click();
    const denial = ingrid.page.getByRole('status');
    await denial.getByRole('heading', { level: 3, name: `Nei, du kan ikke fylle ut og sende inn for Fjordlys Regnskap AS i «${VAT}».` }).waitFor();
    await denial.getByText(/^Du som person må ha rettighet til å fylle ut og sende inn i denne tjenesten, men du har ingen rolle eller rettighet som gir det for Fjordlys Regnskap AS\. Roller som gir det: Utfyller\/Innsender \(UTINN\), Regnskapsmedarbeider \(REGNA\), .* eller .*\.$/).waitFor();
    await denial.getByText(/^Mangler du rettighet, må du få noen til å gi deg dette, for eksempel daglig leder\. For Fjordlys Regnskap AS kan (Kari Nordmann og Ola Hansen|Ola Hansen og Kari Nordmann) gi deg tilgang\.$/).waitFor();
    await checkPage(ingrid.page, 'rights-check-deny');

    assert.deepEqual(kari.problems, []);
    assert.deepEqual(ingrid.problems, []);
    await kari.context.close();
    await ingrid.context.close();
  });

  it('shows a person without rights every reason for a no and who can fix it (in English)', async () => {
    const { page, context, problems } = await t.newPage();
    await logIn(page, t.baseUrl, HEDDA);
    await page.goto(RIGHTS);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Access for Fjordlys Regnskap AS' }).waitFor();
    await page.getByText('You have no roles or rights for Fjordlys Regnskap AS.').waitFor();
    await page.getByText(/^Access for Fjordlys Regnskap AS is given by its main administrators: .*Kari Nordmann.*\. If you lack a right, ask one of them for it\.$/).waitFor();
    await checkPage(page, 'rights-none-en');

    await openTab(page, 'Check a service');
    await page.getByRole('button', { name: 'Check access' }).click();
    await page.getByText('Choose a service.').waitFor();
    // The broker service uses the service owner's rights register (SRR) too: two reasons, two kinds of fixer.
    await checkService(page, 'Broker file transfer (test)', 'Read', 'Check access');
    const denial = page.getByRole('status');
    await denial.getByRole('heading', { level: 3, name: 'No, you may not read for Fjordlys Regnskap AS in “Broker file transfer (test)”.' }).waitFor();
    await denial.getByText('All of this is missing:').waitFor();
    await denial
      .getByText('You as a person must have the right to read in this service, but no role or right of yours gives it for Fjordlys Regnskap AS. Roles that give it: Reporter/sender (UTINN) or Mail/archive (A0236).')
      .waitFor();
    await denial.getByText(/^If you lack a right, someone must give it to you, for example the managing director\. For Fjordlys Regnskap AS, .*Ola Hansen.* can give you access\.$/).waitFor();
    await denial.getByText("The service owner's rights register (SRR) does not allow Fjordlys Regnskap AS to read in this service.").waitFor();
    await denial.getByText('Only the service owner can fix this: Testdepartementet (310 000 108).').waitFor();
    await checkPage(page, 'rights-deny-en');
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('lets the firm’s client administrator pass a client role on and take it back (in nynorsk)', async () => {
    const { page, context, problems } = await t.newPage();
    await logIn(page, t.baseUrl, KARI);
    await page.goto(`${RIGHTS}?tab=clients`);
    await page.getByRole('button', { name: 'Nynorsk' }).click();
    await page.getByRole('heading', { level: 2, name: 'Klientadministrasjon' }).waitFor();
    const clients = page.getByRole('table', { name: 'Klientane til Fjordlys Regnskap AS' });
    await clients.getByRole('row').filter({ hasText: 'Nordlys Bygg AS' }).getByText('Rekneskapsførar med signeringsrett (A0239)', { exact: false }).waitFor();
    assert.equal(await clients.getByRole('row').count(), 4, 'a header and three clients');
    // The demo world's client roles for Vidde Handel, passed on to Ingrid.
    const passed = page.getByRole('table', { name: 'Klientroller Fjordlys Regnskap AS har gitt vidare' });
    assert.equal(await passed.getByRole('row').filter({ hasText: 'Ingrid Johansen' }).count(), 2);

    await page.getByLabel('Klient', { exact: true }).selectOption({ label: 'Nordlys Bygg AS (310 000 124)' });
    await page.getByLabel('Klientrolle', { exact: true }).selectOption('A0240');
    await page.getByLabel('Fødselsnummer (11 siffer)').fill(INGRID.ssn);
    await page.getByLabel('Etternamn').fill('Jensen');
    await page.getByRole('button', { name: 'Gi klientrolla vidare' }).click();
    await page.getByText('Vi fann ingen person med dette fødselsnummeret og etternamnet. Sjekk begge. Ingen tilgang er gitt.').waitFor();
    await page.getByLabel('Etternamn').fill('Johansen');
    await page.getByRole('button', { name: 'Gi klientrolla vidare' }).click();
    await page.getByRole('status').getByText('Ingrid Johansen har fått Rekneskapsførar utan signeringsrett (A0240) for Nordlys Bygg AS.').waitFor();
    const nordlys = passed.getByRole('row').filter({ hasText: 'Nordlys Bygg AS' });
    await nordlys.waitFor();
    await checkPage(page, 'rights-clients-nn');

    // By keyboard: Enter opens the confirmation, Escape leaves it with nothing revoked.
    await nordlys.getByRole('button', { name: /^Fjern/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('heading', { name: 'Fjerne tilgangen?' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.equal(await nordlys.count(), 1, 'cancelled: still there');
    await nordlys.getByRole('button', { name: /^Fjern/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ja, fjern tilgangen' }).click();
    await page.getByRole('status').getByText('Tilgangen er fjerna: Ingrid Johansen har ikkje lenger Rekneskapsførar utan signeringsrett (A0240).').waitFor();
    await nordlys.waitFor({ state: 'detached' });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
