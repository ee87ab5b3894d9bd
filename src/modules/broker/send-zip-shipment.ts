import { AppError, isAppError, PlatformProblems, readZipDirectory, readZipEntry, ZipFormatError, zipWithout, type Actor, type ProblemItem, type ZipDirectory } from '../../platform/index.ts';
import { childOf, parseXmlTree, type XmlNode } from '../../platform/xml/index.ts';
import { describeActor } from './access.ts';
import type { BrokerFile } from './broker-file.ts';
import { deleteShipmentReceipt, selectShipmentReceipts, upsertShipmentReceipt, type ShipmentReceiptRow } from './db/broker-store.ts';
import { cancelFile } from './cancel-file.ts';
import type { BrokerDeps } from './deps.ts';
import { BrokerProblems } from './errors.ts';
import { initiateFile, type FileInitiation } from './initiate-file.ts';
import { uploadFile } from './upload-file.ts';

export const MANIFEST = 'manifest.xml';
export const RECIPIENTS = 'recipients.xml';
const MAX_METADATA_BYTES = 1024 * 1024;

const invalid = (fileName: string, errors: ProblemItem[]) => new AppError(BrokerProblems.invalidShipment, { detail: `${fileName}: ${errors.map((e) => e.message).join('; ')}`, errors });

/** Altinn II's broker manifest (BrokerServiceManifest) and recipient list (BrokerServiceRecipientList), by local names in any namespace. */
function readShipment(manifest: XmlNode, recipients: XmlNode): { input: Omit<FileInitiation, 'fileName'>; errors: ProblemItem[] } {
  const errors: ProblemItem[] = [];
  const text = (name: string) => childOf(manifest, name)?.text ?? '';
  if (manifest.name !== 'BrokerServiceManifest') errors.push({ path: MANIFEST, message: `the root element is ${manifest.name}, not BrokerServiceManifest`, rule: 'manifest' });
  if (recipients.name !== 'BrokerServiceRecipientList') errors.push({ path: RECIPIENTS, message: `the root element is ${recipients.name}, not BrokerServiceRecipientList`, rule: 'recipients' });
  for (const name of ['ExternalServiceCode', 'ExternalServiceEditionCode', 'SendersReference', 'Reportee']) {
    if (text(name) === '') errors.push({ path: `${MANIFEST}/${name}`, message: `${name} is missing`, rule: 'required' });
  }
  const edition = Number(text('ExternalServiceEditionCode'));
  if (text('ExternalServiceEditionCode') !== '' && !(Number.isInteger(edition) && edition > 0)) errors.push({ path: `${MANIFEST}/ExternalServiceEditionCode`, message: 'a whole number', rule: 'format' });
  const properties: Record<string, string> = {};
  for (const p of childOf(manifest, 'PropertyList')?.children ?? []) {
    const key = childOf(p, 'PropertyKey')?.text ?? '';
    if (key) properties[key] = childOf(p, 'PropertyValue')?.text ?? '';
  }
  const numbers = recipients.children.filter((r) => r.name === 'Recipient').map((r) => childOf(r, 'PartyNumber')?.text ?? '');
  if (numbers.length === 0) errors.push({ path: RECIPIENTS, message: 'no Recipient/PartyNumber', rule: 'recipients' });
  return {
    input: { serviceCode: text('ExternalServiceCode'), serviceEditionCode: edition, reportee: text('Reportee'), sendersReference: text('SendersReference'), properties, recipients: numbers },
    errors,
  };
}

async function readMetadata(path: string, zip: ZipDirectory, name: string, errors: ProblemItem[]): Promise<XmlNode | undefined> {
  const entry = zip.entries.find((e) => e.name.toLowerCase() === name);
  if (!entry) {
    errors.push({ path: name, message: `the archive has no ${name}`, rule: 'missing' });
    return undefined;
  }
  try {
    return parseXmlTree(await readZipEntry(path, entry, MAX_METADATA_BYTES));
  } catch (err) {
    errors.push({ path: name, message: err instanceof ZipFormatError ? err.message : `${name} is not well-formed XML`, rule: 'xml' });
    return undefined;
  }
}

/**
 * A broker shipment as the batch channel (SFTP) takes it: a ZIP with `manifest.xml` (service, edition,
 * sender, sender's reference, properties) and `recipients.xml`, plus the payload. The archive is checked
 * first (a plain ZIP, names that stay inside the folder, both files present and well-formed); the transfer
 * is then initiated as over REST and the archive published without `recipients.xml` (recipients do not see
 * each other), its compressed entries copied as they are. A failure after initiation cancels the transfer,
 * so nothing half-sent stays. `path` is the archive on local disk.
 */
async function sendArchive(deps: BrokerDeps, actor: Actor, path: string, fileName: string): Promise<BrokerFile> {
  let zip: ZipDirectory;
  try {
    zip = await readZipDirectory(path);
  } catch (err) {
    if (err instanceof ZipFormatError) throw invalid(fileName, [{ path: fileName, message: err.message, rule: err.reason }]);
    throw err;
  }
  const errors: ProblemItem[] = [];
  const manifest = await readMetadata(path, zip, MANIFEST, errors);
  const recipients = await readMetadata(path, zip, RECIPIENTS, errors);
  if (!manifest || !recipients) throw invalid(fileName, errors);
  const shipment = readShipment(manifest, recipients);
  if (shipment.errors.length > 0) throw invalid(fileName, shipment.errors);
  const { file } = await initiateFile(deps, actor, { ...shipment.input, fileName });
  const recipientsEntry = zip.entries.find((e) => e.name.toLowerCase() === RECIPIENTS)!;
  const payload = zipWithout(path, zip, new Set([recipientsEntry.name]));
  try {
    return await uploadFile(deps, actor, file.fileReference, { length: payload.size }, payload.content);
  } catch (err) {
    await cancelFile(deps, actor, file.fileReference).catch((cancelError) => {
      if (!isAppError(cancelError)) throw cancelError;
    });
    throw err;
  }
}

/** What became of an archive sent through the batch channel, kept for the account that sent it. */
export interface ShipmentReceipt {
  archiveName: string;
  createdAt: Date;
  result: 'OK' | 'Failed';
  fileReference: string | null;
  /** The problem code of a failure. */
  code: string | null;
  message: string;
  errors: ProblemItem[];
}

const toReceipt = (r: ShipmentReceiptRow): ShipmentReceipt => ({
  archiveName: r.archive_name,
  createdAt: r.created_at,
  result: r.result,
  fileReference: r.file_reference,
  code: r.code,
  message: r.message,
  errors: r.errors,
});

/**
 * Sends a shipment archive (see above) and records its receipt for the sending account — published with its
 * file reference, or failed with the problem code and every problem found. A problem never escapes: the
 * receipt is the answer. An unexpected error is recorded as PLAT-00001 and thrown for the log.
 */
export async function sendZipShipment(deps: BrokerDeps, actor: Actor, path: string, archiveName: string): Promise<ShipmentReceipt> {
  const base = { account: describeActor(actor), archive_name: archiveName, created_at: deps.clock.now() };
  let row: ShipmentReceiptRow;
  let unexpected: unknown;
  try {
    const file = await sendArchive(deps, actor, path, archiveName);
    row = { ...base, result: 'OK', file_reference: file.fileReference, code: null, message: `Published to ${file.recipients.length} recipient(s): ${file.fileReference}`, errors: [] };
  } catch (err) {
    if (isAppError(err)) row = { ...base, result: 'Failed', file_reference: null, code: err.problem.code, message: err.detail ?? err.problem.title, errors: err.errors ?? [] };
    else {
      unexpected = err;
      row = { ...base, result: 'Failed', file_reference: null, code: PlatformProblems.internal.code, message: 'Tinn could not process the archive; try again later', errors: [] };
    }
  }
  await upsertShipmentReceipt(deps.db, row);
  if (unexpected !== undefined) throw unexpected;
  return toReceipt(row);
}

/** The receipts of the account's shipments, oldest first. */
export async function listShipmentReceipts(deps: BrokerDeps, actor: Actor): Promise<ShipmentReceipt[]> {
  return (await selectShipmentReceipts(deps.db, describeActor(actor))).map(toReceipt);
}

/** Removes one of the account's receipts once it has read it; false when there was none. */
export async function removeShipmentReceipt(deps: BrokerDeps, actor: Actor, archiveName: string): Promise<boolean> {
  return deleteShipmentReceipt(deps.db, describeActor(actor), archiveName);
}
