import { ParseOption, XmlDocument, XmlElement } from 'libxml2-wasm';

/** One line of a form rendered for people: a group (an element with elements inside) or a field and its value. */
export interface FieldRow {
  depth: number;
  label: string;
  /** null for a group heading. */
  value: string | null;
}

const UNTRUSTED = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

/** Splits camelCase and snake_case names into words: sumMerverdiavgift → "Sum merverdiavgift". */
export function labelOf(name: string): string {
  const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
  const words = local.replace(/[_-]+/g, ' ').replace(/([a-zæøå0-9])([A-ZÆØÅ])/g, '$1 $2').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Every element of a form document in document order, as groups and fields with their text (attributes
 * are shown as fields of their element). Parsed as untrusted input; `maxRows` bounds the work.
 */
export function formFields(xml: string, maxRows = 50_000): FieldRow[] {
  const rows: FieldRow[] = [];
  const doc = XmlDocument.fromString(xml, { option: UNTRUSTED });
  try {
    const walk = (el: XmlElement, depth: number) => {
      if (rows.length >= maxRows) return;
      const children: XmlElement[] = [];
      for (let n = el.firstChild; n; n = n.next) if (n instanceof XmlElement) children.push(n);
      const attrs = el.attrs.filter((a) => !a.name.startsWith('xmlns'));
      if (children.length === 0 && attrs.length === 0) {
        rows.push({ depth, label: labelOf(el.name), value: el.content.trim() });
        return;
      }
      rows.push({ depth, label: labelOf(el.name), value: null });
      for (const a of attrs) rows.push({ depth: depth + 1, label: labelOf(a.name), value: a.value });
      if (children.length === 0 && el.content.trim() !== '') rows.push({ depth: depth + 1, label: 'Value', value: el.content.trim() });
      for (const c of children) walk(c, depth + 1);
    };
    walk(doc.root, 0);
  } finally {
    doc.dispose();
  }
  return rows;
}
