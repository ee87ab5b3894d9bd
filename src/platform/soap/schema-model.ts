import { XmlDocument, XmlElement } from 'libxml2-wasm';

/**
 * What a SOAP edge needs of a WSDL's schema: for every element, its type; for every complex type, its child
 * elements in schema order with their occurrence and nillability. From it the edge reads the `soap` package's
 * loosely typed arguments into plain values (numbers, booleans, dates, bytes, arrays where an element may
 * repeat) and writes answers with every element in its own namespace and in the order the WSDL gives,
 * which the `soap` package's serializer gets wrong for WCF contracts (nested elements land in the parent's
 * namespace). Requests are validated against the same schema before they get here.
 */

const XS = 'http://www.w3.org/2001/XMLSchema';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** A built-in XML Schema type after following restrictions (enumerations are strings). */
export type SimpleKind = 'string' | 'int' | 'decimal' | 'boolean' | 'dateTime' | 'base64Binary';

export type TypeRef = { kind: 'simple'; simple: SimpleKind } | { kind: 'complex'; key: string };

/** One child element of a complex type. */
export interface Particle {
  name: string;
  ns: string;
  type: TypeRef;
  min: number;
  /** Infinity for unbounded. */
  max: number;
  nillable: boolean;
}

export interface SchemaModel {
  /** Global elements by `{namespace}name`. */
  elements: Map<string, TypeRef>;
  /** Complex types (named ones by `{namespace}name`, anonymous ones by their element's key + `#`). */
  complexTypes: Map<string, Particle[]>;
}

export const qkey = (ns: string, name: string) => `{${ns}}${name}`;

const BUILTIN: Record<string, SimpleKind> = {
  int: 'int', long: 'int', short: 'int', byte: 'int', integer: 'int', unsignedInt: 'int', unsignedLong: 'int', unsignedShort: 'int', unsignedByte: 'int',
  nonNegativeInteger: 'int', positiveInteger: 'int',
  decimal: 'decimal', double: 'decimal', float: 'decimal',
  boolean: 'boolean',
  dateTime: 'dateTime',
  base64Binary: 'base64Binary',
};

function childElements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.next) if (n instanceof XmlElement) out.push(n);
  return out;
}

function xsChildren(el: XmlElement, local: string): XmlElement[] {
  return childElements(el).filter((c) => c.namespaceUri === XS && c.name === local);
}

function resolveQName(el: XmlElement, qname: string): { ns: string; name: string } {
  const i = qname.indexOf(':');
  const prefix = i < 0 ? '' : qname.slice(0, i);
  return { ns: el.namespaceForPrefix(prefix) ?? '', name: i < 0 ? qname : qname.slice(i + 1) };
}

/** Builds the model from schema files (trusted: Tinn's own WSDLs). */
export function buildSchemaModel(files: Readonly<Record<string, string>>): SchemaModel {
  const simpleBases = new Map<string, { ns: string; name: string }>();
  const namedComplex = new Map<string, XmlElement>();
  const globalElements = new Map<string, XmlElement>();
  const docs: XmlDocument[] = [];
  try {
    for (const text of Object.values(files)) {
      const doc = XmlDocument.fromString(text);
      docs.push(doc);
      const schema = doc.root;
      if (schema.namespaceUri !== XS || schema.name !== 'schema') continue;
      const tns = schema.attr('targetNamespace')?.value ?? '';
      for (const st of xsChildren(schema, 'simpleType')) {
        const restriction = xsChildren(st, 'restriction')[0];
        const base = restriction?.attr('base')?.value;
        simpleBases.set(qkey(tns, st.attr('name')!.value), base ? resolveQName(restriction!, base) : { ns: XS, name: 'string' });
      }
      for (const ct of xsChildren(schema, 'complexType')) namedComplex.set(qkey(tns, ct.attr('name')!.value), ct);
      for (const e of xsChildren(schema, 'element')) globalElements.set(qkey(tns, e.attr('name')!.value), e);
    }

    const model: SchemaModel = { elements: new Map(), complexTypes: new Map() };

    const simpleOf = (ref: { ns: string; name: string }): SimpleKind | undefined => {
      for (let r: { ns: string; name: string } | undefined = ref, depth = 0; r && depth < 20; depth++) {
        if (r.ns === XS) return BUILTIN[r.name] ?? 'string';
        const base = simpleBases.get(qkey(r.ns, r.name));
        if (!base) return undefined;
        r = base;
      }
      return 'string';
    };

    const typeRefOf = (ref: { ns: string; name: string }): TypeRef => {
      const simple = simpleOf(ref);
      if (simple) return { kind: 'simple', simple };
      const key = qkey(ref.ns, ref.name);
      const ct = namedComplex.get(key);
      if (!ct) return { kind: 'simple', simple: 'string' };
      if (!model.complexTypes.has(key)) {
        model.complexTypes.set(key, []);
        model.complexTypes.set(key, particlesOf(ct));
      }
      return { kind: 'complex', key };
    };

    const particlesOf = (ct: XmlElement): Particle[] => {
      const tns = ct.doc.root.attr('targetNamespace')?.value ?? '';
      const out: Particle[] = [];
      const content = xsChildren(ct, 'complexContent')[0];
      let holder = ct;
      if (content) {
        const ext = xsChildren(content, 'extension')[0] ?? xsChildren(content, 'restriction')[0];
        if (ext) {
          const base = ext.attr('base')?.value;
          if (base && ext.name === 'extension') {
            const baseRef = typeRefOf(resolveQName(ext, base));
            if (baseRef.kind === 'complex') out.push(...(model.complexTypes.get(baseRef.key) ?? []));
          }
          holder = ext;
        }
      }
      for (const seq of [...xsChildren(holder, 'sequence'), ...xsChildren(holder, 'all')]) {
        for (const e of xsChildren(seq, 'element')) out.push(particleOf(e, tns));
      }
      return out;
    };

    const particleOf = (e: XmlElement, tns: string): Particle => {
      const min = Number(e.attr('minOccurs')?.value ?? '1');
      const maxText = e.attr('maxOccurs')?.value ?? '1';
      const max = maxText === 'unbounded' ? Infinity : Number(maxText);
      const ref = e.attr('ref')?.value;
      if (ref) {
        const target = resolveQName(e, ref);
        const decl = globalElements.get(qkey(target.ns, target.name));
        return { name: target.name, ns: target.ns, type: decl ? elementType(decl, target.ns) : { kind: 'simple', simple: 'string' }, min, max, nillable: decl?.attr('nillable')?.value === 'true' };
      }
      const name = e.attr('name')!.value;
      return { name, ns: tns, type: elementType(e, tns, `${qkey(tns, name)}@${e.line}`), min, max, nillable: e.attr('nillable')?.value === 'true' };
    };

    const elementType = (e: XmlElement, tns: string, anonymousKey = qkey(tns, e.attr('name')?.value ?? '')): TypeRef => {
      const type = e.attr('type')?.value;
      if (type) return typeRefOf(resolveQName(e, type));
      const inline = xsChildren(e, 'complexType')[0];
      if (inline) {
        const key = `${anonymousKey}#`;
        if (!model.complexTypes.has(key)) {
          model.complexTypes.set(key, []);
          model.complexTypes.set(key, particlesOf(inline));
        }
        return { kind: 'complex', key };
      }
      const inlineSimple = xsChildren(e, 'simpleType')[0];
      const base = inlineSimple && xsChildren(inlineSimple, 'restriction')[0]?.attr('base')?.value;
      if (base) return { kind: 'simple', simple: simpleOf(resolveQName(xsChildren(inlineSimple, 'restriction')[0]!, base)) ?? 'string' };
      return { kind: 'simple', simple: 'string' };
    };

    for (const [key, e] of globalElements) {
      const ns = key.slice(1, key.indexOf('}'));
      model.elements.set(key, elementType(e, ns));
    }
    return model;
  } finally {
    for (const d of docs) d.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading: an element of a (validated) request → plain values by the schema. The `soap` package's own
// parse is lossy (it trims text, and turns a CDATA section holding an XML declaration, as FormData often
// does, into an object), so requests are read from libxml2's tree.

function readSimple(kind: SimpleKind, text: string): unknown {
  switch (kind) {
    case 'int':
    case 'decimal':
      return Number(text.trim());
    case 'boolean':
      return ['true', '1'].includes(text.trim());
    case 'dateTime':
      return new Date(text.trim());
    case 'base64Binary':
      return Buffer.from(text, 'base64');
    default:
      return text;
  }
}

const isNil = (el: XmlElement) => {
  const nil = el.attrs.find((a) => a.name === 'nil' && a.namespaceUri === XSI);
  return nil !== undefined && (nil.value === 'true' || nil.value === '1');
};

/** The value of `el` read as `type`; a nil element is undefined; repeating particles are always arrays. */
export function readElement(model: SchemaModel, type: TypeRef, el: XmlElement): unknown {
  if (isNil(el)) return undefined;
  if (type.kind === 'simple') return readSimple(type.simple, el.content);
  const particles = model.complexTypes.get(type.key) ?? [];
  const out: Record<string, unknown> = {};
  for (const p of particles) if (p.max > 1) out[p.name] = [];
  for (const child of childElements(el)) {
    const p = particles.find((x) => x.name === child.name && x.ns === child.namespaceUri);
    if (!p) continue;
    const value = readElement(model, p.type, child);
    if (value === undefined) continue;
    if (p.max > 1) (out[p.name] as unknown[]).push(value);
    else out[p.name] = value;
  }
  return out;
}

/** The element children of `el` (for walking a request's envelope). */
export { childElements };

// ---------------------------------------------------------------------------------------------------------
// Writing: plain values → XML in schema order, each element in its own namespace.

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function simpleText(kind: SimpleKind, v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (kind === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

class Writer {
  readonly prefixes = new Map<string, string>();
  out = '';
  usesXsi = false;
  readonly model: SchemaModel;
  constructor(model: SchemaModel) {
    this.model = model;
  }

  prefixOf(ns: string): string {
    let p = this.prefixes.get(ns);
    if (!p) {
      p = `a${this.prefixes.size}`;
      this.prefixes.set(ns, p);
    }
    return p;
  }

  element(p: Pick<Particle, 'name' | 'ns' | 'type' | 'nillable' | 'min'>, v: unknown): void {
    const tag = `${this.prefixOf(p.ns)}:${p.name}`;
    if (v === undefined || v === null) {
      if (p.nillable && (v === null || p.min > 0)) {
        this.usesXsi = true;
        this.out += `<${tag} i:nil="true"/>`;
      }
      return;
    }
    if (p.type.kind === 'simple') {
      this.out += `<${tag}>${escapeText(simpleText(p.type.simple, v))}</${tag}>`;
      return;
    }
    this.out += `<${tag}>`;
    this.content(p.type.key, v as Record<string, unknown>);
    this.out += `</${tag}>`;
  }

  content(typeKey: string, v: Record<string, unknown>): void {
    for (const p of this.model.complexTypes.get(typeKey) ?? []) {
      const value = v[p.name];
      if (p.max > 1 && Array.isArray(value)) for (const item of value) this.element(p, item);
      else this.element(p, value);
    }
  }
}

/**
 * The children of a complex type as XML, each carrying the namespace declarations it needs (the `soap`
 * package wraps them in the operation's response element). Unknown keys are ignored; missing optional
 * elements are left out; null writes `xsi:nil` where the schema allows it.
 */
export function writeContent(model: SchemaModel, typeKey: string, value: Record<string, unknown>): string {
  let xml = '';
  for (const p of model.complexTypes.get(typeKey) ?? []) {
    const v = value[p.name];
    const items = p.max > 1 && Array.isArray(v) ? v : [v];
    for (const item of items) {
      const w = new Writer(model);
      w.element(p, item);
      if (w.out === '') continue;
      const decls = [...w.prefixes].map(([ns, prefix]) => ` xmlns:${prefix}="${ns}"`).join('') + (w.usesXsi ? ` xmlns:i="${XSI}"` : '');
      const firstTagEnd = w.out.search(/\/?>/);
      xml += w.out.slice(0, firstTagEnd) + decls + w.out.slice(firstTagEnd);
    }
  }
  return xml;
}
