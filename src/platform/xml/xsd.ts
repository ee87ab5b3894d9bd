import { ParseOption, type XmlAttribute, XmlDocument, type XmlElement, XmlError, XmlLibError, XsdValidator, xmlRegisterInputProvider, type ErrorDetail, type XmlInputProvider } from 'libxml2-wasm';
import { AppError } from '../errors/errors.ts';
import { PlatformProblems } from '../errors/platform-problems.ts';
import type { ProblemItem } from '../errors/errors.ts';

/**
 * Untrusted documents are parsed without network access and without external entities (XXE); entity
 * expansion limits stay on (billion laughs is refused). Never NOENT or DTDLOAD.
 */
const UNTRUSTED = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;

/** Schemas reach each other (xs:include, xs:import) only through this prefix, served from memory. */
const SCHEMA_ROOT = '/tinn-xsd/';

const schemaFiles = new Map<string, Uint8Array>();
const openFiles = new Map<number, { data: Uint8Array; offset: number }>();
let nextFd = 1;

// The only input provider Tinn registers: it serves the files of schemas being compiled and nothing else,
// so no document can make libxml2 read the disk or the network.
const provider: XmlInputProvider = {
  match: (filename) => filename.startsWith(SCHEMA_ROOT) && schemaFiles.has(filename),
  open: (filename) => {
    const data = schemaFiles.get(filename);
    if (!data) return undefined;
    const fd = nextFd++;
    openFiles.set(fd, { data, offset: 0 });
    return fd;
  },
  read: (fd, buf) => {
    const file = openFiles.get(fd);
    if (!file) return -1;
    const n = Math.min(buf.length, file.data.length - file.offset);
    buf.set(file.data.subarray(file.offset, file.offset + n));
    file.offset += n;
    return n;
  },
  close: (fd) => openFiles.delete(fd),
};
xmlRegisterInputProvider(provider);

let bundleSeq = 0;

/** Every problem libxml2 reported, with line numbers (libxml2 gives no columns for schema errors). */
function items(details: readonly ErrorDetail[], file?: string): ProblemItem[] {
  return details.map((d) => ({ ...(file ? { path: file } : {}), ...(d.line ? { line: d.line } : {}), message: d.message.trim(), rule: 'xml' }));
}

/** A compiled XSD: compile once per form version, validate many documents, dispose when the version goes. */
export interface CompiledSchema {
  /** The main file's targetNamespace, or '' when it has none. */
  readonly targetNamespace: string;
  /** Names of the main file's global elements: the roots a document may have. */
  readonly rootElements: readonly string[];
  /** Every violation (malformed XML, external entities, schema errors), or an empty list when valid. */
  validate(xml: string | Uint8Array): ProblemItem[];
  dispose(): void;
}

/**
 * Compiles a schema made of several files (`main` plus the files it includes or imports, by relative name).
 * A schema that does not compile is PLAT-00021 with libxml2's messages and line numbers.
 */
export function compileSchema(files: Readonly<Record<string, string | Uint8Array>>, main: string): CompiledSchema {
  const base = `${SCHEMA_ROOT}${++bundleSeq}/`;
  const urls = Object.keys(files).map((name) => `${base}${name}`);
  for (const name of Object.keys(files)) {
    const content = files[name]!;
    schemaFiles.set(`${base}${name}`, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }
  let xsd: XmlDocument | undefined;
  let validator: XsdValidator;
  let targetNamespace = '';
  let rootElements: string[] = [];
  try {
    const mainContent = schemaFiles.get(`${base}${main}`);
    if (!mainContent) throw new AppError(PlatformProblems.invalidSchema, { detail: `no file ${main} in the schema` });
    xsd = XmlDocument.fromBuffer(mainContent, { url: `${base}${main}`, option: ParseOption.XML_PARSE_NONET });
    validator = XsdValidator.fromDoc(xsd);
    targetNamespace = xsd.root.attr('targetNamespace')?.value ?? '';
    rootElements = xsd.find('/xs:schema/xs:element/@name', { xs: 'http://www.w3.org/2001/XMLSchema' }).map((a) => (a as XmlAttribute).value);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const details = err instanceof XmlLibError ? err.details : [];
    throw new AppError(PlatformProblems.invalidSchema, { detail: `${main} does not compile`, errors: items(details.length ? details : [{ message: String((err as Error).message) } as ErrorDetail], main), cause: err });
  } finally {
    xsd?.dispose();
    // Compiled: libxml2 no longer needs the files.
    for (const url of urls) schemaFiles.delete(url);
  }
  return {
    targetNamespace,
    rootElements,
    validate(xml) {
      let doc: XmlDocument | undefined;
      try {
        doc = typeof xml === 'string' ? XmlDocument.fromString(xml, { option: UNTRUSTED }) : XmlDocument.fromBuffer(xml, { option: UNTRUSTED });
        validator.validate(doc);
        return [];
      } catch (err) {
        if (err instanceof XmlLibError && err.details.length > 0) return items(err.details);
        // libxml2 refused the input without details (for example a document whose entities it will not expand).
        if (err instanceof XmlError) return [{ message: `the document was refused: ${err.message}`, rule: 'xml' }];
        throw err;
      } finally {
        doc?.dispose();
      }
    },
    dispose() {
      validator.dispose();
    },
  };
}

const XS = { xs: 'http://www.w3.org/2001/XMLSchema' };

/** `ref` (a schemaLocation) resolved against the file that names it; undefined when it leaves the set's root. */
function resolveLocation(from: string, ref: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:|^\/|\\/i.test(ref)) return undefined;
  const parts = from.split('/').slice(0, -1);
  for (const segment of ref.split('/')) {
    if (segment === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else if (segment !== '.' && segment !== '') parts.push(segment);
  }
  return parts.join('/');
}

/**
 * The files a schema needs: `main` and, transitively, every file it includes, imports or redefines, by
 * name within `files`. A reference outside the set (a URL, an absolute path, a missing file) is a problem
 * with the referring file and line; so is a file that is not well-formed XML.
 */
export function schemaFileClosure(files: Readonly<Record<string, string>>, main: string): { files: string[]; problems: ProblemItem[] } {
  const seen = new Set<string>();
  const problems: ProblemItem[] = [];
  const queue = [main];
  if (files[main] === undefined) return { files: [], problems: [{ path: main, message: `no file ${main}`, rule: 'schemaLocation' }] };
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    let doc: XmlDocument | undefined;
    try {
      doc = XmlDocument.fromString(files[name]!, { option: UNTRUSTED });
      for (const node of doc.find('/xs:schema/xs:include | /xs:schema/xs:import | /xs:schema/xs:redefine', XS)) {
        const location = (node as XmlElement).attr('schemaLocation')?.value;
        if (location === undefined) continue; // an import without a location names a namespace only
        const target = resolveLocation(name, location);
        if (target === undefined || files[target] === undefined) {
          problems.push({ path: name, line: node.line, message: `schemaLocation "${location}" is not one of the deployed files`, rule: 'schemaLocation' });
        } else if (!seen.has(target)) queue.push(target);
      }
    } catch (err) {
      if (err instanceof XmlLibError && err.details.length > 0) problems.push(...items(err.details, name));
      else problems.push({ path: name, message: `not an XML schema: ${(err as Error).message}`, rule: 'xml' });
    } finally {
      doc?.dispose();
    }
  }
  return { files: [...seen].sort(), problems };
}
