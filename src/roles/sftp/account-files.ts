import { randomUUID } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { Actor } from '../../platform/index.ts';
import type { ShipmentReceipt } from '../../modules/broker/index.ts';
import { MAX_BROKER_FILE_BYTES } from '../../modules/catalog/index.ts';
import type { Tinn } from '../compose.ts';

/**
 * What an SFTP account sees: a small tree of virtual folders over Tinn's use cases, never the server's own
 * filesystem (paths are only ever looked up in this tree, so `..` cannot lead anywhere).
 *
 *   /broker/outbox   put a shipment archive (ZIP with manifest.xml and recipients.xml) here; its receipt
 *                    appears beside it as <archive>.receipt.xml (remove it when read)
 *   /broker/inbox    files published to the account's organisation, as <fileReference>_<fileName>;
 *                    removing one confirms the download
 */
export type Entry =
  | { kind: 'dir'; path: string }
  | { kind: 'inbox'; path: string; fileReference: string; size: number; mtime: Date }
  | { kind: 'receipt'; path: string; receipt: ShipmentReceipt; content: Buffer };

export const DIRS = ['/', '/broker', '/broker/inbox', '/broker/outbox'] as const;
const RECEIPT_SUFFIX = '.receipt.xml';
const ARCHIVE_NAME = /^[^/\\\u0000-\u001f\u007f]{1,200}$/;

/** A client's path as an absolute path in the account's tree (relative paths start at `/`). */
export function normalize(path: string): string {
  return posix.resolve('/', path.replace(/\\/g, '/'));
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A shipment receipt as the file the account reads. */
export function receiptXml(r: ShipmentReceipt): Buffer {
  const errors = r.errors.map((e) => `    <Error${e.path ? ` path="${escapeXml(e.path)}"` : ''}${e.rule ? ` rule="${escapeXml(e.rule)}"` : ''}>${escapeXml(e.message)}</Error>`).join('\n');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>
<BrokerShipmentReceipt>
  <ArchiveName>${escapeXml(r.archiveName)}</ArchiveName>
  <Received>${r.createdAt.toISOString()}</Received>
  <Result>${r.result}</Result>
${r.fileReference ? `  <FileReference>${r.fileReference}</FileReference>\n` : ''}${r.code ? `  <Code>${r.code}</Code>\n` : ''}  <Message>${escapeXml(r.message)}</Message>
${errors ? `  <Errors>\n${errors}\n  </Errors>\n` : ''}</BrokerShipmentReceipt>
`,
    'utf8',
  );
}

const inboxName = (fileReference: string, fileName: string) => `${fileReference}_${fileName.replace(/[/\\]/g, '_')}`;

/** One account's view: listing, reading, writing and removing in its tree. */
export class AccountFiles {
  private readonly tinn: Tinn;
  private readonly actor: Actor;
  private readonly workDir: string;

  constructor(tinn: Tinn, actor: Actor, workDir: string) {
    this.tinn = tinn;
    this.actor = actor;
    this.workDir = workDir;
  }

  /** Whether the account takes part in broker transfers at all (service owners' systems do not). */
  get hasBroker(): boolean {
    return this.actor.kind !== 'serviceOwner';
  }

  private async inbox(): Promise<Entry[]> {
    if (!this.hasBroker) return [];
    const { files } = await this.tinn.broker.listFiles(this.actor, { status: 'Published' });
    return files
      .filter((f) => f.viewer === 'recipient' && f.purgedAt === null)
      .map((f) => ({ kind: 'inbox' as const, path: `/broker/inbox/${inboxName(f.fileReference, f.fileName)}`, fileReference: f.fileReference, size: f.fileSize ?? 0, mtime: f.publishedAt ?? f.sentAt }));
  }

  private async receipts(): Promise<Entry[]> {
    if (!this.hasBroker) return [];
    return (await this.tinn.broker.listShipmentReceipts(this.actor)).map((receipt) => ({ kind: 'receipt' as const, path: `/broker/outbox/${receipt.archiveName}${RECEIPT_SUFFIX}`, receipt, content: receiptXml(receipt) }));
  }

  /** The directory's entries, or undefined when it is not a directory. */
  async list(path: string): Promise<Entry[] | undefined> {
    switch (path) {
      case '/':
        return this.hasBroker ? [{ kind: 'dir', path: '/broker' }] : [];
      case '/broker':
        return this.hasBroker ? [{ kind: 'dir', path: '/broker/inbox' }, { kind: 'dir', path: '/broker/outbox' }] : undefined;
      case '/broker/inbox':
        return this.hasBroker ? this.inbox() : undefined;
      case '/broker/outbox':
        return this.hasBroker ? this.receipts() : undefined;
      default:
        return undefined;
    }
  }

  async find(path: string): Promise<Entry | undefined> {
    if (path === '/' || (this.hasBroker && (DIRS as readonly string[]).includes(path))) return { kind: 'dir', path };
    const parent = posix.dirname(path);
    if (parent !== '/broker/inbox' && parent !== '/broker/outbox') return undefined;
    return (await this.list(parent))?.find((e) => e.path === path);
  }

  /** Opens an inbox file for reading (records the download) → its content from `start`. */
  async openInbox(entry: Extract<Entry, { kind: 'inbox' }>, start: number): Promise<Readable> {
    const download = await this.tinn.broker.downloadFile(this.actor, entry.fileReference, start > 0 ? { range: `bytes=${start}-` } : {});
    return download.content;
  }

  /** Removing an inbox file confirms its download; removing a receipt drops it. */
  async remove(entry: Entry): Promise<void> {
    if (entry.kind === 'inbox') await this.tinn.broker.confirmDownload(this.actor, entry.fileReference);
    else if (entry.kind === 'receipt') await this.tinn.broker.removeShipmentReceipt(this.actor, entry.receipt.archiveName);
    else throw new Refused('only inbox files and receipts can be removed');
  }

  /** Where a new archive may be written: a plain name in /broker/outbox (not a receipt's). */
  canWrite(path: string): boolean {
    const name = posix.basename(path);
    return this.hasBroker && posix.dirname(path) === '/broker/outbox' && ARCHIVE_NAME.test(name) && !name.endsWith(RECEIPT_SUFFIX);
  }

  /** Starts an upload into a private temporary file under the work directory. */
  async beginUpload(path: string): Promise<Upload> {
    const tmp = join(this.workDir, randomUUID());
    return new Upload(this.tinn, this.actor, posix.basename(path), tmp, await open(tmp, 'wx', 0o600));
  }
}

/** An archive arriving over SFTP: written at the client's offsets into a temporary file, sent as a shipment on close. */
export class Upload {
  readonly archiveName: string;
  private readonly tinn: Tinn;
  private readonly actor: Actor;
  private readonly tmp: string;
  private readonly fh: FileHandle;

  constructor(tinn: Tinn, actor: Actor, archiveName: string, tmp: string, fh: FileHandle) {
    this.tinn = tinn;
    this.actor = actor;
    this.archiveName = archiveName;
    this.tmp = tmp;
    this.fh = fh;
  }

  async write(offset: number, data: Buffer): Promise<void> {
    if (offset + data.length > MAX_BROKER_FILE_BYTES) throw new Refused('the archive is larger than any broker service takes');
    await this.fh.write(data, 0, data.length, offset);
  }

  /** Sends the archive (its receipt records the outcome) and deletes the temporary file. */
  async finish(): Promise<ShipmentReceipt> {
    try {
      await this.fh.close();
      return await this.tinn.broker.sendZipShipment(this.actor, this.tmp, this.archiveName);
    } finally {
      await rm(this.tmp, { force: true });
    }
  }

  async abandon(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    await rm(this.tmp, { force: true });
  }
}

/** A request the tree does not allow, answered with SFTP's permission-denied status and this text. */
export class Refused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Refused';
  }
}
