// A small XML parser for the form task page: XSD files and form data from Tinn. It runs in the browser and
// under node (the unit tests), knows namespaces, keeps each element's line, and never expands entities
// beyond the five predefined ones and character references (no DTDs: a document with one is refused).

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

export interface XmlElement {
  /** The name as written, with its prefix. */
  name: string;
  local: string;
  /** The element's namespace URI ('' for none). */
  ns: string;
  /** Attributes as written (namespace declarations included). */
  attrs: Record<string, string>;
  /** Prefix → namespace URI in scope here ('' is the default namespace). */
  scope: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (character data directly inside it), decoded. */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

export class XmlSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.line = line;
  }
}

const NAME = /^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*(?::[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses a document and answers its root element. */
export function parseXml(source: string): XmlElement {
  const src = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  let pos = 0;
  let line = 1;
  let counted = 0;
  const lineAt = (at: number): number => {
    for (; counted < at; counted++) if (src.charCodeAt(counted) === 10) line++;
    return line;
  };
  const fail = (message: string): never => {
    throw new XmlSyntaxError(message, lineAt(Math.min(pos, src.length)));
  };
  const decode = (raw: string): string =>
    raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);|&/g, (whole, ref: string | undefined) => {
      if (ref === undefined) return fail('a bare & in text');
      if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
      if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
      const value = PREDEFINED[ref];
      return value ?? fail(`unknown entity &${ref};`);
    });
  const skipUntil = (end: string) => {
    const at = src.indexOf(end, pos);
    if (at < 0) fail(`missing ${end}`);
    pos = at + end.length;
  };

  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (pos < src.length) {
    const lt = src.indexOf('<', pos);
    const textEnd = lt < 0 ? src.length : lt;
    if (textEnd > pos) {
      const text = src.slice(pos, textEnd);
      const parent = stack[stack.length - 1];
      if (parent) parent.text += decode(text);
      else if (text.trim() !== '') fail('text outside the root element');
      pos = textEnd;
      continue;
    }
    if (src.startsWith('<?', pos)) skipUntil('?>');
    else if (src.startsWith('<!--', pos)) skipUntil('-->');
    else if (src.startsWith('<![CDATA[', pos)) {
      const start = pos + 9;
      skipUntil(']]>');
      const parent = stack[stack.length - 1] ?? fail('CDATA outside the root element');
      parent.text += src.slice(start, pos - 3);
    } else if (src.startsWith('<!', pos)) fail('a document type declaration is not accepted');
    else if (src.startsWith('</', pos)) {
      pos += 2;
      const name = NAME.exec(src.slice(pos, pos + 300))?.[0] ?? fail('a bad end tag');
      pos += name.length;
      while (/\s/.test(src[pos] ?? '')) pos++;
      if (src[pos] !== '>') fail(`a bad end tag </${name}`);
      pos++;
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> does not close <${open?.name ?? ''}>`);
    } else {
      const tagLine = lineAt(pos);
      pos++;
      const name = NAME.exec(src.slice(pos, pos + 300))?.[0] ?? fail('a bad start tag');
      pos += name.length;
      const attrs: Record<string, string> = {};
      let selfClosing = false;
      for (;;) {
        const space = /^\s*/.exec(src.slice(pos, pos + 1000))![0].length;
        pos += space;
        if (src.startsWith('/>', pos)) {
          pos += 2;
          selfClosing = true;
          break;
        }
        if (src[pos] === '>') {
          pos++;
          break;
        }
        if (space === 0) fail(`a bad start tag <${name}`);
        const attr = NAME.exec(src.slice(pos, pos + 300))?.[0] ?? fail(`a bad attribute in <${name}`);
        pos += attr.length;
        const eq = /^\s*=\s*/.exec(src.slice(pos, pos + 100))?.[0] ?? fail(`attribute ${attr} without a value`);
        pos += eq.length;
        const quote = src[pos];
        if (quote !== '"' && quote !== "'") fail(`attribute ${attr} without quotes`);
        const end = src.indexOf(quote!, pos + 1);
        if (end < 0) fail(`attribute ${attr} is not closed`);
        const rawValue = src.slice(pos + 1, end);
        if (rawValue.includes('<')) fail(`< in attribute ${attr}`);
        if (attr in attrs) fail(`attribute ${attr} twice`);
        attrs[attr] = decode(rawValue);
        pos = end + 1;
      }
      const parent = stack[stack.length - 1];
      if (!parent && root) fail('more than one root element');
      const scope: Record<string, string> = { ...(parent?.scope ?? { xml: XML_NAMESPACE }) };
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'xmlns') scope[''] = v;
        else if (k.startsWith('xmlns:')) scope[k.slice(6)] = v;
      }
      const colon = name.indexOf(':');
      const prefix = colon < 0 ? '' : name.slice(0, colon);
      const ns = scope[prefix];
      if (ns === undefined) {
        if (prefix !== '') fail(`undeclared prefix ${prefix}`);
      }
      const element: XmlElement = { name, local: colon < 0 ? name : name.slice(colon + 1), ns: ns ?? '', attrs, scope, children: [], text: '', line: tagLine };
      if (parent) parent.children.push(element);
      else root = element;
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]!.name}> is not closed`);
  return root ?? fail('no root element');
}

/** Resolves a QName written in an attribute value (`xs:string`, `f:Type`, `Type`) against an element's scope. */
export function resolveQName(qname: string, at: XmlElement): { ns: string; local: string } | undefined {
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const ns = at.scope[prefix];
  if (ns === undefined && prefix !== '') return undefined;
  return { ns: ns ?? '', local: colon < 0 ? qname : qname.slice(colon + 1) };
}
