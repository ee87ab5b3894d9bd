import { ParseOption, XmlDocument, XmlElement } from 'libxml2-wasm';

const UNTRUSTED = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

/** An element of a small document read into plain objects: local name, namespace, attributes, child elements, text. */
export interface XmlNode {
  name: string;
  namespace: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  /** The element's own text, trimmed. */
  text: string;
}

export interface XmlTreeOptions {
  /**
   * Lifts libxml2's fixed size limits (a text node of at most 10 MB, among others), for documents whose size the
   * caller has already capped: batch files carry base64 attachments of up to 30 MB. The entity amplification
   * limit stays on.
   */
  large?: boolean;
  /** Refuses a document with a DOCTYPE (formats that never have one: no internal entities either). */
  refuseDtd?: boolean;
}

/** A document refused for its DOCTYPE (`refuseDtd`). */
export class XmlDtdRefused extends Error {
  constructor() {
    super('the document declares a DTD (DOCTYPE); this format takes none');
    this.name = 'XmlDtdRefused';
  }
}

/**
 * Reads a small, untrusted XML document (a manifest, a recipient list) into plain objects: no network, no
 * external entities, entity expansion limits on. Throws libxml2's error for malformed XML.
 */
export function parseXmlTree(xml: string | Uint8Array, options: XmlTreeOptions = {}): XmlNode {
  const option = options.large ? UNTRUSTED | ParseOption.XML_PARSE_HUGE : UNTRUSTED;
  const doc = typeof xml === 'string' ? XmlDocument.fromString(xml, { option }) : XmlDocument.fromBuffer(xml, { option });
  try {
    if (options.refuseDtd && doc.dtd !== null) throw new XmlDtdRefused();
    const read = (el: XmlElement): XmlNode => {
      const children: XmlNode[] = [];
      for (let n = el.firstChild; n; n = n.next) if (n instanceof XmlElement) children.push(read(n));
      const attributes: Record<string, string> = {};
      for (const a of el.attrs) if (!a.name.startsWith('xmlns')) attributes[a.name] = a.value;
      return { name: el.name, namespace: el.namespaceUri ?? '', attributes, children, text: children.length === 0 ? el.content.trim() : '' };
    };
    return read(doc.root);
  } finally {
    doc.dispose();
  }
}

/** The first child element of `node` with this local name. */
export function childOf(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}
