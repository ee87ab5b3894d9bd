// Notification texts: tokens {0} {1} … filled from the sender's values, and Altinn II's
// "varselsmakroer" ($reporteeName$ …) filled from register data about the reportee.
//
// Substitution is deliberately dumb: a hand-written scanner, one pass, no templating engine and
// no regular expression that could backtrack over a long text. Whatever we insert (a token value
// or a macro value) is never scanned again, so a sender cannot smuggle in tokens and a person
// called "$reporteeEmail$" cannot leak anybody's e-mail address.
//
// What counts as a "macro-like sequence" (the only thing the scanner ever touches):
//   $ name [ (format) ] [ |reference ] $
//   name       a letter, then letters or digits (no whitespace)
//   format     anything but $ ( ) and line breaks
//   reference  anything but $ and line breaks, starting with |
// Every other $ is plain text: "$5 and $6", "US$ 100", a lone "$" and "$$" render as written.
// There is no escape for a literal "$reporteeName$"; Altinn II had none either.

/** Register data about the party a notification is about, as the macros need it. */
export interface MacroReportee {
  kind: 'person' | 'organization';
  firstName?: string | null;
  middleName?: string | null;
  lastName?: string | null;
  /** Full name of a person, name of an organisation. */
  name: string;
  /** Organisation number; organisations only. */
  orgno?: string | null;
  /** 'YYYY-MM-DD'; persons only. */
  birthDate?: string | null;
  /** Up to 3 lines are used ($reporteePostalAddress1$ … 3$). */
  postalAddressLines?: string[];
  postalCode?: string | null;
  postalArea?: string | null;
  email?: string | null;
  mobile?: string | null;
}

/** Everything a notification text may draw on when its macros are expanded. */
export interface MacroContext {
  reportee: MacroReportee | undefined;
  /** Name of the service the notification is tied to, in the notification's language. */
  serviceName: string | undefined;
  /** Names of services referenced with $servicename|SC:#|SEC:#$, keyed `${serviceCode}|${serviceEditionCode}` (the caller loads them first, see serviceReferences). */
  serviceNames: ReadonlyMap<string, string>;
}

/** A macro-like sequence Tinn cannot expand; `index` is the position of its opening `$`. */
export interface MacroProblem {
  macro: string;
  index: number;
  message: string;
}

/** A service named in a text with $servicename|SC:#|SEC:#$. */
export interface ServiceReference {
  serviceCode: string;
  serviceEditionCode: number;
}

/** Macros without arguments, and where each one's value comes from. */
const SIMPLE_MACROS = {
  reporteeFirstName: (r) => (isPerson(r) ? orEmpty(r.firstName) : ''),
  reporteeMiddleName: (r) => (isPerson(r) ? orEmpty(r.middleName) : ''),
  reporteeLastName: (r) => (isPerson(r) ? orEmpty(r.lastName) : ''),
  reporteeName: (r) => orEmpty(r?.name),
  // Altinn II gave the organisation number only; a national identity number never goes into a notification.
  reporteeNumber: (r) => (r?.kind === 'organization' ? orEmpty(r.orgno) : ''),
  reporteeBirthMonth: (r) => birthDate(r)?.month ?? '',
  reporteeBirthDay: (r) => birthDate(r)?.day ?? '',
  reporteeBirthYear: (r) => birthDate(r)?.year ?? '',
  reporteePostalCode: (r) => orEmpty(r?.postalCode),
  reporteePostalArea: (r) => orEmpty(r?.postalArea),
  reporteePostalAddress1: (r) => orEmpty(r?.postalAddressLines?.[0]),
  reporteePostalAddress2: (r) => orEmpty(r?.postalAddressLines?.[1]),
  reporteePostalAddress3: (r) => orEmpty(r?.postalAddressLines?.[2]),
  reporteeEmail: (r) => orEmpty(r?.email),
  reporteeMobileNumber: (r) => orEmpty(r?.mobile),
} satisfies Record<string, (reportee: MacroReportee | undefined) => string>;

type SimpleMacroName = keyof typeof SIMPLE_MACROS;

/** The one macro that takes a format: $reporteeBirthDay(yyyy-mm-dd)$. */
const BIRTH_DAY = 'reporteeBirthDay';
/** $servicename$ alone, or with a reference to another service. */
const SERVICE_NAME = 'servicename';
/** Altinn II allowed formats up to this length; longer ones are almost certainly a mistake. */
const MAX_FORMAT_LENGTH = 30;

/** A service code: 1–20 of [A-Za-z0-9_-]. Anchored with no nested quantifier, so it cannot backtrack. */
const SERVICE_REFERENCE = /^\|SC:([A-Za-z0-9_-]{1,20})\|SEC:([0-9]{1,9})$/;

type FormatPart = 'yyyy' | 'yy' | 'mm' | 'dd' | { literal: string };

type Macro =
  | { kind: 'simple'; name: SimpleMacroName }
  | { kind: 'birthDayFormatted'; format: FormatPart[] }
  | { kind: 'serviceName' }
  | { kind: 'referencedServiceName'; reference: ServiceReference };

interface MacroLike {
  start: number;
  /** Index just after the closing `$`. */
  end: number;
  name: string;
  format: string | undefined;
  /** Including the leading `|`. */
  reference: string | undefined;
}

/** Every $…$ sequence that looks like a macro but is not one Tinn knows (or has a bad format / bad SC/SEC): for rejecting templates on save. */
export function findUnknownMacros(text: string): MacroProblem[] {
  const problems: MacroProblem[] = [];
  for (const found of macroLikeSequences(text)) {
    const macro = interpretMacro(found);
    if (typeof macro === 'string') {
      problems.push({ macro: text.slice(found.start, found.end), index: found.start, message: macro });
    }
  }
  return problems;
}

/** The distinct services named with $servicename|SC:#|SEC:#$ in these texts. */
export function serviceReferences(texts: readonly string[]): ServiceReference[] {
  const seen = new Map<string, ServiceReference>();
  for (const text of texts) {
    for (const found of macroLikeSequences(text)) {
      const macro = interpretMacro(found);
      if (typeof macro !== 'string' && macro.kind === 'referencedServiceName') {
        seen.set(serviceKey(macro.reference), macro.reference);
      }
    }
  }
  return [...seen.values()];
}

/** The key of a referenced service in MacroContext.serviceNames. */
export function serviceKey(reference: ServiceReference): string {
  return `${reference.serviceCode}|${reference.serviceEditionCode}`;
}

/**
 * Fills tokens {n} from tokenValues (single pass; a missing token becomes ''), then expands macros
 * (single pass; inserted values are never scanned again). Unknown macro-like sequences stay verbatim.
 *
 * Macros are expanded in each piece of template text and in each token value on its own, so a macro
 * is never assembled across a token boundary (`$reportee{0}$` with token `Name` stays as written).
 */
export function renderNotificationText(template: string, tokenValues: readonly string[], context: MacroContext): string {
  let out = '';
  let from = 0;
  for (const token of tokens(template)) {
    out += expandMacros(template.slice(from, token.start), context);
    out += expandMacros(tokenValues[token.index] ?? '', context);
    from = token.end;
  }
  return out + expandMacros(template.slice(from), context);
}

/** Replaces every known macro in `text` with its value; the values are copied, not scanned. */
function expandMacros(text: string, context: MacroContext): string {
  let out = '';
  let from = 0;
  for (const found of macroLikeSequences(text)) {
    const macro = interpretMacro(found);
    if (typeof macro === 'string') continue; // unknown: left in place, copied with the plain text around it
    out += text.slice(from, found.start) + macroValue(macro, context);
    from = found.end;
  }
  return out + text.slice(from);
}

function macroValue(macro: Macro, context: MacroContext): string {
  switch (macro.kind) {
    case 'simple':
      return SIMPLE_MACROS[macro.name](context.reportee);
    case 'birthDayFormatted': {
      const date = birthDate(context.reportee);
      if (!date) return '';
      return macro.format
        .map((part) => {
          switch (part) {
            case 'yyyy': return date.year;
            case 'yy': return date.year.slice(2);
            case 'mm': return date.month;
            case 'dd': return date.day;
            default: return part.literal;
          }
        })
        .join('');
    }
    case 'serviceName':
      return context.serviceName ?? '';
    case 'referencedServiceName':
      return context.serviceNames.get(serviceKey(macro.reference)) ?? '';
  }
}

/** What a macro-like sequence means, or why it means nothing (a message for the template's author). */
function interpretMacro(found: MacroLike): Macro | string {
  const { name, format, reference } = found;
  const isSimple = Object.hasOwn(SIMPLE_MACROS, name);
  if (!isSimple && name !== SERVICE_NAME) {
    return `Unknown macro $${name}$ (macro names are case-sensitive).`;
  }
  if (format !== undefined && reference !== undefined) {
    return `$${name}$ cannot take both a format and a service reference.`;
  }
  if (format !== undefined) {
    if (name !== BIRTH_DAY) return `$${name}$ takes no format; only $${BIRTH_DAY}(…)$ does.`;
    const parts = parseBirthDayFormat(format);
    return typeof parts === 'string' ? parts : { kind: 'birthDayFormatted', format: parts };
  }
  if (reference !== undefined) {
    if (name !== SERVICE_NAME) return `$${name}$ takes no service reference; only $${SERVICE_NAME}|SC:…|SEC:…$ does.`;
    const match = SERVICE_REFERENCE.exec(reference);
    if (!match) {
      return 'A service reference is written |SC:<service code>|SEC:<service edition code>, with a service code of 1–20 letters, digits, _ or - and an edition code of 1–9 digits.';
    }
    return { kind: 'referencedServiceName', reference: { serviceCode: match[1]!, serviceEditionCode: Number(match[2]) } };
  }
  return isSimple ? { kind: 'simple', name: name as SimpleMacroName } : { kind: 'serviceName' };
}

/**
 * yyyy, yy, mm and dd are tried left to right in that order (so "yyyy" is never read as two "yy");
 * any other non-letter is copied. Any other letter is refused: "YYYY", "ddd" or "month" are typos, and
 * silently printing them would put nonsense in front of the recipient.
 */
function parseBirthDayFormat(format: string): FormatPart[] | string {
  if (format.length === 0) return `$${BIRTH_DAY}()$ needs a format such as yyyy-mm-dd.`;
  if (format.length > MAX_FORMAT_LENGTH) return `A date format is at most ${MAX_FORMAT_LENGTH} characters.`;
  const parts: FormatPart[] = [];
  let hasField = false;
  let i = 0;
  while (i < format.length) {
    const field = (['yyyy', 'yy', 'mm', 'dd'] as const).find((f) => format.startsWith(f, i));
    if (field) {
      parts.push(field);
      hasField = true;
      i += field.length;
      continue;
    }
    const ch = String.fromCodePoint(format.codePointAt(i)!);
    if (/\p{L}/u.test(ch)) {
      return `"${ch}" in the date format "${format}": use yyyy, yy, mm and dd (lower case) and non-letters.`;
    }
    const last = parts.at(-1);
    if (typeof last === 'object') last.literal += ch;
    else parts.push({ literal: ch });
    i += ch.length;
  }
  if (!hasField) return `The date format "${format}" has none of yyyy, yy, mm or dd.`;
  return parts;
}

/**
 * Finds macro-like sequences left to right; a `$` that does not start one is plain text and the
 * search goes on from the next character.
 *
 * Linear in the length of the text: no part of a sequence may contain `$`, so an attempt that fails
 * reads no further than the next `$`, which is where the next attempt starts.
 */
function* macroLikeSequences(text: string): Generator<MacroLike> {
  let from = 0;
  for (;;) {
    const start = text.indexOf('$', from);
    if (start < 0) return;
    const found = readMacroLike(text, start);
    if (found) {
      yield found;
      from = found.end;
    } else {
      from = start + 1;
    }
  }
}

function readMacroLike(text: string, start: number): MacroLike | undefined {
  let i = start + 1;
  if (!isLetter(text.charCodeAt(i))) return undefined;
  while (isLetter(text.charCodeAt(i)) || isDigit(text.charCodeAt(i))) i++;
  const name = text.slice(start + 1, i);

  let format: string | undefined;
  if (text[i] === '(') {
    const open = i + 1;
    i = open;
    while (i < text.length && !'$()\r\n'.includes(text[i]!)) i++;
    if (text[i] !== ')') return undefined;
    format = text.slice(open, i);
    i++;
  }

  let reference: string | undefined;
  if (text[i] === '|') {
    const bar = i;
    while (i < text.length && !'$\r\n'.includes(text[i]!)) i++;
    reference = text.slice(bar, i);
  }

  if (text[i] !== '$') return undefined;
  return { start, end: i + 1, name, format, reference };
}

/**
 * Tokens are {0} … {99}, written without leading zeros or spaces. Anything else in braces ("{ 0 }",
 * "{x}", "{}", "{007}") is plain text, and so are doubled braces: "{{0}}" is "{" + token 0 + "}".
 */
function* tokens(template: string): Generator<{ start: number; end: number; index: number }> {
  let from = 0;
  for (;;) {
    const start = template.indexOf('{', from);
    if (start < 0) return;
    const first = template.charCodeAt(start + 1);
    const second = template.charCodeAt(start + 2);
    let digits = 0;
    if (isDigit(first)) {
      if (template[start + 2] === '}') digits = 1;
      else if (first !== 0x30 && isDigit(second) && template[start + 3] === '}') digits = 2;
    }
    if (digits > 0) {
      const end = start + digits + 2;
      yield { start, end, index: Number(template.slice(start + 1, end - 1)) };
      from = end;
    } else {
      from = start + 1;
    }
  }
}

/** Macro names are ASCII; "$reporteeNåme$" is therefore plain text, not an unknown macro. */
function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isPerson(reportee: MacroReportee | undefined): reportee is MacroReportee {
  return reportee?.kind === 'person';
}

function orEmpty(value: string | null | undefined): string {
  return value ?? '';
}

/** The parts of a person's birth date; undefined for organisations and for a missing or malformed date. */
function birthDate(reportee: MacroReportee | undefined): { year: string; month: string; day: string } | undefined {
  if (!isPerson(reportee)) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(reportee.birthDate ?? '');
  if (!match) return undefined;
  return { year: match[1]!, month: match[2]!, day: match[3]! };
}
