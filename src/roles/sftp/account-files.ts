import { randomUUID } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { Actor } from '../../platform/index.ts';
import { escapeXml } from '../../platform/xml/index.ts';
import type { ShipmentReceipt } from '../../modules/broker/index.ts';
import { MAX_BROKER_FILE_BYTES } from '../../modules/catalog/index.ts';
import { attachmentFileName } from '../../modules/submissions/index.ts';
import type { Tinn } from '../compose.ts';
import { listInboundReceipts, MAX_INBOUND_BATCH_BYTES, processInboundBatch, removeInboundReceipt } from './inbound-batch.ts';

/**
 * What an SFTP account sees: a small tree of virtual folders over Tinn's use cases, never the server's own
 * filesystem (paths are only ever looked up in this tree, so `..` cannot lead anywhere).
 *
 * Data systems and enterprise users (parties' accounts):
 *   /broker/outbox   put a shipment archive (ZIP with manifest.xml and recipients.xml) here; its receipt
 *                    appears beside it as <archive>.receipt.xml (remove it when read)
 *   /broker/inbox    files published to the account's organisation, as <fileReference>_<fileName>;
 *                    removing one confirms the download
 * Service owners' systems:
 *   /batch/outbound  archived submissions of the owner's services with batch delivery: <AR>.xml (genericbatch
 *                    DataBatch) and each attachment as <AR>_<attachmentId>_<fileName>; removing <AR>.xml
 *                    acknowledges the submission and its files leave the folder
 *   /batch/inbound   put correspondence and prefill batch files here; each is processed on close and its
 *                    receipt appears beside it as <file>.receipt.xml (remove it when read)
 */
export type Entry =
  | { kind: 'dir'; path: string }
  /** A file read from Tinn as a stream (a broker file, a delivered submission or attachment). */
  | { kind: 'stream'; path: string; size: number; mtime: Date; open(start: number): Promise<Readable>; remove(): Promise<void> }
  /** A small file held in memory (a receipt). */
  | { kind: 'memory'; path: string; content: Buffer; mtime: Date; remove(): Promise<void> };

const RECEIPT_SUFFIX = '.receipt.xml';
const FILE_NAME = /^[^/\\\u0000-\u001f\u007f]{1,200}$/;
/** How long a folder's listing answers the STAT and OPEN that follow it (a client's `get *` asks once per file). */
const LISTING_TTL_MS = 2000;

/** A client's path as an absolute path in the account's tree (relative paths start at `/`). */
export function normalize(path: string): string {
  return posix.resolve('/', path.replace(/\\/g, '/'));
}

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

const safeName = (fileName: string) => fileName.replace(/[/\\]/g, '_');

/** A folder where files are put: what it takes and what happens to a file on close. */
interface DropFolder {
  maxBytes: number;
  /** The refusal for a name that cannot be written there. */
  refusal: string;
  finish(tmp: string, name: string): Promise<unknown>;
}

/** One account's view: listing, reading, writing and removing in its tree. */
export class AccountFiles {
  private readonly tinn: Tinn;
  private readonly actor: Actor;
  private readonly workDir: string;
  /** The folders of this account and, for each, how its entries are listed. */
  private readonly folders: ReadonlyMap<string, () => Promise<Entry[]>>;
  private readonly drops: ReadonlyMap<string, DropFolder>;
  private readonly listings = new Map<string, { at: number; entries: Promise<Entry[]> }>();

  constructor(tinn: Tinn, actor: Actor, workDir: string) {
    this.tinn = tinn;
    this.actor = actor;
    this.workDir = workDir;
    if (actor.kind === 'serviceOwner') {
      this.folders = new Map([
        ['/batch/outbound', () => this.outbound()],
        ['/batch/inbound', () => this.inboundReceipts()],
      ]);
      this.drops = new Map([
        [
          '/batch/inbound',
          {
            maxBytes: MAX_INBOUND_BATCH_BYTES,
            refusal: 'batch files are put in /batch/inbound',
            finish: (tmp, name) => processInboundBatch(this.tinn, this.actor, tmp, name),
          },
        ],
      ]);
    } else {
      this.folders = new Map([
        ['/broker/inbox', () => this.inbox()],
        ['/broker/outbox', () => this.shipmentReceipts()],
      ]);
      this.drops = new Map([
        ['/broker/outbox', { maxBytes: MAX_BROKER_FILE_BYTES, refusal: 'archives are put in /broker/outbox', finish: (tmp, name) => this.tinn.broker.sendZipShipment(this.actor, tmp, name) }],
      ]);
    }
  }

  /** Every directory of the account's tree: its folders and their parents. */
  private get dirs(): string[] {
    return ['/', ...new Set([...this.folders.keys()].map((f) => posix.dirname(f))), ...this.folders.keys()];
  }

  private async inbox(): Promise<Entry[]> {
    const { files } = await this.tinn.broker.listFiles(this.actor, { status: 'Published' });
    return files
      .filter((f) => f.viewer === 'recipient' && f.purgedAt === null)
      .map((f) => ({
        kind: 'stream' as const,
        path: `/broker/inbox/${f.fileReference}_${safeName(f.fileName)}`,
        size: f.fileSize ?? 0,
        mtime: f.publishedAt ?? f.sentAt,
        open: async (start: number) => (await this.tinn.broker.downloadFile(this.actor, f.fileReference, start > 0 ? { range: `bytes=${start}-` } : {})).content,
        // Removing an inbox file confirms its download.
        remove: () => this.tinn.broker.confirmDownload(this.actor, f.fileReference).then(() => undefined),
      }));
  }

  private async shipmentReceipts(): Promise<Entry[]> {
    return (await this.tinn.broker.listShipmentReceipts(this.actor)).map((receipt) => ({
      kind: 'memory' as const,
      path: `/broker/outbox/${receipt.archiveName}${RECEIPT_SUFFIX}`,
      content: receiptXml(receipt),
      mtime: receipt.createdAt,
      remove: () => this.tinn.broker.removeShipmentReceipt(this.actor, receipt.archiveName).then(() => undefined),
    }));
  }

  private async outbound(): Promise<Entry[]> {
    const items = await this.tinn.submissions.listBatchDelivery(this.actor);
    return items.flatMap((item): Entry[] => [
      {
        kind: 'stream',
        path: `/batch/outbound/${item.archiveReference}.xml`,
        size: item.sizeBytes,
        mtime: item.deliveredAt,
        open: (start) => this.tinn.submissions.openBatchDelivery(this.actor, item.archiveReference, { start }),
        remove: () => this.tinn.submissions.acknowledgeBatchDelivery(this.actor, item.archiveReference),
      },
      ...item.attachments.map(
        (a): Entry => ({
          kind: 'stream',
          path: `/batch/outbound/${attachmentFileName(item.archiveReference, a.attachmentId, a.fileName)}`,
          size: a.sizeBytes,
          mtime: item.deliveredAt,
          open: (start) => this.tinn.submissions.openBatchDelivery(this.actor, item.archiveReference, { attachmentId: a.attachmentId, start }),
          remove: async () => {
            throw new Refused(`remove ${item.archiveReference}.xml to acknowledge the submission: its attachments leave with it`);
          },
        }),
      ),
    ]);
  }

  private async inboundReceipts(): Promise<Entry[]> {
    return (await listInboundReceipts(this.tinn, this.actor)).map((r) => ({
      kind: 'memory' as const,
      path: `/batch/inbound/${r.fileName}${RECEIPT_SUFFIX}`,
      content: r.content,
      mtime: r.receivedAt,
      remove: () => removeInboundReceipt(this.tinn, this.actor, r.fileName).then(() => undefined),
    }));
  }

  /** The directory's entries, or undefined when it is not a directory. */
  async list(path: string): Promise<Entry[] | undefined> {
    const folder = this.folders.get(path);
    if (folder) {
      const entries = folder();
      this.listings.set(path, { at: Date.now(), entries });
      return entries;
    }
    if (!this.dirs.includes(path)) return undefined;
    return this.dirs.filter((d) => d !== '/' && posix.dirname(d) === path).map((d) => ({ kind: 'dir' as const, path: d }));
  }

  /** The entry at `path`; a folder listed a moment ago answers from that listing. */
  async find(path: string): Promise<Entry | undefined> {
    if (this.dirs.includes(path)) return { kind: 'dir', path };
    const parent = posix.dirname(path);
    if (!this.folders.has(parent)) return undefined;
    const recent = this.listings.get(parent);
    const entries = recent && Date.now() - recent.at < LISTING_TTL_MS ? await recent.entries : await this.list(parent);
    return entries?.find((e) => e.path === path);
  }

  /** Removes an entry (what that means depends on the folder: confirm, acknowledge, drop a receipt). */
  async remove(entry: Entry): Promise<void> {
    if (entry.kind === 'dir') throw new Refused('the folders are fixed');
    await entry.remove();
    this.listings.delete(posix.dirname(entry.path));
  }

  /** Starts an upload into a private temporary file under the work directory; only a plain new name in a drop folder. */
  async beginUpload(path: string): Promise<Upload> {
    const folder = posix.dirname(path);
    const name = posix.basename(path);
    const drop = this.drops.get(folder);
    if (!drop || !FILE_NAME.test(name) || name.endsWith(RECEIPT_SUFFIX)) throw new Refused([...this.drops.values()][0]!.refusal);
    const tmp = join(this.workDir, randomUUID());
    this.listings.delete(folder);
    return new Upload(tmp, await open(tmp, 'wx', 0o600), drop.maxBytes, () => drop.finish(tmp, name).finally(() => this.listings.delete(folder)));
  }
}

/** A file arriving over SFTP: written at the client's offsets into a temporary file, handed on on close. */
export class Upload {
  private readonly tmp: string;
  private readonly fh: FileHandle;
  private readonly maxBytes: number;
  private readonly onClose: () => Promise<unknown>;

  constructor(tmp: string, fh: FileHandle, maxBytes: number, onClose: () => Promise<unknown>) {
    this.tmp = tmp;
    this.fh = fh;
    this.maxBytes = maxBytes;
    this.onClose = onClose;
  }

  async write(offset: number, data: Buffer): Promise<void> {
    if (offset + data.length > this.maxBytes) throw new Refused(`the file is larger than this folder takes (${this.maxBytes} bytes)`);
    await this.fh.write(data, 0, data.length, offset);
  }

  /** Hands the file on (its receipt records the outcome) and deletes the temporary file. */
  async finish(): Promise<void> {
    try {
      await this.fh.close();
      await this.onClose();
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
