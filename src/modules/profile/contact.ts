import { AppError, type ProblemItem } from '../../platform/index.ts';
import { ProfileProblems } from './errors.ts';

export type Language = 'nb' | 'nn' | 'en';

// Altinn II language ids (LCID) and their Tinn codes.
const LANGUAGE_IDS: Record<string, Language> = { '1044': 'nb', '2068': 'nn', '1033': 'en', nb: 'nb', nn: 'nn', en: 'en', no: 'nb' };

/** nb, nn or en; also Altinn II's 1044 / 2068 / 1033. Throws PROF-00003. */
export function parseLanguage(value: string | number): Language {
  const lang = LANGUAGE_IDS[String(value).trim().toLowerCase()];
  if (!lang) throw new AppError(ProfileProblems.invalidLanguage, { detail: 'use nb, nn or en (or 1044, 2068, 1033)' });
  return lang;
}

/**
 * Normalises a mobile number to E.164. Norwegian numbers (8 digits, with or without +47/0047) must be
 * mobile numbers (first digit 4 or 9); foreign numbers need their + country code. Throws PROF-00001.
 */
export function normalizeMobile(value: string, field = 'mobile'): string {
  const compact = value.replace(/[\s().-]/g, '');
  const fail = (detail: string) => new AppError(ProfileProblems.invalidMobile, { detail, errors: [{ path: field, message: detail, rule: 'mobile' }] });
  let international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (/^\d{8}$/.test(international)) international = `+47${international}`;
  if (!/^\+\d{8,15}$/.test(international)) throw fail('expected 8 digits or + country code and number');
  if (international.startsWith('+47')) {
    const national = international.slice(3);
    if (!/^[49]\d{7}$/.test(national)) throw fail('a Norwegian mobile number has 8 digits and starts with 4 or 9');
  }
  return international;
}

const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Trims and checks an e-mail address (domain lower-cased). Throws PROF-00002. */
export function normalizeEmail(value: string, field = 'email'): string {
  const v = value.trim();
  const at = v.lastIndexOf('@');
  if (v.length > 254 || at < 1 || !EMAIL.test(v)) {
    throw new AppError(ProfileProblems.invalidEmail, { detail: 'expected name@domain.tld', errors: [{ path: field, message: 'invalid e-mail address', rule: 'email' }] });
  }
  return `${v.slice(0, at)}@${v.slice(at + 1).toLowerCase()}`;
}

/**
 * User names are 6–50 characters of letters, digits, '.', '_' and '-', with at least one letter, so they
 * never look like a national identity number (which logs in as well). Throws PROF-00004.
 */
export function normalizeUsername(value: string): string {
  const v = value.trim();
  if (!/^[A-Za-z0-9._-]{6,50}$/.test(v) || !/[A-Za-z]/.test(v)) {
    throw new AppError(ProfileProblems.invalidUsername, {
      detail: "6–50 characters of letters, digits, '.', '_' and '-', with at least one letter",
      errors: [{ path: 'username', message: 'invalid user name', rule: 'username' }],
    });
  }
  return v;
}

/**
 * Checks many addresses and reports every bad one together: `check` normalises one address, remembering
 * a failure under its path; `throwIfAny` then throws PROF-00001 or PROF-00002 (the first failure's) with
 * every failure listed.
 */
export function addressChecks() {
  const errors: ProblemItem[] = [];
  return {
    check<T>(path: string, normalize: () => T): T | undefined {
      try {
        return normalize();
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        errors.push({ path, message: err.problem.title, rule: err.problem.code });
        return undefined;
      }
    },
    throwIfAny(): void {
      if (errors.length === 0) return;
      const problem = errors[0]!.rule === ProfileProblems.invalidMobile.code ? ProfileProblems.invalidMobile : ProfileProblems.invalidEmail;
      throw new AppError(problem, { detail: `${errors.length} invalid address(es)`, errors });
    },
  };
}
