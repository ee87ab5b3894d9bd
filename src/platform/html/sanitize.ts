import { defaultTreeAdapter, html as spec, parseFragment, type DefaultTreeAdapterTypes } from 'parse5';

type ChildNode = DefaultTreeAdapterTypes.ChildNode;
type Element = DefaultTreeAdapterTypes.Element;

export interface SanitizedHtml {
  /** Safe HTML fragment: allow-listed elements and attributes only, text escaped. */
  html: string;
  /** What was removed, for telling the sender (e.g. ['script', 'img', 'onclick', 'style', 'href=javascript:']); each kind once, in order found. */
  removed: string[];
}

/** Elements kept as they are (with their allow-listed attributes). Everything here is HTML-namespace, non-raw-text, and loads nothing. */
const KEPT = new Set([
  'p', 'br', 'hr', 'b', 'strong', 'i', 'em', 'u', 's', 'small', 'sub', 'sup', 'mark', 'span', 'div',
  'blockquote', 'pre', 'code', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'a', 'abbr',
]);

/**
 * Elements removed together with everything inside them: scripting, styling, document metadata,
 * anything that fetches something, form controls, and foreign (SVG/MathML) content, whose parsing
 * rules differ and are the usual road to mutation XSS. noembed, noframes, datalist and optgroup
 * go too: a browser never shows their content as such.
 */
const DROPPED = new Set([
  'script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'svg', 'math', 'head', 'title', 'textarea', 'select', 'option', 'button', 'input', 'form', 'img',
  'picture', 'video', 'audio', 'source', 'track', 'canvas', 'link', 'meta', 'base',
  'noembed', 'noframes', 'datalist', 'optgroup',
]);

/** Void elements among the kept ones: serialized without an end tag. */
const VOID = new Set(['br', 'hr']);

/** Attributes kept per element, each with its own value check (the value is already entity-decoded). */
const ATTRIBUTES: Record<string, Record<string, (value: string) => string | undefined>> = {
  a: { href: safeHref, title: (v) => v },
  abbr: { title: (v) => v },
  td: { colspan: spanNumber, rowspan: spanNumber },
  th: { colspan: spanNumber, rowspan: spanNumber },
  ol: { start: (v) => (/^[0-9]{1,9}$/.test(v.trim()) ? v.trim() : undefined) },
};

/** `a` gets these whatever the sender wrote: links open apart from the portal and pass nothing on. */
const LINK_ATTRIBUTES = ' rel="noopener noreferrer nofollow" target="_blank"';

const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Parses like a browser (parse5 parseFragment), keeps allow-listed markup, escapes all text. Never throws on any input.
 *
 * Unknown elements are unwrapped (children kept); an `a` without a safe href and an `a` inside
 * another kept `a` are unwrapped too, so every link in the output has a checked target.
 */
export function sanitizeHtml(input: string): SanitizedHtml {
  const removed = new Set<string>();
  try {
    let html = serializeSanitized(parse(input), removed);
    // Misnested tables make a parser build trees (foster-parented blocks, nested blocks) that it
    // would not build again from their own markup. Parsing the result until it no longer changes
    // makes the stored HTML exactly what a browser will rebuild from it; one extra round is the
    // common case, and each round only removes or moves allow-listed markup.
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const again = serializeSanitized(parse(html), removed);
      if (again === html) break;
      html = again;
    }
    return { html, removed: [...removed] };
  } catch {
    // Not expected (parse5 and the walk below are iterative), but the contract is "never throws":
    // the whole input as escaped text is always safe.
    return { html: escapeText(typeof input === 'string' ? input : ''), removed: ['markup'] };
  }
}

const MAX_ROUNDS = 4;

/**
 * Plain text of an HTML fragment (for e-mail text parts, search, PDFs): block elements become line breaks,
 * entities decoded, whitespace collapsed sensibly.
 *
 * List items get "- " or "1. " and nested content is indented under them; table cells are joined
 * with " | ", one row a line; a link whose text is not its address is followed by "(address)",
 * for safe addresses only. Content of dropped elements (script, style, …) is not text.
 */
export function htmlToText(input: string): string {
  try {
    return textOf(parse(input));
  } catch {
    return typeof input === 'string' ? input : '';
  }
}

/**
 * The fragment is parsed in a `div` context, as a browser does when the portal sets it as a
 * container's content, so top-level table parts and the like end up where they will when shown.
 */
function parse(input: string): ChildNode[] {
  const context = defaultTreeAdapter.createElement('div', spec.NS.HTML, []);
  return parseFragment(context, typeof input === 'string' ? input : String(input ?? ''), {}).childNodes;
}

/** A step of the iterative walks: a node to visit, or what to do on leaving an element (never a node). */
type Step<Close> = ChildNode | Close;

function pushChildren<Close>(stack: Step<Close>[], children: ChildNode[]): void {
  for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
}

function isNode(step: object): step is ChildNode {
  return 'nodeName' in step;
}

function isElement(node: ChildNode): node is Element {
  return 'tagName' in node;
}

/** Kept elements where a parser allows no text but whitespace (it moves other text out, before the table). */
const TABLE_STRUCTURE = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr']);

/** Walks the tree without recursion (100,000-deep nesting is a valid input) and writes the safe markup. */
function serializeSanitized(roots: ChildNode[], removed: Set<string>): string {
  const out: string[] = [];
  // A string is the end tag of a kept element.
  const stack: Step<string>[] = [];
  pushChildren(stack, roots);
  // Kept elements currently open, innermost last.
  const open: string[] = [];
  let openLinks = 0;
  // Index in `out` right after a `<pre>` start tag, until its first content is written.
  let preStart = -1;

  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node === 'string') {
      if (node === 'a') openLinks--;
      open.pop();
      out.push(`</${node}>`);
      preStart = -1;
      continue;
    }
    if (node.nodeName === '#text') {
      const text = (node as DefaultTreeAdapterTypes.TextNode).value;
      writeText(text);
      continue;
    }
    if (node.nodeName === '#comment') {
      // HTML has no CDATA sections outside SVG/MathML: `<![CDATA[x]]>` parses as a comment
      // "[CDATA[x]]". Its text is what the sender meant to show, so it is kept as text.
      const data = (node as DefaultTreeAdapterTypes.CommentNode).data;
      if (data.startsWith('[CDATA[') && !TABLE_STRUCTURE.has(open[open.length - 1] ?? '')) writeText(data.slice(7).replace(/]]$/, ''));
      else removed.add('comment');
      continue;
    }
    if (!isElement(node)) continue; // a doctype: never in a fragment, and dropped anyway

    const tag = node.tagName;
    const children = node.childNodes;
    if (node.namespaceURI !== spec.NS.HTML || DROPPED.has(tag)) {
      removed.add(tag);
      continue;
    }
    if (!KEPT.has(tag)) {
      removed.add(tag);
      pushChildren(stack, children);
      continue;
    }

    const attributes = keptAttributes(node, removed);
    if (tag === 'a') {
      // Nested links are not produced by a browser parser from markup, so they would not survive
      // being parsed again; a link without a safe target is no link.
      if (openLinks > 0 || !attributes.hasHref) {
        if (openLinks > 0) removed.add('a');
        pushChildren(stack, children);
        continue;
      }
      openLinks++;
    }
    preStart = -1;
    out.push(`<${tag}${attributes.html}${tag === 'a' ? LINK_ATTRIBUTES : ''}>`);
    if (VOID.has(tag)) continue;
    if (tag === 'pre') preStart = out.length;
    open.push(tag);
    stack.push(tag);
    pushChildren(stack, children);
  }
  return out.join('');

  function writeText(text: string): void {
    if (text === '') return;
    // A parser drops one newline right after `<pre>`; one that is content needs another before it
    // or it is lost on the next parse.
    if (preStart === out.length && text.startsWith('\n')) out.push('\n');
    preStart = -1;
    out.push(escapeText(text));
  }
}

/** The element's allow-listed attributes, serialized, each with a leading space; the rest are recorded as removed. */
function keptAttributes(element: Element, removed: Set<string>): { html: string; hasHref: boolean } {
  const allowed = ATTRIBUTES[element.tagName];
  let html = '';
  let hasHref = false;
  for (const { name, value } of element.attrs) {
    const check = allowed?.[name];
    if (!check) {
      // rel and target on a link are replaced, not lost: no need to tell the sender.
      if (!(element.tagName === 'a' && (name === 'rel' || name === 'target'))) removed.add(name);
      continue;
    }
    const kept = check(value);
    if (kept === undefined) {
      removed.add(name === 'href' ? hrefRemovalKind(value) : name);
      continue;
    }
    html += ` ${name}="${escapeAttribute(kept)}"`;
    if (name === 'href') hasHref = true;
  }
  return { html, hasHref };
}

function spanNumber(value: string): string | undefined {
  const trimmed = value.trim();
  return /^[0-9]{1,3}$/.test(trimmed) ? trimmed : undefined;
}

/** Leading/trailing characters a URL parser strips (C0 controls and space). */
const URL_EDGE = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
/** Characters a URL parser ignores, or that have no place, inside a scheme. */
const URL_NOISE = /[\u0000-\u0020\u007f]/g;

/**
 * The scheme of an href, read the way a URL parser does (edges trimmed, tab/newline and other
 * controls inside ignored, case folded), or undefined for a relative reference. `jav&#x09;ascript:`
 * therefore has the scheme "javascript". A colon after `/`, `?` or `#` belongs to a path, not a scheme.
 */
function schemeOf(value: string): { scheme: string; rest: string } | undefined {
  const trimmed = value.replace(URL_EDGE, '');
  const colon = trimmed.indexOf(':');
  if (colon < 0) return undefined;
  const before = trimmed.slice(0, colon);
  if (/[/?#\\]/.test(before)) return undefined;
  return { scheme: before.replace(URL_NOISE, '').toLowerCase(), rest: trimmed.slice(colon + 1) };
}

/**
 * An href as kept: http:, https: or mailto: only. Relative and protocol-relative references go
 * too: a message has no base address, so where they lead depends on where it is shown.
 */
function safeHref(value: string): string | undefined {
  const parsed = schemeOf(value);
  if (!parsed || !ALLOWED_SCHEMES.has(parsed.scheme)) return undefined;
  // Tab and newline are ignored by URL parsers anyway; dropping them keeps the stored value plain.
  return `${parsed.scheme}:${parsed.rest.replace(/[\t\n\r]/g, '')}`;
}

/** How a refused href is reported: `href=javascript:`, `href=relative`, or `href=invalid` for scheme junk. */
function hrefRemovalKind(value: string): string {
  const parsed = schemeOf(value);
  if (!parsed) return 'href=relative';
  return /^[a-z][a-z0-9+.-]{0,31}$/.test(parsed.scheme) ? `href=${parsed.scheme}:` : 'href=invalid';
}

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (c) => (c === '&' ? '&amp;' : c === '"' ? '&quot;' : c === '<' ? '&lt;' : '&gt;'));
}

// ---------------------------------------------------------------------------------------------
// HTML to text

/** Elements that start and end on a line of their own (lists, items, rows and pre have their own rules). */
const LINE_BLOCKS = new Set([
  'div', 'dt', 'caption', 'thead', 'tbody', 'tfoot', 'section', 'article', 'header', 'footer', 'nav',
  'aside', 'main', 'address', 'figure', 'figcaption', 'details', 'summary', 'fieldset', 'legend',
  'center', 'hgroup', 'search',
]);
/** Elements set apart by a blank line. */
const PARAGRAPH_BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'dl', 'table', 'hr']);

const MAX_INDENT_LEVELS = 8;

type TextClose =
  | { kind: 'block'; breaks: number; dedent: boolean }
  | { kind: 'list' }
  | { kind: 'pre' }
  | { kind: 'row' }
  | { kind: 'link'; href: string };

function textOf(roots: ChildNode[]): string {
  const writer = new TextWriter();
  const stack: Step<TextClose>[] = [];
  pushChildren(stack, roots);
  const lists: { ordered: boolean; next: number }[] = [];
  const rows: { cells: number }[] = [];
  let preDepth = 0;

  while (stack.length > 0) {
    const step = stack.pop()!;
    if (!isNode(step)) {
      const close = step;
      if (close.kind === 'block') {
        if (close.dedent) writer.dedent();
        writer.lineBreak(close.breaks);
      } else if (close.kind === 'list') {
        lists.pop();
        writer.lineBreak(lists.length > 0 ? 1 : 2);
      } else if (close.kind === 'pre') {
        preDepth--;
        writer.lineBreak(2);
      } else if (close.kind === 'row') {
        rows.pop();
        writer.lineBreak(1);
      } else {
        writer.linkEnd(close.href);
      }
      continue;
    }
    const node = step;
    if (node.nodeName === '#text') {
      const text = (node as DefaultTreeAdapterTypes.TextNode).value;
      if (preDepth > 0) writer.preformatted(text);
      else writer.text(text);
      continue;
    }
    if (node.nodeName === '#comment') {
      const data = (node as DefaultTreeAdapterTypes.CommentNode).data;
      if (data.startsWith('[CDATA[')) writer.text(data.slice(7).replace(/]]$/, ''));
      continue;
    }
    if (!isElement(node)) continue;
    const tag = node.tagName;
    if (node.namespaceURI !== spec.NS.HTML || DROPPED.has(tag)) continue;

    if (tag === 'br') {
      writer.newline();
    } else if (tag === 'ul' || tag === 'ol' || tag === 'menu' || tag === 'dir') {
      const start = tag === 'ol' ? node.attrs.find((a) => a.name === 'start')?.value.trim() : undefined;
      lists.push({ ordered: tag === 'ol', next: start && /^-?[0-9]{1,9}$/.test(start) ? Number(start) : 1 });
      writer.lineBreak(lists.length > 1 ? 1 : 2);
      stack.push({ kind: 'list' });
    } else if (tag === 'li') {
      const list = lists[lists.length - 1];
      const marker = list?.ordered ? `${list.next++}. ` : '- ';
      writer.lineBreak(1);
      writer.item(marker);
      stack.push({ kind: 'block', breaks: 1, dedent: true });
    } else if (tag === 'dd') {
      writer.lineBreak(1);
      writer.indent('  ');
      stack.push({ kind: 'block', breaks: 1, dedent: true });
    } else if (tag === 'pre' || tag === 'listing' || tag === 'xmp' || tag === 'plaintext') {
      preDepth++;
      writer.lineBreak(2);
      stack.push({ kind: 'pre' });
    } else if (tag === 'tr') {
      rows.push({ cells: 0 });
      writer.lineBreak(1);
      stack.push({ kind: 'row' });
    } else if (tag === 'td' || tag === 'th') {
      const row = rows[rows.length - 1];
      if (row && row.cells++ > 0) writer.separator('|');
    } else if (tag === 'a') {
      const href = node.attrs.find((a) => a.name === 'href');
      const safe = href ? safeHref(href.value) : undefined;
      if (safe) {
        writer.linkStart();
        stack.push({ kind: 'link', href: safe });
      }
    } else if (PARAGRAPH_BLOCKS.has(tag) || LINE_BLOCKS.has(tag)) {
      const breaks = PARAGRAPH_BLOCKS.has(tag) ? 2 : 1;
      writer.lineBreak(breaks);
      stack.push({ kind: 'block', breaks, dedent: false });
    }
    pushChildren(stack, node.childNodes);
  }
  return writer.finish();
}

/**
 * Builds plain text line by line. Breaks are requested, not written, so that adjacent blocks share
 * one break and nothing is written before the first or after the last content; `<br>` is written
 * at once, but a block's break counts the newlines already there (a trailing `<br>` in a block adds
 * no empty line, as in a browser).
 */
class TextWriter {
  private out = '';
  private trailingNewlines = 0;
  private atLineStart = true;
  private wantedBreaks = 0;
  private pendingSpace = false;
  private indents: string[] = [];
  private marker: { text: string; indent: string } | undefined;
  /** Text of the links being written, innermost last, to tell whether the label already shows the address. */
  private labels: string[] = [];

  text(text: string): void {
    // HTML whitespace collapses to one space, also across elements. U+00A0 is not whitespace there:
    // it never collapses, and becomes a plain space.
    const parts = text.split(/[ \t\n\f\r]+/);
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) this.pendingSpace = true;
      if (parts[i] !== '') this.write(parts[i]!.replace(/\u00a0/g, ' '));
    }
  }

  preformatted(text: string): void {
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) this.newline();
      if (lines[i] !== '') this.write(lines[i]!);
    }
  }

  /** Between table cells: spaced apart from both neighbours. */
  separator(text: string): void {
    this.pendingSpace = true;
    this.write(text);
    this.pendingSpace = true;
  }

  newline(): void {
    this.flushBreaks();
    this.out += '\n';
    this.trailingNewlines++;
    this.atLineStart = true;
    this.pendingSpace = false;
  }

  lineBreak(count: number): void {
    this.wantedBreaks = Math.max(this.wantedBreaks, count);
    this.pendingSpace = false;
  }

  /** A list item: the marker goes before its first line, and its further lines are indented under the text. */
  item(marker: string): void {
    this.marker = { text: marker, indent: this.currentIndent() };
    this.indents.push(' '.repeat(marker.length));
  }

  indent(text: string): void {
    this.indents.push(text);
  }

  dedent(): void {
    this.indents.pop();
    this.marker = undefined;
  }

  linkStart(): void {
    this.labels.push('');
  }

  linkEnd(href: string): void {
    const full = this.labels.pop() ?? '';
    // An enclosing link's label includes this one (nested links come from foster-parented tables).
    if (this.labels.length > 0) this.labels[this.labels.length - 1] += full;
    const label = full.trim();
    const address = href.startsWith('mailto:') ? href.slice(7) : href;
    if (label === href || label === address) return;
    if (label === '') this.write(address);
    else {
      this.pendingSpace = true;
      this.write(`(${address})`);
    }
  }

  finish(): string {
    return this.out
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .replace(/^\n+|\n+$/g, '');
  }

  /** Deeply nested lists would otherwise make the output grow with the square of the depth. */
  private currentIndent(): string {
    return this.indents.length <= MAX_INDENT_LEVELS ? this.indents.join('') : this.indents.slice(0, MAX_INDENT_LEVELS).join('');
  }

  private flushBreaks(): void {
    if (this.wantedBreaks > 0 && this.out.length > 0) {
      const missing = this.wantedBreaks - this.trailingNewlines;
      if (missing > 0) {
        this.out += '\n'.repeat(missing);
        this.trailingNewlines += missing;
      }
      this.atLineStart = true;
      this.pendingSpace = false;
    }
    this.wantedBreaks = 0;
  }

  private write(content: string): void {
    this.flushBreaks();
    let written = content;
    if (this.atLineStart) {
      this.out += this.marker ? this.marker.indent + this.marker.text : this.currentIndent();
      this.marker = undefined;
      this.atLineStart = false;
    } else if (this.pendingSpace) {
      written = ' ' + content;
    }
    this.out += written;
    if (this.labels.length > 0) this.labels[this.labels.length - 1] += written;
    this.pendingSpace = false;
    this.trailingNewlines = 0;
  }
}
