import { AppError, createIdempotently, inTransaction, recordAudit, type Actor, type ProblemItem } from '../../platform/index.ts';
import { isActive, type ServiceEdition } from '../catalog/index.ts';
import type { Reportee } from '../authz/index.ts';
import { describeActor, presentFile } from './access.ts';
import { MAX_PROPERTIES, MAX_RECIPIENTS, parseChecksum, type BrokerFile } from './broker-file.ts';
import { insertEvent, insertFile, selectFile } from './db/broker-store.ts';
import { bindBrokerDeps, type BrokerDeps } from './deps.ts';
import { BrokerProblems } from './errors.ts';

/** A file transfer as its sender starts it (Altinn II InitiateBrokerService; Altinn 3 "initialize"). */
export interface FileInitiation {
  serviceCode: string;
  serviceEditionCode: number;
  /** The sending reportee: an orgno, `me`, `r<partyId>` or a national id. */
  reportee: string;
  sendersReference: string;
  fileName: string;
  /** SHA-256 (64 hex) or MD5 (32 hex) of the content; verified before the file is published. */
  checksum?: string | undefined;
  properties?: Record<string, string> | undefined;
  /** Organisation numbers and national ids. */
  recipients: string[];
}

const DAY_MS = 86_400_000;
// File names are shown to recipients and used when saving: no paths, no control characters.
const FILE_NAME = /^[^/\\\u0000-\u001f\u007f]{1,255}$/;

function checkInput(input: FileInitiation): ProblemItem[] {
  const errors: ProblemItem[] = [];
  if (!FILE_NAME.test(input.fileName) || input.fileName === '.' || input.fileName === '..') errors.push({ path: 'fileName', message: 'a file name of 1–255 characters without / \\ or control characters', rule: 'fileName' });
  if (input.checksum !== undefined && !parseChecksum(input.checksum)) errors.push({ path: 'checksum', message: 'SHA-256 as 64 hex digits, or MD5 as 32', rule: 'checksum' });
  const properties = Object.entries(input.properties ?? {});
  if (properties.length > MAX_PROPERTIES) errors.push({ path: 'properties', message: `at most ${MAX_PROPERTIES} properties`, rule: 'count' });
  for (const [key, value] of properties) {
    if (key.length < 1 || key.length > 50) errors.push({ path: `properties/${key}`, message: 'a key of 1–50 characters', rule: 'key' });
    if (value.length > 300) errors.push({ path: `properties/${key}`, message: 'a value of at most 300 characters', rule: 'value' });
  }
  if (input.recipients.length === 0 || input.recipients.length > MAX_RECIPIENTS) errors.push({ path: 'recipients', message: `1–${MAX_RECIPIENTS} recipients`, rule: 'count' });
  const seen = new Set<string>();
  input.recipients.forEach((r, i) => {
    if (!/^(\d{9}|\d{11})$/.test(r)) errors.push({ path: `recipients/${i}`, message: 'an organisation number (9 digits) or a national id (11 digits)', rule: 'format' });
    else if (seen.has(r)) errors.push({ path: `recipients/${i}`, message: `${r} is listed twice`, rule: 'unique' });
    seen.add(r);
  });
  return errors;
}

const reporteeKind = (r: Reportee) => (r.type === 'person' ? 'person' : r.mainUnitPartyId !== null ? 'subUnit' : 'organization');

/** Each recipient as a party that may receive on the service, or the reason it may not (BRK-00004 lists them all). */
async function resolveRecipients(deps: BrokerDeps, edition: ServiceEdition, numbers: readonly string[]): Promise<Reportee[]> {
  const errors: ProblemItem[] = [];
  const found: Reportee[] = [];
  for (const [i, number] of numbers.entries()) {
    const path = `recipients/${i}`;
    const party = await deps.register.uncheckedFindPartyByNumber(number);
    if (!party || party.isDeleted) {
      errors.push({ path, message: `no ${number.length === 9 ? 'organisation' : 'person'} ${number}`, rule: 'unknown' });
      continue;
    }
    const reportee = await deps.authz.uncheckedGetReportee(party.partyId);
    if (!edition.reporteeTypes.includes(reporteeKind(reportee))) errors.push({ path, message: `${edition.name.en} is not for a ${reporteeKind(reportee)}`, rule: 'reporteeType' });
    else if (!(await deps.authz.uncheckedSrrAllows(edition.serviceCode, edition.serviceEditionCode, reportee.partyId, 'Read'))) {
      errors.push({ path, message: `${edition.serviceOwnerCode} has not allowed ${number} to receive on ${edition.name.en} in its rights register (SRR)`, rule: 'srr' });
    } else found.push(reportee);
  }
  if (errors.length > 0) throw new AppError(BrokerProblems.recipientNotAllowed, { detail: `${errors.length} of ${numbers.length} recipients cannot receive; nothing was sent`, errors });
  return found;
}

/** The broker service edition, in use now (type Broker, production or test with the test environment, within its dates). */
export async function getBrokerService(deps: BrokerDeps, serviceCode: string, serviceEditionCode: number): Promise<ServiceEdition> {
  const edition = await deps.catalog.uncheckedFindServiceEdition(serviceCode, serviceEditionCode);
  if (!edition || edition.type !== 'Broker' || !edition.broker || !isActive(edition, deps.clock.now(), deps.testEnvironment)) {
    throw new AppError(BrokerProblems.serviceNotAvailable, { detail: `${serviceCode} edition ${serviceEditionCode}` });
  }
  return edition;
}

/**
 * Starts a file transfer: the sender needs Write on the broker service for the sending reportee, each
 * recipient must exist, be a kind the service is for and be allowed to receive in the owner's SRR (where
 * used). Nothing is stored unless everything holds. The file expires after the service's retention. The
 * content follows with `uploadFile`. A retry with the same Idempotency-Key answers the first transfer.
 */
export async function initiateFile(deps: BrokerDeps, actor: Actor, input: FileInitiation, idempotencyKey?: string): Promise<{ file: BrokerFile; replayed: boolean }> {
  const errors = checkInput(input);
  if (errors.length > 0) throw new AppError(BrokerProblems.invalidFile, { detail: `${errors.length} problem(s); nothing was sent`, errors });
  const edition = await getBrokerService(deps, input.serviceCode, input.serviceEditionCode);
  const sender = await deps.authz.resolveReportee(actor, input.reportee);
  const decision = await deps.authz.decide(actor, { reportee: sender, serviceCode: edition.serviceCode, serviceEditionCode: edition.serviceEditionCode, operation: 'Write' });
  if (decision.decision === 'Deny') throw new AppError(BrokerProblems.senderNotAuthorized, { detail: decision.reasons.map((r) => r.message).join('; '), data: { reasons: decision.reasons } });
  if (!edition.reporteeTypes.includes(reporteeKind(sender))) throw new AppError(BrokerProblems.invalidFile, { errors: [{ path: 'reportee', message: `${edition.name.en} is not for a ${reporteeKind(sender)}`, rule: 'reporteeType' }] });
  const recipients = await resolveRecipients(deps, edition, input.recipients);
  const checksum = input.checksum === undefined ? undefined : parseChecksum(input.checksum)!;
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const request = { ...input, reportee: sender.partyId };
    const { id, replayed } = await createIdempotently(trx, deps.clock, { scope: `broker.file:${sender.partyId}`, key: idempotencyKey, request }, async () => {
      const fileReference = deps.random.uuid();
      await insertFile(
        trx,
        {
          file_reference: fileReference,
          service_code: edition.serviceCode,
          service_edition_code: edition.serviceEditionCode,
          service_owner_code: edition.serviceOwnerCode,
          sender_party_id: sender.partyId,
          senders_reference: input.sendersReference,
          file_name: input.fileName,
          properties: input.properties ?? {},
          checksum_algorithm: checksum?.algorithm ?? 'sha256',
          declared_checksum: checksum?.hex ?? null,
          checksum: null,
          status: 'Initialized',
          changed_at: now,
          size: null,
          received: 0,
          upload_id: null,
          parts: [],
          blob_key: `broker/${fileReference}`,
          failure: null,
          created_by: describeActor(actor),
          created_at: now,
          published_at: null,
          expires_at: new Date(now.getTime() + edition.broker!.retentionDays * DAY_MS),
          purged_at: null,
        },
        recipients.map((r, position) => ({
          file_reference: fileReference,
          party_id: r.partyId,
          reportee_number: input.recipients[position]!,
          position,
          status: 'Initialized' as const,
          last_downloaded_at: null,
          confirmed_at: null,
          confirmed_by: null,
        })),
      );
      await insertEvent(trx, { file_reference: fileReference, at: now, event: 'Initialized', recipient_party_id: null, detail: null });
      await recordAudit(trx, deps.clock, { event: 'broker.initiate', outcome: 'success', partyId: sender.partyId, detail: { fileReference, service: `${edition.serviceCode}/${edition.serviceEditionCode}`, recipients: recipients.length, by: describeActor(actor) } });
      return fileReference;
    });
    const row = (await selectFile(trx, id))!;
    return { file: await presentFile(bindBrokerDeps(deps, trx), { row, side: 'sender', reportee: sender }), replayed };
  });
}
