import { createHash } from 'node:crypto';
import { AppError, inTransaction, isUniqueViolation, requireServiceOwner, sanitizeHtml, type Actor, type ProblemItem } from '../../platform/index.ts';
import type { NotificationOrder } from '../notifications/index.ts';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_BODY_CHARACTERS, type ReplyOption } from './correspondence.ts';
import { insertAttachments, insertCorrespondence, insertNotificationLinks, insertStatusChange, selectByShipment, selectNotificationLinks, type CorrespondenceRow } from './db/correspondence-store.ts';
import { bindCorrespondenceDeps, type CorrespondenceDeps } from './deps.ts';
import { CorrespondenceProblems } from './errors.ts';

/** A correspondence as a service owner sends it (Altinn II InsertCorrespondenceV2). */
export interface CorrespondenceInput {
  /** The owner's reference: a retry with the same reference and content answers the first receipt (SendersReference). */
  externalShipmentReference: string;
  serviceCode: string;
  serviceEditionCode: number;
  /** National identity number or orgno. */
  reportee: string;
  content: {
    languageCode: string | number;
    messageTitle: string;
    messageSummary?: string | undefined;
    /** HTML (or text); stored sanitized. */
    messageBody: string;
    customMessageData?: string | undefined;
    attachments?: { name: string; fileName: string; data: Uint8Array; sendersReference?: string | undefined }[] | undefined;
  };
  visibleDateTime?: string | undefined;
  allowSystemDeleteDateTime?: string | undefined;
  dueDateTime?: string | undefined;
  /** Marks the message as an answer to this submission (AR…). */
  archiveReference?: string | undefined;
  replyOptions?: ReplyOption[] | undefined;
  /** Sent when the message becomes visible, to the reportee, with $servicename$ naming this service. */
  notifications?: Omit<NotificationOrder, 'reporteeNumber' | 'service'>[] | undefined;
  allowForwarding?: boolean | undefined;
  caseId?: string | undefined;
  messageSender?: string | undefined;
  /** Respect a person's reservation against digital communication (KRR): a reserved person gets nothing. */
  isReservable?: boolean | undefined;
}

/** What the owner gets back: the receipt of the correspondence. */
export interface CorrespondenceReceipt {
  correspondenceId: number;
  receiptStatusCode: 'OK';
  /** Created, or Reserved when the reportee is reserved and the message was reservable (nothing delivered). */
  status: 'Created' | 'Reserved';
  externalShipmentReference: string;
  visibleDateTime: Date;
  notificationIds: string[];
  /** True when this answers an earlier request with the same reference. */
  replayed: boolean;
}

const LANGUAGES: Record<string, 'nb' | 'nn' | 'en'> = { nb: 'nb', nn: 'nn', en: 'en', '1044': 'nb', '2068': 'nn', '1033': 'en' };
const MAX_TITLE = 255;
const MAX_SUMMARY = 4000;

function parseDate(value: string | undefined, path: string, errors: ProblemItem[]): Date | null {
  if (value === undefined) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) errors.push({ path, message: 'not a date-time', rule: 'format' });
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The fingerprint of a request: the same reference with other content is a conflict, not a retry. */
function fingerprint(input: CorrespondenceInput): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ ...input, content: { ...input.content, attachments: undefined } }));
  for (const a of input.content.attachments ?? []) hash.update(`\n${a.name}\n${a.fileName}\n`).update(a.data);
  return hash.digest('hex');
}

function receiptOf(row: CorrespondenceRow, notificationIds: string[], replayed: boolean): CorrespondenceReceipt {
  return {
    correspondenceId: row.correspondence_id,
    receiptStatusCode: 'OK',
    status: row.reserved ? 'Reserved' : 'Created',
    externalShipmentReference: row.external_shipment_reference,
    visibleDateTime: row.visible_at,
    notificationIds,
    replayed,
  };
}


/**
 * Sends a correspondence to a reportee (Altinn II InsertCorrespondenceV2): checks the service is the
 * caller's own correspondence service and every field (all problems at once, CORR-00001), sanitizes the
 * body, stores the attachments, and in one transaction writes the message, its Created status and the
 * notifications (sent when it becomes visible). A reserved person with a reservable message gets nothing
 * (status Reserved). A retry with the same externalShipmentReference and content answers the first receipt.
 */
export async function sendCorrespondence(deps: CorrespondenceDeps, actor: Actor, input: CorrespondenceInput): Promise<CorrespondenceReceipt> {
  const owner = requireServiceOwner(actor);
  const now = deps.clock.now();
  const edition = await deps.catalog.uncheckedFindServiceEdition(input.serviceCode, input.serviceEditionCode);
  const usable = edition && edition.type === 'Correspondence' && edition.serviceOwnerCode === owner.serviceOwnerCode && (edition.state === 'production' || (deps.testEnvironment && edition.state === 'test'));
  if (!edition || !usable || edition.validFrom > now || (edition.validTo !== null && edition.validTo <= now)) {
    throw new AppError(CorrespondenceProblems.serviceNotAvailable, { detail: `service ${input.serviceCode} edition ${input.serviceEditionCode}` });
  }
  // REST's schema refuses an empty reference; SOAP's contract allows an empty element, so the rule is here:
  // empty references would otherwise all be retries of each other.
  if (input.externalShipmentReference.trim() === '') {
    throw new AppError(CorrespondenceProblems.invalidCorrespondence, { errors: [{ path: 'externalShipmentReference', message: 'your own reference for the message, 1–100 characters', rule: 'required' }] });
  }
  const request = fingerprint(input);
  const earlier = await selectByShipment(deps.db, owner.serviceOwnerCode, input.externalShipmentReference);
  if (earlier) return replay(deps, earlier, request);

  const party = await deps.register.uncheckedFindPartyByNumber(input.reportee);
  if (!party || party.isDeleted) throw new AppError(CorrespondenceProblems.unknownReportee, { errors: [{ path: 'reportee', message: 'no such person or organisation', rule: CorrespondenceProblems.unknownReportee.code }] });

  const errors: ProblemItem[] = [];
  const c = input.content;
  const language = LANGUAGES[String(c.languageCode).trim().toLowerCase()];
  if (!language) errors.push({ path: 'content/languageCode', message: 'nb, nn or en (or 1044, 2068, 1033)', rule: 'language' });
  const title = c.messageTitle.trim();
  if (title === '' || [...title].length > MAX_TITLE) errors.push({ path: 'content/messageTitle', message: `1–${MAX_TITLE} characters`, rule: 'length' });
  if ([...(c.messageSummary ?? '')].length > MAX_SUMMARY) errors.push({ path: 'content/messageSummary', message: `at most ${MAX_SUMMARY} characters`, rule: 'length' });
  if (c.messageBody.length > MAX_BODY_CHARACTERS) errors.push({ path: 'content/messageBody', message: `at most ${MAX_BODY_CHARACTERS} characters`, rule: 'length' });
  const visibleAt = parseDate(input.visibleDateTime, 'visibleDateTime', errors) ?? now;
  const dueAt = parseDate(input.dueDateTime, 'dueDateTime', errors);
  const deleteAt = parseDate(input.allowSystemDeleteDateTime, 'allowSystemDeleteDateTime', errors);
  if (dueAt && dueAt < visibleAt) errors.push({ path: 'dueDateTime', message: 'before visibleDateTime', rule: 'order' });
  if (deleteAt && deleteAt < visibleAt) errors.push({ path: 'allowSystemDeleteDateTime', message: 'before visibleDateTime', rule: 'order' });
  if (input.archiveReference !== undefined && !/^AR\d{1,18}$/.test(input.archiveReference)) errors.push({ path: 'archiveReference', message: 'an archive reference AR…', rule: 'format' });
  for (const [i, r] of (input.replyOptions ?? []).entries()) {
    if (r.type === 'URL' && !/^https?:\/\/[^\s]+$/i.test(r.linkUrl)) errors.push({ path: `replyOptions/${i}/linkUrl`, message: 'an http or https URL', rule: 'format' });
    if (r.type === 'ArchiveReference' && !/^AR\d{1,18}$/.test(r.archiveReference)) errors.push({ path: `replyOptions/${i}/archiveReference`, message: 'an archive reference AR…', rule: 'format' });
  }
  const attachments = c.attachments ?? [];
  if (attachments.length > MAX_ATTACHMENTS) errors.push({ path: 'content/attachments', message: `at most ${MAX_ATTACHMENTS}`, rule: 'maxItems' });
  for (const [i, a] of attachments.entries()) {
    if (!/^[^/\\\0]{1,255}$/.test(a.fileName) || a.fileName === '.' || a.fileName === '..') errors.push({ path: `content/attachments/${i}/fileName`, message: 'a file name without path', rule: 'fileName' });
    if (a.data.length === 0) errors.push({ path: `content/attachments/${i}/data`, message: 'empty', rule: 'size' });
  }
  if (errors.length > 0) throw new AppError(CorrespondenceProblems.invalidCorrespondence, { detail: `${errors.length} problem(s)`, errors });
  const total = attachments.reduce((n, a) => n + a.data.length, 0);
  if (total > MAX_ATTACHMENT_BYTES) throw new AppError(CorrespondenceProblems.tooLarge, { detail: `${total} bytes of attachments; at most ${MAX_ATTACHMENT_BYTES}` });

  const reserved = (input.isReservable ?? false) && party.type === 'person' && (await deps.profile.uncheckedGetPersonProfile(party.partyId)).isReserved;
  // Content-addressed: a retried or shared attachment is the same blob, written before the transaction so
  // the database never points at bytes that are not there.
  const stored: (NonNullable<CorrespondenceInput['content']['attachments']>[number] & { sha256: string })[] = [];
  for (const a of attachments) {
    const sha256 = createHash('sha256').update(a.data).digest('hex');
    await deps.blobs.put(`correspondence/${sha256}`, a.data);
    stored.push({ ...a, sha256 });
  }
  const row = {
    reportee_party_id: party.partyId,
    reportee_number: input.reportee.trim(),
    service_code: input.serviceCode,
    service_edition_code: input.serviceEditionCode,
    service_owner_code: owner.serviceOwnerCode,
    sent_by: owner.systemName,
    external_shipment_reference: input.externalShipmentReference,
    request_sha256: request,
    language: language!,
    title,
    summary: sanitizeHtml(c.messageSummary ?? '').html,
    body: sanitizeHtml(c.messageBody).html,
    custom_message_data: c.customMessageData ?? null,
    message_sender: input.messageSender?.trim() || null,
    reply_options: input.replyOptions ?? [],
    archive_reference: input.archiveReference ?? null,
    case_id: input.caseId ?? null,
    allow_forwarding: input.allowForwarding ?? true,
    is_reservable: input.isReservable ?? false,
    is_confirmation_needed: edition.confirmationRequired,
    visible_at: visibleAt,
    due_at: dueAt,
    allow_system_delete_at: deleteAt,
    created_at: now,
    last_changed_at: visibleAt,
    reserved,
    read_at: null,
    read_by_party_id: null,
    read_level: null,
    confirmed_at: null,
    confirmed_by_party_id: null,
    archived_at: null,
    deleted_at: null,
  };
  try {
    return await inTransaction(deps.db, async (trx) => {
      const bound = bindCorrespondenceDeps(deps, trx);
      const id = await insertCorrespondence(trx, row);
      await insertAttachments(
        trx,
        stored.map((a, position) => ({ correspondence_id: id, position, name: a.name, file_name: a.fileName, size: a.data.length, sha256: a.sha256, blob_key: `correspondence/${a.sha256}`, senders_reference: a.sendersReference ?? null })),
      );
      await insertStatusChange(trx, id, reserved ? 'Reserved' : 'Created', now, null);
      let notificationIds: string[] = [];
      if (!reserved && (input.notifications?.length ?? 0) > 0) {
        const orders = input.notifications!.map((n) => ({
          ...n,
          reporteeNumber: row.reportee_number,
          service: { serviceCode: input.serviceCode, serviceEditionCode: input.serviceEditionCode },
          // Nobody is told before the message can be seen.
          shipmentDateTime: new Date(Math.max(visibleAt.getTime(), n.shipmentDateTime ? new Date(n.shipmentDateTime).getTime() || 0 : 0)).toISOString(),
        }));
        const batch = await bound.notifications.sendNotifications(actor, orders);
        notificationIds = batch.notifications.map((n) => n.notificationId);
        await insertNotificationLinks(trx, id, notificationIds);
      }
      return receiptOf({ ...row, correspondence_id: id }, notificationIds, false);
    });
  } catch (err) {
    // Two requests with one reference at once: the second finds the first's row.
    if (isUniqueViolation(err)) {
      const first = await selectByShipment(deps.db, owner.serviceOwnerCode, input.externalShipmentReference);
      if (first) return replay(deps, first, request);
    }
    throw err;
  }
}

async function replay(deps: CorrespondenceDeps, earlier: CorrespondenceRow, request: string): Promise<CorrespondenceReceipt> {
  if (earlier.request_sha256 !== request) throw new AppError(CorrespondenceProblems.shipmentExists, { detail: `reference ${earlier.external_shipment_reference}` });
  const links = await selectNotificationLinks(deps.db, [earlier.correspondence_id]);
  return receiptOf(earlier, links.map((l) => l.notification_id), true);
}
