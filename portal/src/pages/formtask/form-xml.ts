// Form data as the page holds it (a value per field occurrence) and as Tinn stores it (XML), both ways.
// The XML is written one element per line, so a line number in one of Tinn's validation errors names the
// field it is about.
import type { FieldNode, FormNode, GroupNode } from './xsd-model.ts';
import { parseXml, type XmlElement } from './xml.ts';

/** A group occurrence: each child's occurrences by the child's name. */
export interface GroupValue {
  [child: string]: Occurrence[];
}
export type Occurrence = string | GroupValue;

/**
 * A field or group occurrence's place in the form: `linje[1]/mvaKode[0]` (names and indexes from the
 * root's children down; '' is the root itself).
 */
export type FieldPath = string;

export const childPath = (parent: FieldPath, name: string, index: number): FieldPath => `${parent === '' ? '' : `${parent}/`}${name}[${index}]`;

/** An id for the control of a path, safe in HTML and CSS selectors. */
export function fieldId(path: FieldPath): string {
  return `ft-${path.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;
}

/** How many occurrences a new form shows: the minimum, and always one input for a single field or group. */
function initialCount(node: FormNode): number {
  return Math.max(node.minOccurs, node.maxOccurs === 1 || node.kind === 'field' ? 1 : 0);
}

/** A new occurrence of a node: fields start with their fixed or default value, groups with their initial children. */
export function newOccurrence(node: FormNode): Occurrence {
  if (node.kind === 'field') return node.fixed ?? node.default ?? '';
  return emptyGroup(node);
}

/** An empty group: each child with its initial occurrences. */
export function emptyGroup(group: GroupNode): GroupValue {
  const value: GroupValue = {};
  for (const c of group.children) value[c.name] = Array.from({ length: initialCount(c) }, () => newOccurrence(c));
  return value;
}

/** Whether an occurrence holds nothing a person entered (fixed values do not count). */
export function isEmpty(node: FormNode, occurrence: Occurrence | undefined): boolean {
  if (occurrence === undefined) return true;
  if (node.kind === 'field') {
    if (typeof occurrence !== 'string' || occurrence.trim() === '' || (node.fixed !== undefined && occurrence === node.fixed)) return true;
    // A required yes/no is a checkbox: unticked is its starting state, not something entered.
    return node.type.kind === 'boolean' && node.minOccurs > 0 && occurrence.trim() === 'false';
  }
  const group = occurrence as GroupValue;
  return node.children.every((c) => (group[c.name] ?? []).every((o) => isEmpty(c, o)));
}

/**
 * Which occurrences of a child are written: all that hold something, and empty ones only while the
 * minimum is not yet reached (an optional field or group left empty is left out).
 */
export function writtenOccurrences(node: FormNode, occurrences: Occurrence[]): number[] {
  const filled = occurrences.map((o, i) => [i, !isEmpty(node, o)] as const);
  let missing = Math.max(0, node.minOccurs - filled.filter(([, f]) => f).length);
  const out: number[] = [];
  for (const [i, f] of filled) {
    if (f) out.push(i);
    else if (missing > 0) {
      out.push(i);
      missing--;
    }
  }
  return out;
}

/** The value a field is written with: numbers without spaces and with a decimal point, other non-text values trimmed. */
export function normalizeValue(field: FieldNode, raw: string): string {
  switch (field.type.kind) {
    case 'text':
      return raw;
    case 'integer':
    case 'decimal':
    case 'number':
      return raw.replace(/[\s\u00a0\u202f]/g, '').replace(/,/g, '.').replace(/^\u2212/, '-');
    case 'boolean':
      return raw.trim() === '' && field.minOccurs > 0 ? 'false' : raw.trim();
    default:
      return raw.trim();
  }
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

export interface WrittenForm {
  xml: string;
  /** Line → the path of the element that starts on it. */
  lines: Map<number, FieldPath>;
}

/** The form as XML, one element per line, with the line of each element. */
export function toXml(root: GroupNode, value: GroupValue): WrittenForm {
  // Namespaces: the root's is the default one unless some element is in no namespace; others get prefixes.
  const namespaces = new Set<string>();
  let unqualified = false;
  const collect = (n: FormNode) => {
    if (n.ns === '') unqualified = true;
    else namespaces.add(n.ns);
    if (n.kind === 'group') n.children.forEach(collect);
  };
  collect(root);
  const prefixes = new Map<string, string>();
  let i = 0;
  for (const ns of namespaces) prefixes.set(ns, ns === root.ns && !unqualified ? '' : `n${++i}`);
  const qname = (n: FormNode) => {
    const p = n.ns === '' ? '' : prefixes.get(n.ns)!;
    return p === '' ? n.name : `${p}:${n.name}`;
  };
  const declarations = [...prefixes].map(([ns, p]) => (p === '' ? ` xmlns="${escapeAttr(ns)}"` : ` xmlns:${p}="${escapeAttr(ns)}"`)).join('');

  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const lines = new Map<number, FieldPath>();
  const attributes = (g: GroupNode) => g.fixedAttributes.map((a) => ` ${a.name}="${escapeAttr(a.value)}"`).join('');
  const writeGroup = (g: GroupNode, v: GroupValue, path: FieldPath, depth: number, extra: string) => {
    const indent = '  '.repeat(depth);
    lines.set(out.length + 1, path);
    const children: [FormNode, Occurrence, FieldPath][] = [];
    for (const c of g.children) {
      const occurrences = v[c.name] ?? [];
      for (const index of writtenOccurrences(c, occurrences)) children.push([c, occurrences[index]!, childPath(path, c.name, index)]);
    }
    if (children.length === 0) {
      out.push(`${indent}<${qname(g)}${extra}${attributes(g)}/>`);
      return;
    }
    out.push(`${indent}<${qname(g)}${extra}${attributes(g)}>`);
    for (const [c, o, p] of children) {
      if (c.kind === 'group') writeGroup(c, (o as GroupValue) ?? {}, p, depth + 1, '');
      else {
        lines.set(out.length + 1, p);
        const text = normalizeValue(c, typeof o === 'string' ? o : '');
        out.push(text === '' ? `${indent}  <${qname(c)}/>` : `${indent}  <${qname(c)}>${escapeText(text)}</${qname(c)}>`);
      }
    }
    out.push(`${indent}</${qname(g)}>`);
  };
  writeGroup(root, value, '', 0, declarations);
  return { xml: `${out.join('\n')}\n`, lines };
}

export interface ReadForm {
  value: GroupValue;
  /** Content the model has no place for (it would be lost on saving): element paths as written. */
  unknown: string[];
}

const IGNORED_ATTRIBUTE = /^(xmlns(:.*)?|xsi:.*)$/;

/** Reads stored form data into the page's values; what the model cannot hold is listed in `unknown`. */
export function fromXml(root: GroupNode, xml: string): ReadForm {
  const unknown: string[] = [];
  const doc = parseXml(xml);
  if (doc.local !== root.name || doc.ns !== root.ns) return { value: emptyGroup(root), unknown: [doc.name] };
  const readGroup = (g: GroupNode, el: XmlElement, where: string): GroupValue => {
    const value: GroupValue = {};
    for (const c of g.children) value[c.name] = [];
    for (const [name, v] of Object.entries(el.attrs)) {
      if (IGNORED_ATTRIBUTE.test(name)) continue;
      if (!g.fixedAttributes.some((a) => a.name === name && a.value === v)) unknown.push(`${where}/@${name}`);
    }
    if (el.text.trim() !== '') unknown.push(`${where}/text()`);
    for (const child of el.children) {
      const node = g.children.find((c) => c.name === child.local && c.ns === child.ns);
      const at = `${where}/${child.name}`;
      if (!node) {
        unknown.push(at);
        continue;
      }
      const list = value[node.name]!;
      if (list.length >= node.maxOccurs) unknown.push(at);
      if (node.kind === 'group') list.push(readGroup(node, child, at));
      else {
        if (child.children.length > 0 || Object.keys(child.attrs).some((a) => !IGNORED_ATTRIBUTE.test(a))) unknown.push(at);
        list.push(child.text);
      }
    }
    // Absent children get the occurrences a new form shows (an empty optional field is left out again on saving).
    for (const c of g.children) {
      const list = value[c.name]!;
      while (list.length < initialCount(c)) list.push(newOccurrence(c));
    }
    return value;
  };
  return { value: readGroup(root, doc, doc.name), unknown };
}

/** The node at a path, or undefined. */
export function nodeAt(root: GroupNode, path: FieldPath): FormNode | undefined {
  if (path === '') return root;
  let node: FormNode = root;
  for (const step of path.split('/')) {
    const name = step.replace(/\[\d+\]$/, '');
    if (node.kind !== 'group') return undefined;
    const next: FormNode | undefined = node.children.find((c) => c.name === name);
    if (!next) return undefined;
    node = next;
  }
  return node;
}

/** The occurrence at a path in a value, or undefined. */
export function valueAt(value: GroupValue, path: FieldPath): Occurrence | undefined {
  if (path === '') return value;
  let current: Occurrence | undefined = value;
  for (const step of path.split('/')) {
    const m = /^(.*)\[(\d+)\]$/.exec(step);
    if (!m || current === undefined || typeof current === 'string') return undefined;
    current = current[m[1]!]?.[Number(m[2])];
  }
  return current;
}

/** A copy of a value with `change` applied to the occurrence list of `name` inside the group at `groupPath`. */
export function updateList(value: GroupValue, groupPath: FieldPath, name: string, change: (list: Occurrence[]) => Occurrence[]): GroupValue {
  if (groupPath === '') return { ...value, [name]: change(value[name] ?? []) };
  const [first, ...rest] = groupPath.split('/');
  const m = /^(.*)\[(\d+)\]$/.exec(first!)!;
  const list = [...(value[m[1]!] ?? [])];
  const index = Number(m[2]);
  list[index] = updateList(list[index] as GroupValue, rest.join('/'), name, change);
  return { ...value, [m[1]!]: list };
}

/** A copy of a value with the field at `path` set. */
export function setField(value: GroupValue, path: FieldPath, text: string): GroupValue {
  const cut = path.lastIndexOf('/');
  const parent = cut < 0 ? '' : path.slice(0, cut);
  const m = /^(.*)\[(\d+)\]$/.exec(path.slice(cut + 1))!;
  return updateList(value, parent, m[1]!, (list) => list.map((o, i) => (i === Number(m[2]) ? text : o)));
}
