import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SMS_CHARACTERS, countSmsSegments } from './sms-segments.ts';

const gsm = (n: number) => 'a'.repeat(n);
const ucs = (n: number) => 'Ж'.repeat(n); // Cyrillic: one UTF-16 unit, not in GSM-7

describe('countSmsSegments', () => {
  it('counts an empty text as one empty part', () => {
    assert.deepEqual(countSmsSegments(''), { encoding: 'GSM-7', units: 0, segments: 1, characters: 0 });
  });

  it('keeps Norwegian letters and the rest of the basic table in GSM-7', () => {
    const basic =
      '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
    assert.deepEqual(countSmsSegments(basic), { encoding: 'GSM-7', units: 127, segments: 1, characters: 127 });
    const norwegian = 'Hei Kåre Ærlig Østby! Fristen for skattemeldingen er 30. april. Gå til Tinn.';
    assert.deepEqual(countSmsSegments(norwegian), { encoding: 'GSM-7', units: norwegian.length, segments: 1, characters: norwegian.length });
  });

  it('counts extension characters as two septets', () => {
    assert.deepEqual(countSmsSegments('€'), { encoding: 'GSM-7', units: 2, segments: 1, characters: 1 });
    assert.deepEqual(countSmsSegments('^{}\\[~]|€\f'), { encoding: 'GSM-7', units: 20, segments: 1, characters: 10 });
    assert.equal(countSmsSegments(gsm(158) + '€').segments, 1);
    assert.equal(countSmsSegments(gsm(159) + '€').segments, 2);
  });

  it('fits 160 septets in one part and splits 161 into two', () => {
    assert.deepEqual(countSmsSegments(gsm(160)), { encoding: 'GSM-7', units: 160, segments: 1, characters: 160 });
    assert.deepEqual(countSmsSegments(gsm(161)), { encoding: 'GSM-7', units: 161, segments: 2, characters: 161 });
  });

  it('fits 153 septets per part once split', () => {
    assert.equal(countSmsSegments(gsm(306)).segments, 2);
    assert.equal(countSmsSegments(gsm(307)).segments, 3);
    assert.equal(countSmsSegments(gsm(459)).segments, 3);
    assert.equal(countSmsSegments(gsm(460)).segments, 4);
  });

  it('does not split an escape pair across parts', () => {
    // 306 septets would fit two parts of 153, but the € would straddle the first boundary.
    const text = gsm(152) + '€' + gsm(152);
    assert.equal(countSmsSegments(text).units, 306);
    assert.equal(countSmsSegments(text).segments, 3);
    assert.equal(countSmsSegments(gsm(151) + '€' + gsm(153)).segments, 2);
  });

  it('switches the whole message to UCS-2 for one character outside GSM-7', () => {
    assert.deepEqual(countSmsSegments(gsm(100) + '😀'), { encoding: 'UCS-2', units: 102, segments: 2, characters: 101 });
    assert.deepEqual(countSmsSegments('Pris 100 €`'), { encoding: 'UCS-2', units: 11, segments: 1, characters: 11 });
    assert.equal(countSmsSegments('ç').encoding, 'UCS-2');
  });

  it('fits 70 UCS-2 units in one part and 67 per part once split', () => {
    assert.deepEqual(countSmsSegments(ucs(70)), { encoding: 'UCS-2', units: 70, segments: 1, characters: 70 });
    assert.deepEqual(countSmsSegments(ucs(71)), { encoding: 'UCS-2', units: 71, segments: 2, characters: 71 });
    assert.equal(countSmsSegments(ucs(134)).segments, 2);
    assert.equal(countSmsSegments(ucs(135)).segments, 3);
  });

  it('does not split a surrogate pair across parts', () => {
    const text = ucs(66) + '😀' + ucs(66);
    assert.equal(countSmsSegments(text).units, 134);
    assert.equal(countSmsSegments(text).characters, 133);
    assert.equal(countSmsSegments(text).segments, 3);
    assert.equal(countSmsSegments(ucs(65) + '😀' + ucs(67)).segments, 2);
  });

  it("keeps Altinn II's limit of 700 characters", () => {
    assert.equal(MAX_SMS_CHARACTERS, 700);
    assert.equal(countSmsSegments(gsm(MAX_SMS_CHARACTERS)).segments, 5);
  });
});
