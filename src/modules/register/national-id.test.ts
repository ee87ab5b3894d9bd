import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkNationalId, makeSyntheticNationalId, parseNationalId } from './national-id.ts';
import { isAppError } from '../../platform/index.ts';
import { RegisterProblems } from './errors.ts';

// Real-format numbers built from the published algorithm (not real people): 01010012356-style checks.
const FNR = '15076500565'; // born 1965-07-15
const DNR = '55076500559'; // D-number for the same date (day + 40)

describe('checkNationalId', () => {
  it('accepts a fødselsnummer and reads its birth date', () => {
    const check = checkNationalId(FNR, { allowSynthetic: false });
    assert.deepEqual(check, { ok: true, info: { kind: 'fnr', birthDate: '1965-07-15', isSynthetic: false } });
  });

  it('accepts a D-number (day + 40)', () => {
    const check = checkNationalId(DNR, { allowSynthetic: false });
    assert.ok(check.ok);
    assert.equal(check.info.kind, 'dnr');
    assert.equal(check.info.birthDate, '1965-07-15');
  });

  it('accepts synthetic numbers (month + 80) only when allowed', () => {
    const synthetic = makeSyntheticNationalId('1982-11-02', 24)!;
    assert.equal(synthetic.slice(2, 4), '91');
    const allowed = checkNationalId(synthetic, { allowSynthetic: true });
    assert.ok(allowed.ok);
    assert.equal(allowed.info.isSynthetic, true);
    assert.equal(allowed.info.birthDate, '1982-11-02');
    const refused = checkNationalId(synthetic, { allowSynthetic: false });
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.rule, 'synthetic');
  });

  it('names the rule that failed: length, date, first and second check digit', () => {
    const rule = (v: string) => {
      const c = checkNationalId(v, { allowSynthetic: true });
      return c.ok ? 'ok' : `${c.rule} ${c.problem.code}`;
    };
    assert.equal(rule('1507650056'), 'length REG-00001');
    assert.equal(rule('150765005655'), 'length REG-00001');
    assert.equal(rule('1507650056a'), 'length REG-00001');
    assert.equal(rule(''), 'length REG-00001');
    assert.equal(rule('32076500565'), 'date REG-00002');
    assert.equal(rule('15136500565'), 'date REG-00002');
    assert.equal(rule('29026500565'), 'date REG-00002'); // 1965 is no leap year
    assert.equal(rule('15076500575'), 'checkDigit1 REG-00003');
    assert.equal(rule('15076500566'), 'checkDigit2 REG-00004');
  });

  it('reads the century from the individual number', () => {
    const born2005 = makeSyntheticNationalId('2005-01-01', 612)!;
    const check = checkNationalId(born2005, { allowSynthetic: true });
    assert.ok(check.ok);
    assert.equal(check.info.birthDate, '2005-01-01');
    // 1900s individual numbers cannot make a 2005 birth date
    assert.equal(makeSyntheticNationalId('2005-01-01', 100), undefined);
  });

  it('parseNationalId throws the coded problem with the rule', () => {
    assert.throws(
      () => parseNationalId('15076500566', { allowSynthetic: false }),
      (err) => isAppError(err, RegisterProblems.nationalIdCheckDigit2) && err.data?.rule === 'checkDigit2',
    );
  });
});
