// From a form's XSD to a form model the page renders: groups (complex types with a sequence) and fields
// (simple types with their facets), with occurrences, labels and what the page cannot show. Only what a
// simple schema needs; anything else is listed as unsupported and the page offers the raw XML instead.
import { parseXml, resolveQName, type XmlElement } from './xml.ts';

export const XS = 'http://www.w3.org/2001/XMLSchema';

export type ValueKind = 'text' | 'integer' | 'decimal' | 'number' | 'date' | 'dateTime' | 'time' | 'gYearMonth' | 'gYear' | 'boolean';

export interface Enumeration {
  value: string;
  /** From the enumeration's xs:documentation, when it has one. */
  label?: string;
}

export interface Facets {
  enumeration?: Enumeration[];
  /** One list per derivation step: a value matches one pattern of every step. */
  patterns: string[][];
  length?: number;
  minLength?: number;
  maxLength?: number;
  minInclusive?: string;
  maxInclusive?: string;
  minExclusive?: string;
  maxExclusive?: string;
  totalDigits?: number;
  fractionDigits?: number;
}

export interface ValueType {
  kind: ValueKind;
  /** The built-in XSD type it derives from (local name: string, positiveInteger, date …). */
  builtin: string;
  facets: Facets;
}

interface NodeBase {
  name: string;
  ns: string;
  label: string;
  /** Further help from xs:documentation (a second documentation element). */
  help?: string;
  minOccurs: number;
  /** Infinity for unbounded. */
  maxOccurs: number;
}

export interface FieldNode extends NodeBase {
  kind: 'field';
  type: ValueType;
  /** A fixed value: shown, not editable. */
  fixed?: string;
  /** The value a new form starts with. */
  default?: string;
}

export interface GroupNode extends NodeBase {
  kind: 'group';
  children: FormNode[];
  /** Attributes with a fixed value, written on every occurrence. */
  fixedAttributes: { name: string; value: string }[];
}

export type FormNode = FieldNode | GroupNode;

export type UnsupportedConstruct =
  | 'choice'
  | 'any'
  | 'attribute'
  | 'complexContent'
  | 'simpleContent'
  | 'mixed'
  | 'list'
  | 'union'
  | 'recursive'
  | 'repeatingSequence'
  | 'duplicateName'
  | 'unknownType'
  | 'anyType'
  | 'substitution'
  | 'redefine'
  | 'missingFile'
  | 'noRoot'
  | 'simpleRoot'
  | 'syntax';

export interface Unsupported {
  construct: UnsupportedConstruct;
  /** The element, type or file where it was met. */
  where: string;
}

export interface FormModel {
  /** The form's root element as a group; undefined when the schema cannot give one. */
  root: GroupNode | undefined;
  unsupported: Unsupported[];
}

interface SchemaDoc {
  path: string;
  root: XmlElement;
  tns: string;
  elementQualified: boolean;
}

const key = (ns: string, local: string) => `{${ns}}${local}`;
const xsChildren = (el: XmlElement, ...locals: string[]) => el.children.filter((c) => c.ns === XS && (locals.length === 0 || locals.includes(c.local)));

/** Splits camelCase, snake_case and kebab-case: sumMerverdiavgift → "Sum merverdiavgift". */
export function readableName(name: string): string {
  const words = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-zæøå0-9])([A-ZÆØÅ])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const LANGUAGE_CODES: Record<string, string[]> = { nb: ['nb', 'no', 'nob', 'nor', 'nb-no', 'no-nb'], nn: ['nn', 'nno', 'nn-no'], en: ['en', 'eng', 'en-gb', 'en-us'] };

/** The documentation texts of a declaration in a language: those marked with it, else those without a language, else all. */
function documentation(el: XmlElement, language: string): string[] {
  const docs = xsChildren(el, 'annotation').flatMap((a) => xsChildren(a, 'documentation'));
  const text = (d: XmlElement) => collectText(d).replace(/\s+/g, ' ').trim();
  const codes = LANGUAGE_CODES[language] ?? [language];
  const lang = (d: XmlElement) => (d.attrs['xml:lang'] ?? '').toLowerCase();
  const mine = docs.filter((d) => codes.includes(lang(d)));
  const neutral = docs.filter((d) => lang(d) === '');
  return (mine.length > 0 ? mine : neutral.length > 0 ? neutral : docs).map(text).filter((t) => t !== '');
}

function collectText(el: XmlElement): string {
  return el.text + el.children.map(collectText).join(' ');
}

function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

const dirOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '');

const INTEGER_BOUNDS: Record<string, [string | undefined, string | undefined]> = {
  integer: [undefined, undefined],
  nonNegativeInteger: ['0', undefined],
  positiveInteger: ['1', undefined],
  nonPositiveInteger: [undefined, '0'],
  negativeInteger: [undefined, '-1'],
  long: ['-9223372036854775808', '9223372036854775807'],
  int: ['-2147483648', '2147483647'],
  short: ['-32768', '32767'],
  byte: ['-128', '127'],
  unsignedLong: ['0', '18446744073709551615'],
  unsignedInt: ['0', '4294967295'],
  unsignedShort: ['0', '65535'],
  unsignedByte: ['0', '255'],
};

/** A built-in XSD type as a value type (anything without a form control of its own is text). */
export function builtinType(local: string): ValueType {
  const bounds = INTEGER_BOUNDS[local];
  if (bounds) {
    const facets: Facets = { patterns: [] };
    if (bounds[0] !== undefined) facets.minInclusive = bounds[0];
    if (bounds[1] !== undefined) facets.maxInclusive = bounds[1];
    return { kind: 'integer', builtin: local, facets };
  }
  const kinds: Record<string, ValueKind> = {
    decimal: 'decimal',
    float: 'number',
    double: 'number',
    date: 'date',
    dateTime: 'dateTime',
    time: 'time',
    gYearMonth: 'gYearMonth',
    gYear: 'gYear',
    boolean: 'boolean',
  };
  return { kind: kinds[local] ?? 'text', builtin: local, facets: { patterns: [] } };
}

/**
 * Builds the form model of a form: `files` are its XSD files by path (the main file and those it includes
 * or imports, as the catalog serves them), `rootElement` the form's root (the first global element when
 * absent), `language` picks xs:documentation marked with xml:lang.
 */
export function buildFormModel(files: Record<string, string>, mainFile: string, rootElement: string | undefined, language: string): FormModel {
  const currentLanguage = language;
  const unsupported: Unsupported[] = [];
  const note = (construct: UnsupportedConstruct, where: string) => {
    if (!unsupported.some((u) => u.construct === construct && u.where === where)) unsupported.push({ construct, where });
  };

  // Every file the main one reaches through include and import.
  const docs: SchemaDoc[] = [];
  const load = (path: string, includerTns: string | undefined) => {
    if (docs.some((d) => d.path === path)) return;
    const text = files[path];
    if (text === undefined) return note('missingFile', path);
    let root: XmlElement;
    try {
      root = parseXml(text);
    } catch {
      return note('syntax', path);
    }
    const tns = root.attrs.targetNamespace ?? includerTns ?? '';
    docs.push({ path, root, tns, elementQualified: root.attrs.elementFormDefault === 'qualified' });
    for (const ref of xsChildren(root, 'include', 'import', 'redefine')) {
      if (ref.local === 'redefine') note('redefine', path);
      const location = ref.attrs.schemaLocation;
      if (!location) continue;
      load(normalizePath(dirOf(path) + location), ref.local === 'include' ? tns : undefined);
    }
  };
  load(normalizePath(mainFile), undefined);
  const main = docs[0];
  if (!main) return { root: undefined, unsupported };

  const globals = { element: new Map<string, [XmlElement, SchemaDoc]>(), complexType: new Map<string, [XmlElement, SchemaDoc]>(), simpleType: new Map<string, [XmlElement, SchemaDoc]>(), group: new Map<string, [XmlElement, SchemaDoc]>() };
  for (const doc of docs) {
    for (const el of xsChildren(doc.root, 'element', 'complexType', 'simpleType', 'group')) {
      if (el.attrs.name) globals[el.local as keyof typeof globals].set(key(doc.tns, el.attrs.name), [el, doc]);
    }
  }

  const simpleType = (st: XmlElement, doc: SchemaDoc, where: string, seen: Set<string>): ValueType | undefined => {
    const restriction = xsChildren(st, 'restriction')[0];
    if (!restriction) {
      note(xsChildren(st, 'list').length > 0 ? 'list' : 'union', where);
      return undefined;
    }
    let base: ValueType | undefined;
    if (restriction.attrs.base) base = namedSimpleType(restriction.attrs.base, restriction, where, seen);
    else {
      const inline = xsChildren(restriction, 'simpleType')[0];
      base = inline ? simpleType(inline, doc, where, seen) : undefined;
    }
    if (!base) return undefined;
    const facets: Facets = { ...base.facets, patterns: [...base.facets.patterns] };
    const enumeration = xsChildren(restriction, 'enumeration');
    if (enumeration.length > 0) {
      facets.enumeration = enumeration.map((e) => {
        const label = documentation(e, currentLanguage)[0];
        return { value: e.attrs.value ?? '', ...(label ? { label } : {}) };
      });
    }
    const patterns = xsChildren(restriction, 'pattern').map((p) => p.attrs.value ?? '');
    if (patterns.length > 0) facets.patterns.push(patterns);
    for (const facet of ['length', 'minLength', 'maxLength', 'totalDigits', 'fractionDigits'] as const) {
      const v = xsChildren(restriction, facet)[0]?.attrs.value;
      if (v !== undefined && /^\d+$/.test(v.trim())) facets[facet] = Number(v.trim());
    }
    for (const facet of ['minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive'] as const) {
      const v = xsChildren(restriction, facet)[0]?.attrs.value;
      if (v !== undefined) facets[facet] = v.trim();
    }
    return { ...base, facets };
  };

  const namedSimpleType = (qname: string, at: XmlElement, where: string, seen: Set<string>): ValueType | undefined => {
    const q = resolveQName(qname, at);
    if (!q) {
      note('unknownType', where);
      return undefined;
    }
    if (q.ns === XS) {
      if (q.local === 'anyType') {
        note('anyType', where);
        return undefined;
      }
      return builtinType(q.local === 'anySimpleType' ? 'string' : q.local);
    }
    const k = key(q.ns, q.local);
    const found = globals.simpleType.get(k);
    if (!found || seen.has(k)) {
      note(found ? 'recursive' : 'unknownType', where);
      return undefined;
    }
    return simpleType(found[0], found[1], where, new Set([...seen, k]));
  };

  const element = (decl: XmlElement, doc: SchemaDoc, global: boolean, occurs: XmlElement, stack: Set<string>): FormNode | undefined => {
    if (decl.attrs.ref) {
      const q = resolveQName(decl.attrs.ref, decl);
      const found = q && globals.element.get(key(q.ns, q.local));
      if (!found) {
        note('unknownType', decl.attrs.ref);
        return undefined;
      }
      return element(found[0], found[1], true, decl, stack);
    }
    const name = decl.attrs.name ?? '';
    if (decl.attrs.substitutionGroup || decl.attrs.abstract === 'true') note('substitution', name);
    const qualified = global || (decl.attrs.form ? decl.attrs.form === 'qualified' : doc.elementQualified);
    const docs = documentation(decl, currentLanguage);
    const max = occurs.attrs.maxOccurs ?? '1';
    const base = {
      name,
      ns: qualified ? doc.tns : '',
      label: docs[0] ?? readableName(name),
      ...(docs.length > 1 ? { help: docs.slice(1).join(' ') } : {}),
      minOccurs: Number(occurs.attrs.minOccurs ?? '1'),
      maxOccurs: max === 'unbounded' ? Infinity : Number(max),
    };
    const asField = (type: ValueType | undefined): FieldNode | undefined =>
      type && {
        kind: 'field',
        ...base,
        type,
        ...(decl.attrs.fixed !== undefined ? { fixed: decl.attrs.fixed } : {}),
        ...(decl.attrs.default !== undefined ? { default: decl.attrs.default } : {}),
      };
    if (decl.attrs.type) {
      const q = resolveQName(decl.attrs.type, decl);
      if (!q) {
        note('unknownType', name);
        return undefined;
      }
      if (q.ns === XS) return asField(namedSimpleType(decl.attrs.type, decl, name, new Set()));
      const k = key(q.ns, q.local);
      if (globals.simpleType.has(k)) return asField(namedSimpleType(decl.attrs.type, decl, name, new Set()));
      const ct = globals.complexType.get(k);
      if (!ct) {
        note('unknownType', name);
        return undefined;
      }
      if (stack.has(k)) {
        note('recursive', name);
        return undefined;
      }
      return complexType(ct[0], ct[1], base, new Set([...stack, k]));
    }
    const inlineSimple = xsChildren(decl, 'simpleType')[0];
    if (inlineSimple) return asField(simpleType(inlineSimple, doc, name, new Set()));
    const inlineComplex = xsChildren(decl, 'complexType')[0];
    if (inlineComplex) return complexType(inlineComplex, doc, base, stack);
    note('anyType', name);
    return undefined;
  };

  const complexType = (ct: XmlElement, doc: SchemaDoc, base: Omit<NodeBase, never>, stack: Set<string>): GroupNode | undefined => {
    const where = base.name;
    if (ct.attrs.mixed === 'true') note('mixed', where);
    const children: FormNode[] = [];
    const fixedAttributes: { name: string; value: string }[] = [];
    const particles = (container: XmlElement) => {
      for (const p of container.children) {
        if (p.ns !== XS || p.local === 'annotation') continue;
        if (p.local === 'element') {
          const node = element(p, doc, false, p, stack);
          if (node) children.push(node);
        } else if (p.local === 'sequence' || p.local === 'all') {
          if ((p.attrs.minOccurs ?? '1') !== '1' || (p.attrs.maxOccurs ?? '1') !== '1') note('repeatingSequence', where);
          else particles(p);
        } else if (p.local === 'group' && p.attrs.ref) {
          const q = resolveQName(p.attrs.ref, p);
          const g = q && globals.group.get(key(q.ns, q.local));
          const inner = g && xsChildren(g[0], 'sequence', 'all')[0];
          if (!inner || (p.attrs.minOccurs ?? '1') !== '1' || (p.attrs.maxOccurs ?? '1') !== '1') note(g ? 'repeatingSequence' : 'unknownType', where);
          else particles(inner);
        } else if (p.local === 'choice') note('choice', where);
        else if (p.local === 'any') note('any', where);
      }
    };
    for (const part of ct.children) {
      if (part.ns !== XS || part.local === 'annotation' || part.local === 'anyAttribute') continue;
      if (part.local === 'sequence' || part.local === 'all') {
        if ((part.attrs.minOccurs ?? '1') !== '1' || (part.attrs.maxOccurs ?? '1') !== '1') note('repeatingSequence', where);
        else particles(part);
      } else if (part.local === 'attribute') {
        if (part.attrs.fixed !== undefined && part.attrs.name) fixedAttributes.push({ name: part.attrs.name, value: part.attrs.fixed });
        else note('attribute', `${where}/@${part.attrs.name ?? part.attrs.ref ?? ''}`);
      } else if (part.local === 'group') particles({ ...part, children: [part] } as XmlElement);
      else if (part.local === 'choice') note('choice', where);
      else if (part.local === 'complexContent' || part.local === 'simpleContent') note(part.local, where);
      else if (part.local === 'attributeGroup') note('attribute', where);
    }
    const names = new Set<string>();
    for (const c of children) {
      if (names.has(key(c.ns, c.name))) note('duplicateName', `${where}/${c.name}`);
      names.add(key(c.ns, c.name));
    }
    return { kind: 'group', ...base, children, fixedAttributes };
  };

  const rootName = rootElement ?? xsChildren(main.root, 'element').find((e) => e.attrs.name)?.attrs.name;
  const rootDecl = rootName === undefined ? undefined : [...globals.element.values()].find(([el, d]) => el.attrs.name === rootName && d.tns === main.tns) ?? [...globals.element.values()].find(([el]) => el.attrs.name === rootName);
  if (!rootDecl) {
    note('noRoot', rootName ?? mainFile);
    return { root: undefined, unsupported };
  }
  const root = element(rootDecl[0], rootDecl[1], true, { ...rootDecl[0], attrs: {} } as XmlElement, new Set());
  if (root && root.kind !== 'group') {
    note('simpleRoot', root.name);
    return { root: undefined, unsupported };
  }
  return { root: root ? { ...root, minOccurs: 1, maxOccurs: 1 } : undefined, unsupported };
}

/** Every node of a model with its depth-first position, for lookups by name. */
export function walkModel(node: FormNode, visit: (n: FormNode, parents: GroupNode[]) => void, parents: GroupNode[] = []): void {
  visit(node, parents);
  if (node.kind === 'group') for (const c of node.children) walkModel(c, visit, [...parents, node]);
}

