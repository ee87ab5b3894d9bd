import { AppError } from '../../platform/index.ts';
import { RegisterProblems } from './errors.ts';

const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/** The mod-11 check digit for the first eight digits, or undefined when none exists. */
export function orgnoCheckDigit(first8: string): number | undefined {
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(first8[i]), 0);
  const r = 11 - (sum % 11);
  if (r === 11) return 0;
  if (r === 10) return undefined;
  return r;
}

export type OrgnoCheck = { ok: true } | { ok: false; rule: 'format' | 'checkDigit' };

/** Checks a 9-digit organisation number (Enhetsregisteret) with its mod-11 check digit. */
export function checkOrgno(value: string): OrgnoCheck {
  if (!/^\d{9}$/.test(value)) return { ok: false, rule: 'format' };
  return orgnoCheckDigit(value.slice(0, 8)) === Number(value[8]) ? { ok: true } : { ok: false, rule: 'checkDigit' };
}

/** Throws REG-00006 / REG-00007 for an invalid organisation number. */
export function assertOrgno(value: string): void {
  const check = checkOrgno(value);
  if (check.ok) return;
  if (check.rule === 'format') {
    throw new AppError(RegisterProblems.orgnoFormat, { detail: `expected 9 digits, got ${JSON.stringify(value.slice(0, 20))}`, data: { rule: 'format' } });
  }
  throw new AppError(RegisterProblems.orgnoCheckDigit, { detail: 'digit 9 does not match digits 1–8', data: { rule: 'checkDigit' } });
}

/** Makes a valid organisation number from 8 digits, or undefined when no check digit exists. */
export function makeOrgno(first8: string): string | undefined {
  const k = orgnoCheckDigit(first8);
  return k === undefined ? undefined : `${first8}${k}`;
}
