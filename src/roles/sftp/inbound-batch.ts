import { readFile, stat } from 'node:fs/promises';
import { AppError, isAppError, PlatformProblems, requireServiceOwner, type Actor, type Problem, type ProblemItem, type ServiceOwnerActor } from '../../platform/index.ts';
import {
  batchKindOf,
  claimBatchSequence,
  isOwnBatch,
  listBatchFiles,
  MAX_BATCH_FILE_BYTES,
  parseBatchFile,
  recordBatchFile,
  removeBatchReceipt,
  type BatchFile,
  type BatchKind,
} from '../../platform/batch-files/index.ts';
import { readCorrespondenceBatch } from '../../modules/correspondence/index.ts';
import { readPrefillBatch } from '../../modules/prefill/index.ts';
import { escapeXml } from '../../platform/xml/index.ts';
import type { Tinn } from '../compose.ts';

/** The largest file /batch/inbound takes. */
export const MAX_INBOUND_BATCH_BYTES = MAX_BATCH_FILE_BYTES;

/** A batch file's receipt as the account reads it beside the file. */
export interface InboundReceipt {
  fileName: string;
  receivedAt: Date;
  result: 'OK' | 'PartlyFailed' | 'Failed';
  /** The receipt XML. */
  content: Buffer;
}

/** What became of one item. */
type ItemLine =
  | { position: number; reference: string; reportee: string; result: 'OK'; id: string; replayed: boolean }
  | { position: number; reference: string; reportee: string; result: 'Failed'; problem: Problem; detail: string | undefined; errors: ProblemItem[] };

/** What became of a file: rejected whole (`rejection`), or processed item by item. */
interface Outcome {
  kind: BatchKind | null;
  shipmentReference: string | null;
  sequenceNo: number | null;
  rejection: { problem: Problem; detail: string | undefined; errors: ProblemItem[] } | null;
  lines: ItemLine[];
}

const account = (owner: ServiceOwnerActor) => `serviceOwner:${owner.serviceOwnerCode}/${owner.systemName}`;

const element = (indent: string, name: string, value: string | number | null | undefined) => (value === null || value === undefined ? '' : `${indent}<${name}>${escapeXml(value)}</${name}>\n`);

function problemsXml(indent: string, errors: ProblemItem[]): string {
  if (errors.length === 0) return '';
  const items = errors.map((e) => `${indent}  <Problem${e.path ? ` path="${escapeXml(e.path)}"` : ''}${e.line !== undefined ? ` line="${e.line}"` : ''}${e.rule ? ` rule="${escapeXml(e.rule)}"` : ''}>${escapeXml(e.message)}</Problem>\n`).join('');
  return `${indent}<Problems>\n${items}${indent}</Problems>\n`;
}

function resultOf(outcome: Outcome): InboundReceipt['result'] {
  if (outcome.rejection) return 'Failed';
  const ok = outcome.lines.filter((l) => l.result === 'OK').length;
  if (ok === outcome.lines.length) return 'OK';
  return ok === 0 ? 'Failed' : 'PartlyFailed';
}

/** The receipt XML: the file, its outcome and counts, and a line per item (its id, or its problem code and problems). */
function receiptXml(fileName: string, receivedAt: Date, outcome: Outcome): string {
  const ok = outcome.lines.filter((l) => l.result === 'OK').length;
  const idName = outcome.kind === 'prefill' ? 'PrefillId' : 'CorrespondenceId';
  const lines = outcome.lines
    .map((l) => {
      const head = `    <Item position="${l.position}" result="${l.result}">\n${element('      ', 'SendersReference', l.reference)}${element('      ', 'Reportee', l.reportee)}`;
      if (l.result === 'OK') return `${head}${element('      ', idName, l.id)}${l.replayed ? element('      ', 'Replayed', 'true') : ''}    </Item>\n`;
      return `${head}${element('      ', 'Code', l.problem.code)}${element('      ', 'Title', l.problem.title)}${element('      ', 'Detail', l.detail)}${problemsXml('      ', l.errors)}    </Item>\n`;
    })
    .join('');
  const r = outcome.rejection;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<BatchReceipt>\n` +
    element('  ', 'FileName', fileName) +
    element('  ', 'Received', receivedAt.toISOString()) +
    element('  ', 'Kind', outcome.kind) +
    element('  ', 'ShipmentReference', outcome.shipmentReference) +
    element('  ', 'SequenceNo', outcome.sequenceNo) +
    element('  ', 'Result', resultOf(outcome)) +
    (r ? `${element('  ', 'Code', r.problem.code)}${element('  ', 'Title', r.problem.title)}${element('  ', 'Detail', r.detail)}${problemsXml('  ', r.errors)}` : '') +
    `  <Counts>\n${element('    ', 'Items', outcome.lines.length)}${element('    ', 'OK', ok)}${element('    ', 'Failed', outcome.lines.length - ok)}  </Counts>\n` +
    (lines ? `  <Items>\n${lines}  </Items>\n` : '') +
    `</BatchReceipt>\n`
  );
}

/** Sends or stores one item with the module's use case (its own transaction), as the owner's system. */
async function processItem(tinn: Tinn, actor: Actor, kind: BatchKind, input: unknown): Promise<{ id: string; replayed: boolean }> {
  if (kind === 'correspondence') {
    const receipt = await tinn.correspondence.sendCorrespondence(actor, input as Parameters<Tinn['correspondence']['sendCorrespondence']>[1]);
    return { id: String(receipt.correspondenceId), replayed: receipt.replayed };
  }
  const { prefill, replayed } = await tinn.prefill.storePrefill(actor, input as Parameters<Tinn['prefill']['storePrefill']>[1]);
  return { id: prefill.prefillId, replayed };
}

/** Reads and checks the file, takes its SequenceNo, then processes its items one by one. */
async function processFile(tinn: Tinn, owner: ServiceOwnerActor, path: string, fileName: string, outcome: Outcome): Promise<void> {
  const { size } = await stat(path);
  if (size > MAX_BATCH_FILE_BYTES) throw new AppError(PlatformProblems.batchTooLarge, { detail: `${size} bytes; at most ${MAX_BATCH_FILE_BYTES}` });
  const root = parseBatchFile(await readFile(path));
  const kind = batchKindOf(root);
  outcome.kind = kind;
  const file: BatchFile<unknown> = kind === 'correspondence' ? readCorrespondenceBatch(root) : readPrefillBatch(root);
  outcome.shipmentReference = file.header.shipmentReference ?? null;
  outcome.sequenceNo = file.header.sequenceNo;
  if (!isOwnBatch(file.header, owner.serviceOwnerCode)) {
    throw new AppError(PlatformProblems.batchOtherOwner, { detail: `the file names ${file.header.ownerCode}; this system belongs to ${owner.serviceOwnerCode}` });
  }
  await claimBatchSequence(tinn.db.kysely, tinn.clock, { serviceOwnerCode: owner.serviceOwnerCode, kind, sequenceNo: file.header.sequenceNo });
  for (const item of file.items) {
    const base = { position: item.position, reference: item.reference, reportee: item.reportee };
    if ('problem' in item) {
      outcome.lines.push({ ...base, result: 'Failed', problem: item.problem, detail: undefined, errors: item.errors });
      continue;
    }
    try {
      outcome.lines.push({ ...base, result: 'OK', ...(await processItem(tinn, owner, kind, item.input)) });
    } catch (err) {
      if (isAppError(err)) {
        outcome.lines.push({ ...base, result: 'Failed', problem: err.problem, detail: err.detail, errors: err.errors ?? [] });
      } else {
        tinn.log.error({ err, fileName, position: item.position }, 'inbound batch item failed unexpectedly');
        outcome.lines.push({ ...base, result: 'Failed', problem: PlatformProblems.internal, detail: 'Tinn could not process this item; send it again later', errors: [] });
      }
    }
  }
}

/**
 * Processes a batch file a service owner's system put in its inbound folder (`path`: the upload on local disk)
 * and records it with its receipt, which is also the answer. The format comes from the root element:
 * correspondence (`Correspondences`) or prefill (`ServiceOwner/Prefill`). A file too large, not well-formed (a
 * DTD or entity included), of no known format, with an incomplete header, naming another owner, or with a
 * SequenceNo that is not the previous file's plus one is rejected whole (Failed with the problem code) and no
 * item is processed. Otherwise each item goes through the module's use case as the owner's system, one
 * transaction each: one failing does not stop the others, and its line carries the problem code and items. An
 * unexpected error is logged and its line says only that Tinn failed (PLAT-00001). Sending an item again (same
 * reference and content) answers the first result (`Replayed`).
 */
export function processInboundBatch(tinn: Tinn, actor: Actor, path: string, fileName: string): Promise<InboundReceipt> {
  // One file at a time per process: a file is parsed whole, about four times its size in memory at the peak.
  const turn = inboundTurns.then(() => processInboundBatchNow(tinn, actor, path, fileName));
  inboundTurns = turn.catch(() => undefined);
  return turn;
}

let inboundTurns: Promise<unknown> = Promise.resolve();

async function processInboundBatchNow(tinn: Tinn, actor: Actor, path: string, fileName: string): Promise<InboundReceipt> {
  const owner = requireServiceOwner(actor);
  const receivedAt = tinn.clock.now();
  const outcome: Outcome = { kind: null, shipmentReference: null, sequenceNo: null, rejection: null, lines: [] };
  try {
    await processFile(tinn, owner, path, fileName, outcome);
  } catch (err) {
    if (isAppError(err)) outcome.rejection = { problem: err.problem, detail: err.detail, errors: err.errors ?? [] };
    else {
      tinn.log.error({ err, fileName }, 'inbound batch file failed unexpectedly');
      outcome.rejection = { problem: PlatformProblems.internal, detail: 'Tinn could not process the file; send it again later', errors: [] };
    }
  }
  const result = resultOf(outcome);
  const receipt = receiptXml(fileName, receivedAt, outcome);
  await recordBatchFile(tinn.db.kysely, tinn.clock, {
    account: account(owner),
    serviceOwnerCode: owner.serviceOwnerCode,
    kind: outcome.kind,
    fileName,
    receivedAt,
    sequenceNo: outcome.sequenceNo,
    shipmentReference: outcome.shipmentReference,
    result,
    code: outcome.rejection?.problem.code ?? null,
    itemCount: outcome.lines.length,
    okCount: outcome.lines.filter((l) => l.result === 'OK').length,
    receipt,
  });
  return { fileName, receivedAt, result, content: Buffer.from(receipt, 'utf8') };
}

/** The receipts in the owner's system's inbound folder, oldest first (never another account's). */
export async function listInboundReceipts(tinn: Tinn, actor: Actor): Promise<InboundReceipt[]> {
  const owner = requireServiceOwner(actor);
  return (await listBatchFiles(tinn.db.kysely, account(owner))).map((f) => ({ fileName: f.fileName, receivedAt: f.receivedAt, result: f.result, content: Buffer.from(f.receipt, 'utf8') }));
}

/** Removes a receipt once read; false when the folder had none of that name. */
export async function removeInboundReceipt(tinn: Tinn, actor: Actor, fileName: string): Promise<boolean> {
  const owner = requireServiceOwner(actor);
  return removeBatchReceipt(tinn.db.kysely, tinn.clock, account(owner), fileName);
}
