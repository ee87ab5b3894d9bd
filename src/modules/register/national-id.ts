import { AppError, type Problem } from '../../platform/index.ts';
import { RegisterProblems } from './errors.ts';

/**
 * Norwegian national identity numbers: fødselsnummer (DDMMYY + individual number + two check digits)
 * and D-number (day + 40). Synthetic numbers (Tenor / the test environment) add 80 to the month.
 */
export interface NationalIdInfo {
  kind: 'fnr' | 'dnr';
  birthDate: string;
  isSynthetic: boolean;
}

export type NationalIdRule = 'length' | 'synthetic' | 'date' | 'checkDigit1' | 'checkDigit2';

export type NationalIdCheck = { ok: true; info: NationalIdInfo } | { ok: false; rule: NationalIdRule; problem: Problem; detail: string };

const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function mod11(digits: readonly number[], weights: readonly number[]): number | undefined {
  const sum = weights.reduce((acc, w, i) => acc + w * digits[i]!, 0);
  const r = 11 - (sum % 11);
  if (r === 11) return 0;
  if (r === 10) return undefined; // no valid check digit: such numbers are never issued
  return r;
}

/** The two check digits for the first nine digits, or undefined when no number can be made from them. */
export function nationalIdCheckDigits(first9: string): [number, number] | undefined {
  const d = [...first9].map(Number);
  const k1 = mod11(d, W1);
  if (k1 === undefined) return undefined;
  const k2 = mod11([...d, k1], W2);
  if (k2 === undefined) return undefined;
  return [k1, k2];
}

/** The full year from a two-digit year and the individual number, per the Norwegian rules. */
function century(yy: number, individual: number): number | undefined {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (individual >= 500 && yy <= 39) return 2000 + yy;
  if (individual >= 900 && yy >= 40) return 1900 + yy;
  return undefined;
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Checks a national identity number and says which rule failed. Pure: no I/O. */
export function checkNationalId(value: string, options: { allowSynthetic: boolean }): NationalIdCheck {
  const fail = (rule: NationalIdRule, problem: Problem, detail: string): NationalIdCheck => ({ ok: false, rule, problem, detail });
  if (!/^\d{11}$/.test(value)) {
    return fail('length', RegisterProblems.nationalIdLength, `expected 11 digits, got ${value.length} character(s)${/\D/.test(value) ? ' including non-digits' : ''}`);
  }
  const d = [...value].map(Number);
  let day = d[0]! * 10 + d[1]!;
  let month = d[2]! * 10 + d[3]!;
  const yy = d[4]! * 10 + d[5]!;
  const individual = d[6]! * 100 + d[7]! * 10 + d[8]!;
  const kind: 'fnr' | 'dnr' = day > 40 ? 'dnr' : 'fnr';
  if (kind === 'dnr') day -= 40;
  const isSynthetic = month > 80;
  if (isSynthetic) {
    if (!options.allowSynthetic) return fail('synthetic', RegisterProblems.syntheticIdNotAllowed, 'month + 80 marks a synthetic number');
    month -= 80;
  }
  const year = century(yy, individual);
  if (year === undefined || !isRealDate(year, month, day)) {
    return fail('date', RegisterProblems.nationalIdDate, 'the first six digits and the individual number do not give a real birth date');
  }
  const k1 = mod11(d, W1);
  if (k1 === undefined || k1 !== d[9]) return fail('checkDigit1', RegisterProblems.nationalIdCheckDigit1, 'digit 10 does not match digits 1–9');
  const k2 = mod11(d, W2);
  if (k2 === undefined || k2 !== d[10]) return fail('checkDigit2', RegisterProblems.nationalIdCheckDigit2, 'digit 11 does not match digits 1–10');
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { ok: true, info: { kind, birthDate, isSynthetic } };
}

/** Like checkNationalId, but throws the coded problem. */
export function parseNationalId(value: string, options: { allowSynthetic: boolean }): NationalIdInfo {
  const check = checkNationalId(value, options);
  if (!check.ok) throw new AppError(check.problem, { detail: check.detail, data: { rule: check.rule } });
  return check.info;
}

/**
 * Makes a synthetic national identity number (month + 80) for a birth date, using `pick(n)` to choose
 * the individual number. Returns undefined when the chosen individual number gives no check digits.
 */
export function makeSyntheticNationalId(birthDate: string, individual: number, kind: 'fnr' | 'dnr' = 'fnr'): string | undefined {
  return makeNationalId(birthDate, individual, kind, true);
}

/** Makes a national identity number (synthetic: month + 80), or undefined when none exists for these digits. */
export function makeNationalId(birthDate: string, individual: number, kind: 'fnr' | 'dnr', synthetic: boolean): string | undefined {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const yy = y % 100;
  if (century(yy, individual) !== y) return undefined;
  const first9 =
    String(kind === 'dnr' ? d + 40 : d).padStart(2, '0') +
    String(synthetic ? m + 80 : m).padStart(2, '0') +
    String(yy).padStart(2, '0') +
    String(individual).padStart(3, '0');
  const k = nationalIdCheckDigits(first9);
  return k ? `${first9}${k[0]}${k[1]}` : undefined;
}

/** Individual-number range valid for a birth year (the first one the rules allow). */
export function individualRange(year: number): [number, number] {
  if (year >= 1900 && year <= 1999) return [0, 499];
  if (year >= 2000 && year <= 2039) return [500, 999];
  if (year >= 1854 && year <= 1899) return [500, 749];
  throw new Error(`no individual numbers for birth year ${year}`);
}
