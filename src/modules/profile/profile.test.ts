import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError, type PersonActor } from '../../platform/index.ts';
import { useComposedTinn } from '../../../test/support/tinn.ts';
import { buildOrganization, buildPerson } from '../register/testing.ts';
import { ProfileProblems } from './errors.ts';
import { normalizeMobile } from './index.ts';

describe('profile', () => {
  const env = useComposedTinn();
  const register = () => env().tinn.register;
  const profile = () => env().tinn.profile;

  it('gives defaults before anything is saved, and keeps fields that are left out', async () => {
    const p = await buildPerson(register());
    assert.deepEqual(await profile().uncheckedGetPersonProfile(p.partyId), { partyId: p.partyId, language: 'nb', email: null, mobile: null, isReserved: false });
    await profile().uncheckedUpdatePersonProfile(p.partyId, { mobile: '912 34 567', email: 'Kari@Example.NO', language: 2068 });
    const saved = await profile().uncheckedUpdatePersonProfile(p.partyId, { isReserved: true });
    assert.deepEqual(saved, { partyId: p.partyId, language: 'nn', email: 'Kari@example.no', mobile: '+4791234567', isReserved: true });
    assert.deepEqual(await profile().uncheckedGetPersonProfile(p.partyId), saved);
    const cleared = await profile().uncheckedUpdatePersonProfile(p.partyId, { mobile: null });
    assert.equal(cleared.mobile, null);
    assert.equal(cleared.email, 'Kari@example.no');
  });

  it('normalises mobile numbers and refuses landlines and garbage', () => {
    assert.equal(normalizeMobile('+47 912 34 567'), '+4791234567');
    assert.equal(normalizeMobile('004741234567'), '+4741234567');
    assert.equal(normalizeMobile('+46 70 123 45 67'), '+46701234567');
    for (const bad of ['22334455', '+4722334455', '1234', 'mobil', '+4791234567890123']) {
      assert.throws(() => normalizeMobile(bad), (e) => isAppError(e, ProfileProblems.invalidMobile), bad);
    }
  });

  it('refuses a bad field without changing the others', async () => {
    const p = await buildPerson(register());
    await profile().uncheckedUpdatePersonProfile(p.partyId, { mobile: '+4791234567', email: 'a@b.no' });
    await assert.rejects(profile().uncheckedUpdatePersonProfile(p.partyId, { email: 'c@d.no', mobile: '123' }), (e) => isAppError(e, ProfileProblems.invalidMobile));
    await assert.rejects(profile().uncheckedUpdatePersonProfile(p.partyId, { email: 'not-an-address' }), (e) => isAppError(e, ProfileProblems.invalidEmail));
    await assert.rejects(profile().uncheckedUpdatePersonProfile(p.partyId, { language: 'de' }), (e) => isAppError(e, ProfileProblems.invalidLanguage));
    const unchanged = await profile().uncheckedGetPersonProfile(p.partyId);
    assert.equal(unchanged.email, 'a@b.no');
    assert.equal(unchanged.mobile, '+4791234567');
  });

  it('keeps profiles for persons only', async () => {
    const org = await buildOrganization(register());
    await assert.rejects(profile().uncheckedUpdatePersonProfile(org.partyId, { language: 'en' }), (e) => isAppError(e, ProfileProblems.notAPerson));
    await assert.rejects(profile().uncheckedGetPersonProfile(org.partyId), (e) => isAppError(e, ProfileProblems.notAPerson));
  });

  it('stores login settings with a unique, case-insensitive user name', async () => {
    const a = await buildPerson(register());
    const b = await buildPerson(register());
    assert.deepEqual(await profile().uncheckedGetLoginSettings(a.partyId), { partyId: a.partyId, username: null, allowSystemSubmission: false });
    const name = `kari.${a.partyId}`;
    await profile().uncheckedUpdateLoginSettings(a.partyId, { username: name, allowSystemSubmission: true });
    assert.equal(await profile().findPartyIdByUsername(name.toUpperCase()), a.partyId);
    await assert.rejects(profile().uncheckedUpdateLoginSettings(b.partyId, { username: name.toUpperCase() }), (e) => isAppError(e, ProfileProblems.usernameTaken));
    assert.equal((await profile().uncheckedGetLoginSettings(b.partyId)).username, null);
    for (const bad of ['abc', '12345678901', 'has space', 'x'.repeat(51)]) {
      await assert.rejects(profile().uncheckedUpdateLoginSettings(b.partyId, { username: bad }), (e) => isAppError(e, ProfileProblems.invalidUsername), bad);
    }
    const removed = await profile().uncheckedUpdateLoginSettings(a.partyId, { username: null });
    assert.deepEqual(removed, { partyId: a.partyId, username: null, allowSystemSubmission: true });
    assert.equal(await profile().findPartyIdByUsername(name), undefined);
  });

  it('replaces organisation notification addresses, reporting every bad one and writing none of them', async () => {
    const org = await buildOrganization(register());
    const saved = await profile().uncheckedSetOrganizationNotificationAddresses(org.partyId, {
      emails: ['post@firma.no', 'post@FIRMA.no'],
      mobiles: ['91234567', '+47 912 34 567', '41234567'],
    });
    assert.deepEqual(saved, { partyId: org.partyId, emails: ['post@firma.no'], mobiles: ['+4791234567', '+4741234567'] });
    await assert.rejects(
      profile().uncheckedSetOrganizationNotificationAddresses(org.partyId, { emails: ['ok@firma.no', 'bad'], mobiles: ['123', '91234567'] }),
      (e) => isAppError(e) && e.errors?.map((x) => x.path).join(',') === 'emails/1,mobiles/0',
    );
    assert.deepEqual(await profile().uncheckedGetOrganizationNotificationAddresses(org.partyId), saved);
    const tooMany = Array.from({ length: 21 }, (_, i) => `a${i}@firma.no`);
    await assert.rejects(profile().uncheckedSetOrganizationNotificationAddresses(org.partyId, { emails: tooMany, mobiles: [] }), (e) => isAppError(e, ProfileProblems.tooManyAddresses));
    const person = await buildPerson(register());
    await assert.rejects(profile().uncheckedGetOrganizationNotificationAddresses(person.partyId), (e) => isAppError(e, ProfileProblems.notAnOrganization));
  });

  it("answers who acts for an organisation inside a caller's transaction (withDb rebinds the representation port too)", async () => {
    const org = await buildOrganization(register());
    const dagl = await buildPerson(register());
    await register().addErRole({ orgno: org.orgno, roleCode: 'DAGL', holder: { ssn: dagl.ssn } });
    const actor: PersonActor = { kind: 'person', partyId: dagl.partyId, securityLevel: 2, methods: ['test'], sessionId: null };
    // On the embedded database a query outside this transaction would wait for it: this finishes only if
    // every question, authz's included, goes through `trx`.
    const listed = await env().db.kysely.transaction().execute(async (trx) => {
      const inTrx = profile().withDb(trx);
      await inTrx.setOrganizationNotificationAddresses(actor, org.orgno, { emails: ['post@firma.no'], mobiles: [] });
      await inTrx.setMyOrganizationContact(actor, org.orgno, { mobile: '91234567' });
      return inTrx.uncheckedListPersonalContacts(org.partyId);
    });
    assert.deepEqual(listed.map((c) => [c.personPartyId, c.mobile]), [[dagl.partyId, '+4791234567']]);
    assert.deepEqual((await profile().getOrganizationNotificationAddresses(actor, org.orgno)).emails, ['post@firma.no']);
  });
});
