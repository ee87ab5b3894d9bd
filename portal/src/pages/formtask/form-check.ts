// Checks in the browser that mirror the XSD's facets, so most mistakes are caught before saving; and Tinn's
// own validation errors (libxml2's messages with line numbers) placed at the fields they are about. Tinn's
// answer is the one that counts: a pattern JavaScript cannot express is left to it.
import { childPath, nodeAt, normalizeValue, writtenOccurrences, type FieldPath, type GroupValue, type Occurrence } from './form-xml.ts';
import type { FieldNode, GroupNode, ValueType } from './xsd-model.ts';

export type ProblemCode =
  | 'required'
  | 'pattern'
  | 'enumeration'
  | 'length'
  | 'minLength'
  | 'maxLength'
  | 'integer'
  | 'decimal'
  | 'number'
  | 'date'
  | 'dateTime'
  | 'time'
  | 'gYearMonth'
  | 'gYear'
  | 'boolean'
  | 'minInclusive'
  | 'maxInclusive'
  | 'minExclusive'
  | 'maxExclusive'
  | 'totalDigits'
  | 'fractionDigits'
  | 'unexpected'
  | 'server';

export interface FieldProblem {
  /** The field (or group) it is about; undefined when Tinn's message names nothing the form shows. */
  path: FieldPath | undefined;
  code: ProblemCode;
  /** The limit or pattern the value broke ({limit}). */
  limit?: string;
  /** Tinn's own message, for problems the page cannot put in words of its own. */
  message?: string;
  line?: number;
}

const XSD_CLASS_ESCAPES: Record<string, string> = { d: '\\p{Nd}', D: '\\P{Nd}', s: '[ \\t\\n\\r]', S: '[^ \\t\\n\\r]', w: '[^\\p{P}\\p{Z}\\p{C}]', W: '[\\p{P}\\p{Z}\\p{C}]' };

/**
 * An XSD pattern as an anchored JavaScript RegExp, or undefined when it uses what JavaScript cannot say
 * (name-character escapes, class subtraction, Unicode blocks): those are left to Tinn.
 */
export function xsdPatternToRegExp(pattern: string): RegExp | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) return undefined;
      i++;
      if ('iIcC'.includes(n)) return undefined;
      if ((n === 'p' || n === 'P') && pattern.slice(i + 1, i + 4) === '{Is') return undefined;
      if (n in XSD_CLASS_ESCAPES) {
        const escape = XSD_CLASS_ESCAPES[n]!;
        if (inClass && escape.startsWith('[')) return undefined;
        out += inClass && n === 's' ? ' \\t\\n\\r' : escape;
      } else if (n === '-' && !inClass) out += '-';
      else out += `\\${n}`;
      continue;
    }
    if (inClass) {
      if (c === '-' && pattern[i + 1] === '[') return undefined;
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      continue;
    }
    if (c === '^' || c === '$') out += `\\${c}`;
    else if (c === '.') out += '[^\\n\\r]';
    else out += c;
  }
  try {
    return new RegExp(`^(?:${out})$`, 'u');
  } catch {
    return undefined;
  }
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INTEGER = /^[+-]?\d+$/;

function validDate(y: string, m: string, d: string): boolean {
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  const year = Number(y);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

const LEXICAL: Partial<Record<ValueType['kind'], (v: string) => boolean>> = {
  integer: (v) => INTEGER.test(v),
  decimal: (v) => DECIMAL.test(v),
  number: (v) => /^(([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)|-?INF|NaN)$/.test(v),
  date: (v) => {
    const m = /^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/.exec(v);
    return !!m && validDate(m[1]!, m[2]!, m[3]!);
  },
  dateTime: (v) => {
    const m = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(v);
    return !!m && validDate(m[1]!, m[2]!, m[3]!) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60;
  },
  time: (v) => /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(v),
  gYearMonth: (v) => /^-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d{2}:\d{2})?$/.test(v),
  gYear: (v) => /^-?\d{4,}(Z|[+-]\d{2}:\d{2})?$/.test(v),
  boolean: (v) => /^(true|false|1|0)$/.test(v),
};

/** Compares two values of a kind: numbers as numbers, dates and the like as their text (same form). */
function compare(kind: ValueType['kind'], a: string, b: string): number {
  if (kind === 'integer' || kind === 'decimal' || kind === 'number') return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Digits of a decimal: all significant ones, and those after the point (trailing zeros do not count). */
function digits(v: string): { total: number; fraction: number } {
  const [int = '', frac = ''] = v.replace(/^[+-]/, '').split('.');
  const fraction = frac.replace(/0+$/, '');
  const integer = int.replace(/^0+/, '');
  return { total: integer.length + fraction.length || 1, fraction: fraction.length };
}

/** The first facet a field's value breaks (the value is normalised first), or undefined. */
export function checkValue(field: FieldNode, raw: string): Omit<FieldProblem, 'path'> | undefined {
  const v = normalizeValue(field, raw);
  const { kind, facets } = field.type;
  if (kind !== 'text' && !LEXICAL[kind]!(v)) return { code: kind };
  if (facets.enumeration && !facets.enumeration.some((e) => e.value === v)) return { code: 'enumeration' };
  const length = [...v].length;
  if (kind === 'text') {
    if (facets.length !== undefined && length !== facets.length) return { code: 'length', limit: String(facets.length) };
    if (facets.minLength !== undefined && length < facets.minLength) return { code: 'minLength', limit: String(facets.minLength) };
    if (facets.maxLength !== undefined && length > facets.maxLength) return { code: 'maxLength', limit: String(facets.maxLength) };
  }
  for (const step of facets.patterns) {
    const regexps = step.map(xsdPatternToRegExp);
    if (regexps.some((r) => r === undefined)) continue;
    if (!regexps.some((r) => r!.test(v))) return { code: 'pattern', limit: step.join(' | ') };
  }
  if (facets.minInclusive !== undefined && compare(kind, v, facets.minInclusive) < 0) return { code: 'minInclusive', limit: facets.minInclusive };
  if (facets.maxInclusive !== undefined && compare(kind, v, facets.maxInclusive) > 0) return { code: 'maxInclusive', limit: facets.maxInclusive };
  if (facets.minExclusive !== undefined && compare(kind, v, facets.minExclusive) <= 0) return { code: 'minExclusive', limit: facets.minExclusive };
  if (facets.maxExclusive !== undefined && compare(kind, v, facets.maxExclusive) >= 0) return { code: 'maxExclusive', limit: facets.maxExclusive };
  if (kind === 'decimal' || kind === 'integer') {
    const d = digits(v);
    if (facets.totalDigits !== undefined && d.total > facets.totalDigits) return { code: 'totalDigits', limit: String(facets.totalDigits) };
    if (facets.fractionDigits !== undefined && d.fraction > facets.fractionDigits) return { code: 'fractionDigits', limit: String(facets.fractionDigits) };
  }
  return undefined;
}

/**
 * Every problem of a form before it is sent: required fields left empty in the groups that are written,
 * and values that break their facets. In form order.
 */
export function checkForm(root: GroupNode, value: GroupValue): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (group: GroupNode, v: GroupValue, path: FieldPath) => {
    for (const c of group.children) {
      const occurrences = v[c.name] ?? [];
      const written = writtenOccurrences(c, occurrences);
      occurrences.forEach((o, i) => {
        const p = childPath(path, c.name, i);
        if (c.kind === 'group') {
          if (written.includes(i)) visit(c, o as GroupValue, p);
          return;
        }
        const text = typeof o === 'string' ? o : '';
        if (c.type.kind === 'boolean' && c.minOccurs > 0 && text === '') return; // an unticked checkbox is false
        if (text.trim() === '') {
          if (written.includes(i)) problems.push({ path: p, code: 'required' });
          return;
        }
        const problem = checkValue(c, text);
        if (problem) problems.push({ path: p, ...problem });
      });
      if (c.kind === 'group' && written.length < c.minOccurs) problems.push({ path: childPath(path, c.name, 0), code: 'required' });
    }
  };
  visit(root, value, '');
  return problems;
}

/** One of Tinn's validation errors (ProblemItem of SUB-00006). */
export interface ServerError {
  line?: number;
  message: string;
}

const FACET = /\[facet '(\w+)'\]/;
const ELEMENT = /^Element '(?:\{[^}]*\})?([^']+)'/;

/** The limit a libxml2 facet message names: the last quoted value in it. */
function lastQuoted(message: string): string | undefined {
  const all = [...message.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  return all[all.length - 1];
}

/**
 * Tinn's validation errors at the fields they are about: by the line the error names (the page wrote the
 * XML, one element per line) and, failing that, by the element name in libxml2's message. A missing child
 * is put at the child. One problem per field (libxml2 often reports a facet and then the type).
 */
export function placeServerErrors(root: GroupNode, value: GroupValue, errors: ServerError[], lines: Map<number, FieldPath> | undefined): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const e of errors) {
    const facet = FACET.exec(e.message)?.[1];
    const elementName = ELEMENT.exec(e.message)?.[1];
    let path = e.line !== undefined ? lines?.get(e.line) : undefined;
    if (path === undefined && elementName) path = findByName(root, value, elementName);
    const node = path === undefined ? undefined : nodeAt(root, path);
    let problem: FieldProblem;
    const missing = /Missing child element\(s\)\. Expected is(?: one of)? \( (?:\{[^}]*\})?([\w.-]+)/.exec(e.message);
    if (missing && node?.kind === 'group') problem = { path: childPath(path!, missing[1]!, 0), code: 'required' };
    else if (facet && isFacetCode(facet)) {
      const limit = facet === 'enumeration' ? undefined : lastQuoted(e.message);
      problem = { path, code: facet, ...(limit !== undefined ? { limit } : {}) };
    } else if (/is not a valid value of the (local )?(atomic|list|union) type/.test(e.message) && node?.kind === 'field') problem = { path, code: node.type.kind === 'text' ? 'server' : node.type.kind, message: e.message };
    else if (/This element is not expected/.test(e.message)) {
      // Usually a required element is missing before this one: put it at that element when the form has it.
      const expected = /Expected is \( (?:\{[^}]*\})?([\w.-]+) \)/.exec(e.message)?.[1];
      const parent = path === undefined || !path.includes('/') ? '' : path.slice(0, path.lastIndexOf('/'));
      const sibling = expected === undefined || path === undefined ? undefined : childPath(parent, expected, 0);
      problem = sibling !== undefined && nodeAt(root, sibling) ? { path: sibling, code: 'required' } : { path, code: 'unexpected', message: e.message };
    }
    else problem = { path, code: 'server', message: e.message };
    if (e.line !== undefined) problem.line = e.line;
    if (problem.path === undefined || !problems.some((p) => p.path === problem.path)) problems.push(problem);
  }
  return problems;
}

const FACET_CODES: ProblemCode[] = ['pattern', 'enumeration', 'length', 'minLength', 'maxLength', 'minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive', 'totalDigits', 'fractionDigits'];
const isFacetCode = (f: string): f is ProblemCode => (FACET_CODES as string[]).includes(f);

/** The first occurrence in the value of an element with this name (depth first), as a path. */
function findByName(root: GroupNode, value: GroupValue, name: string): FieldPath | undefined {
  if (root.name === name) return '';
  const search = (group: GroupNode, v: GroupValue, path: FieldPath): FieldPath | undefined => {
    for (const c of group.children) {
      const occurrences: Occurrence[] = v[c.name] ?? [];
      if (c.name === name) return childPath(path, c.name, 0);
      if (c.kind === 'group') {
        for (const [i, o] of occurrences.entries()) {
          const found = search(c, o as GroupValue, childPath(path, c.name, i));
          if (found !== undefined) return found;
        }
      }
    }
    return undefined;
  };
  return search(root, value, '');
}
