import { AppError, type ProblemItem } from '../../platform/index.ts';
import { RegisterProblems } from './errors.ts';
import type { Address } from './party.ts';

// Letters of any script, marks, spaces, and the punctuation names carry (O'Neil, Anne-Lise, St. Olav).
const NAME = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .,'&()/\-]*$/u;

/** Trims a name and checks it; throws REG-00017 naming the field. */
export function normalizeName(field: string, value: string, max = 175): string {
  const v = value.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (v.length === 0 || v.length > max || !NAME.test(v)) {
    throw new AppError(RegisterProblems.invalidName, {
      detail: `${field} must be 1–${max} characters of letters, digits, spaces and . , ' & ( ) / -`,
      errors: [{ path: field, message: 'invalid name', rule: 'name' }],
    });
  }
  return v;
}

const ADDRESS_FIELDS: Record<keyof Address, RegExp> = {
  street: /^[^\p{Cc}]{1,200}$/u,
  postalCode: /^[A-Za-z0-9 -]{2,12}$/,
  postalCity: /^[^\p{Cc}]{1,100}$/u,
  country: /^[A-Z]{2}$/,
};

/** Checks an address; country is an ISO 3166 alpha-2 code. Throws REG-00018 listing every bad field. */
export function normalizeAddress(field: string, address: Address | null | undefined): Address | null {
  if (!address) return null;
  const errors: ProblemItem[] = [];
  const out: Address = {};
  for (const key of Object.keys(ADDRESS_FIELDS) as (keyof Address)[]) {
    const v = address[key]?.trim();
    if (v === undefined || v === '') continue;
    if (!ADDRESS_FIELDS[key].test(v)) errors.push({ path: `${field}/${key}`, message: `invalid ${key}`, rule: key });
    else out[key] = v;
  }
  if (errors.length > 0) throw new AppError(RegisterProblems.invalidAddress, { detail: `${errors.length} invalid address field(s)`, errors });
  return Object.keys(out).length === 0 ? null : out;
}
