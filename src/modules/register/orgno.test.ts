import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../platform/index.ts';
import { RegisterProblems } from './errors.ts';
import { assertOrgno, checkOrgno, makeOrgno } from './orgno.ts';

describe('organisation numbers', () => {
  it('accepts a number with the right mod-11 check digit', () => {
    assert.deepEqual(checkOrgno('974760673'), { ok: true }); // Brønnøysundregistrene
    assert.deepEqual(checkOrgno('310000167'), { ok: true });
  });

  it('refuses wrong length, non-digits and a wrong check digit with distinct codes', () => {
    assert.deepEqual(checkOrgno('97476067'), { ok: false, rule: 'format' });
    assert.deepEqual(checkOrgno('9747606731'), { ok: false, rule: 'format' });
    assert.deepEqual(checkOrgno('97476067x'), { ok: false, rule: 'format' });
    assert.deepEqual(checkOrgno('974760674'), { ok: false, rule: 'checkDigit' });
    assert.throws(() => assertOrgno('12'), (e) => isAppError(e, RegisterProblems.orgnoFormat));
    assert.throws(() => assertOrgno('974760674'), (e) => isAppError(e, RegisterProblems.orgnoCheckDigit));
  });

  it('makes numbers only where a check digit exists', () => {
    const made = makeOrgno('31000016');
    assert.equal(made, '310000167');
    for (let i = 0; i < 200; i++) {
      const o = makeOrgno(String(10_000_000 + i * 37));
      if (o) assert.deepEqual(checkOrgno(o), { ok: true });
    }
  });
});
