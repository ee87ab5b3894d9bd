import { AppError, type Problem, type ProblemItem } from '../errors/index.ts';
import { PlatformProblems } from '../errors/platform-problems.ts';
import { XmlDtdRefused, parseXmlTree, type XmlNode } from '../xml/tree.ts';

/**
 * Batch files a service owner's system puts in its inbound folder (Altinn II's batch channel, over SFTP):
 * correspondence (`Correspondences`) and prefill (`ServiceOwner/Prefill`). The platform knows the shape every
 * such file shares — a header naming the owner and a SequenceNo, then items — and keeps the bookkeeping; each
 * module reads its own items.
 */
export type BatchKind = 'correspondence' | 'prefill';

/** The largest batch file taken. The whole document is parsed in memory (base64 attachments included), so a file
 * costs several times its size while it is read; Altinn II advised batch from about 30 MB of data. */
export const MAX_BATCH_FILE_BYTES = 200 * 1024 * 1024;

/** Namespace families of the formats, any version (the correspondence XSD kept its 2009/10 namespace up to 2022.11). */
const NAMESPACES: Record<BatchKind, string> = {
  correspondence: 'http://schemas.altinn.no/services/intermediary/correspondence/',
  prefill: 'http://schemas.altinn.no/services/intermediary/serviceinitiation/',
};

/** What a batch file's header says. */
export interface BatchHeader {
  /** SystemUserCode or ServiceOwnerName: the owner's code, optionally `-` or `_` and a department (`TTD-ARK`). */
  ownerCode: string;
  /** ShipmentReference or ExternalShipmentReference: the owner's reference for the whole file. */
  shipmentReference: string | undefined;
  /** Null when the file carries none (Altinn II checked the sequence only when it was set). */
  sequenceNo: number | null;
}

/** One item of a batch file: read into the module's input, or refused with the problems found reading it. */
export type BatchItem<T> =
  | { position: number; reference: string; reportee: string; input: T }
  | { position: number; reference: string; reportee: string; problem: Problem; errors: ProblemItem[] };

/** A batch file as a module reads it. */
export interface BatchFile<T> {
  kind: BatchKind;
  header: BatchHeader;
  items: BatchItem<T>[];
}

/**
 * Parses a batch file: well-formed XML without a DTD (so no entities of any kind), no network, libxml2's
 * entity amplification limit on, and text nodes beyond 10 MB allowed (base64 attachments). PLAT-00025 with
 * libxml2's message otherwise.
 */
export function parseBatchFile(xml: Uint8Array): XmlNode {
  try {
    return parseXmlTree(xml, { large: true, refuseDtd: true });
  } catch (err) {
    const message = err instanceof XmlDtdRefused ? err.message : String((err as Error).message ?? err).trim();
    throw new AppError(PlatformProblems.batchNotWellFormed, { detail: message, errors: [{ message, rule: err instanceof XmlDtdRefused ? 'dtd' : 'xml' }], cause: err });
  }
}

/** Which batch format a document's root is (name and namespace family; no namespace is taken too); PLAT-00026 otherwise. */
export function batchKindOf(root: XmlNode): BatchKind {
  const inFamily = (kind: BatchKind) => root.namespace === '' || root.namespace.startsWith(NAMESPACES[kind]);
  if (root.name === 'Correspondences' && inFamily('correspondence')) return 'correspondence';
  if (root.name === 'ServiceOwner' && inFamily('prefill')) {
    if (root.children.some((c) => c.name === 'Prefill')) return 'prefill';
    if (root.children.some((c) => c.name === 'Subscription')) {
      throw new AppError(PlatformProblems.batchUnknownFormat, { detail: 'subscriptions (ServiceOwner/Subscription) are not built in Tinn' });
    }
  }
  throw new AppError(PlatformProblems.batchUnknownFormat, { detail: `the root element is ${root.name}${root.namespace ? ` in ${root.namespace}` : ''}` });
}

/** Throws PLAT-00026 unless `root` is a batch file of this kind. */
export function requireBatchKind(root: XmlNode, kind: BatchKind): void {
  if (batchKindOf(root) !== kind) throw new AppError(PlatformProblems.batchUnknownFormat, { detail: `not a ${kind} batch file: the root element is ${root.name}` });
}

/**
 * Reads a header's SequenceNo (absent or empty: none); a value that is not a whole number ≥ 0 goes to `errors`.
 * Altinn II: "if set, it must be one more than the previous for this service owner".
 */
export function readSequenceNo(value: string | undefined, path: string, errors: ProblemItem[]): number | null {
  if (value === undefined || value === '') return null;
  if (!/^\d{1,15}$/.test(value)) {
    errors.push({ path, message: 'a whole number', rule: 'format' });
    return null;
  }
  return Number(value);
}

/** True when a header's owner code (`TTD`, `TTD-ARK`, `ttd_arkiv`) names this service owner. */
export function isOwnBatch(header: BatchHeader, serviceOwnerCode: string): boolean {
  const code = header.ownerCode.trim().toUpperCase();
  const own = serviceOwnerCode.toUpperCase();
  return code === own || code.startsWith(`${own}-`) || code.startsWith(`${own}_`);
}

/** Throws PLAT-00030 with every problem when a header has any. */
export function requireValidHeader(errors: ProblemItem[]): void {
  if (errors.length > 0) throw new AppError(PlatformProblems.batchInvalidHeader, { detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors });
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Reads the fields of a batch item by local name, collecting every problem with its path (`Correspondence[2]/
 * Content/MessageTitle`) instead of stopping at the first. Empty elements count as absent.
 */
export class BatchFields {
  readonly errors: ProblemItem[] = [];

  /** The child elements of `node` with this local name. */
  all(node: XmlNode | undefined, name: string): XmlNode[] {
    return node?.children.filter((c) => c.name === name) ?? [];
  }

  /** The first child with one of these local names (formats spell some differently: `Url`/`URL`). */
  child(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
    return node?.children.find((c) => names.includes(c.name));
  }

  /** A child's text; markup inside it (rather than in CDATA or escaped) is a problem. */
  text(node: XmlNode | undefined, path: string, ...names: string[]): string | undefined {
    const c = this.child(node, ...names);
    if (!c) return undefined;
    if (c.children.length > 0) {
      this.errors.push({ path: `${path}/${c.name}`, message: 'text expected: put markup in CDATA or escape it', rule: 'text' });
      return undefined;
    }
    return c.text === '' ? undefined : c.text;
  }

  required(node: XmlNode | undefined, path: string, name: string): string {
    const value = this.text(node, path, name);
    if (value === undefined && !this.errors.some((e) => e.path === `${path}/${name}`)) this.errors.push({ path: `${path}/${name}`, message: `${name} is missing`, rule: 'required' });
    return value ?? '';
  }

  /** A whole number ≥ 0 (service editions, data format versions). */
  integer(node: XmlNode | undefined, path: string, name: string, required = false): number | undefined {
    const value = required ? this.required(node, path, name) : this.text(node, path, name);
    if (value === undefined || value === '') return undefined;
    if (!/^\d{1,9}$/.test(value)) {
      this.errors.push({ path: `${path}/${name}`, message: 'a whole number', rule: 'format' });
      return undefined;
    }
    return Number(value);
  }

  /** xs:boolean, or Y/N as the correspondence format's Encrypted has it. */
  boolean(node: XmlNode | undefined, path: string, name: string): boolean | undefined {
    const value = this.text(node, path, name)?.toLowerCase();
    if (value === undefined) return undefined;
    if (['true', '1', 'y'].includes(value)) return true;
    if (['false', '0', 'n'].includes(value)) return false;
    this.errors.push({ path: `${path}/${name}`, message: 'true or false', rule: 'format' });
    return undefined;
  }

  /** base64 content (line breaks allowed); empty when absent. */
  base64(node: XmlNode | undefined, path: string, name: string): Uint8Array {
    const value = this.text(node, path, name)?.replace(/\s+/g, '');
    if (value === undefined) return new Uint8Array();
    if (value.length % 4 !== 0 || !BASE64.test(value)) {
      this.errors.push({ path: `${path}/${name}`, message: 'not base64', rule: 'format' });
      return new Uint8Array();
    }
    return Buffer.from(value, 'base64');
  }
}
