import {
  AppError,
  createIdempotently,
  enqueueJobs,
  inTransaction,
  isAppError,
  requireServiceOwner,
  type Actor,
  type ProblemItem,
  type ServiceOwnerActor,
} from '../../platform/index.ts';
import { normalizeEmail, normalizeMobile } from '../profile/index.ts';
import { insertNotifications, selectNotificationsOfBatch, selectRecipients } from './db/notification-store.ts';
import type { NotificationTable, RecipientTable, TemplateTextTable } from './db/tables.ts';
import { selectTemplateTexts } from './db/template-store.ts';
import { nextInWindow } from './daytime-window.ts';
import { DELIVER_NOTIFICATION_JOB } from './deliver-notification.ts';
import type { NotificationsDeps, ServiceNames } from './deps.ts';
import { NotificationProblems } from './errors.ts';
import { renderNotificationText, serviceReferences, type MacroContext } from './macros.ts';
import {
  DELIVERY_ATTEMPTS,
  MAX_NOTIFICATIONS_PER_REQUEST,
  parseNotificationLanguage,
  TRANSPORT_TYPES,
  type Channel,
  type Language,
  type Notification,
  type TransportType,
} from './notification.ts';
import { toNotification } from './read-notifications.ts';
import { loadReporteeFacts, resolveRecipients, type Endpoint, type ReporteeFacts } from './recipients.ts';
import { countSmsSegments, MAX_SMS_CHARACTERS } from './sms-segments.ts';

/** One standalone notification as a service owner orders it (Altinn II's StandaloneNotification). */
export interface NotificationOrder {
  reporteeNumber?: string | null | undefined;
  languageCode?: string | number | null | undefined;
  notificationType: string;
  receiverEndPoints: { transportType: string; receiverAddress?: string | null | undefined }[];
  /** Filled into {0}, {1} … in order (TokenNum is not used, as in Altinn II). */
  textTokens?: { tokenNum?: number | undefined; tokenValue: string }[] | undefined;
  fromAddress?: string | null | undefined;
  /** When to send: now when absent or past. */
  shipmentDateTime?: string | null | undefined;
  service?: { serviceCode: string; serviceEditionCode: number } | null | undefined;
  /** Respect a person's reservation against digital notices (KRR). Default false. */
  isReservable?: boolean | undefined;
  /** Use the service owner's code (e.g. TTD) as the SMS sender instead of Tinn's. */
  useServiceOwnerShortNameAsSenderOfSms?: boolean | undefined;
}

/** What an order made: one notification per entry, in order, with the messages it resolved to. */
export interface NotificationBatch {
  batchId: string;
  /** True when an earlier request with the same Idempotency-Key made these: nothing new was sent. */
  replayed: boolean;
  notifications: Notification[];
}

const MAX_SCHEDULE_MS = 366 * 86_400_000;

/** Collects problems of one request: every item names its path and its own problem code. */
class Problems {
  readonly items: { item: ProblemItem; problem: (typeof NotificationProblems)[keyof typeof NotificationProblems] }[] = [];
  add(problem: (typeof NotificationProblems)[keyof typeof NotificationProblems], path: string, message: string = problem.title): void {
    this.items.push({ problem, item: { path, message, rule: problem.code } });
  }
  /** Runs `f`, turning a thrown problem into items (its own, or `as` for another module's). */
  async collect<T>(f: () => Promise<T> | T, as?: { problem: (typeof NotificationProblems)[keyof typeof NotificationProblems]; path: string }): Promise<T | undefined> {
    try {
      return await f();
    } catch (err) {
      if (!isAppError(err)) throw err;
      if (as) this.add(as.problem, as.path, err.problem.title);
      else {
        const own = Object.values(NotificationProblems).find((p) => p.code === err.problem.code);
        if (!own) throw err;
        for (const item of err.errors ?? [{ message: own.title }]) this.items.push({ problem: own, item: { ...item, rule: own.code } });
      }
      return undefined;
    }
  }
  throwIfAny(): void {
    if (this.items.length === 0) return;
    throw new AppError(this.items[0]!.problem, { detail: `${this.items.length} problem(s) in the request; nothing was sent`, errors: this.items.map((x) => x.item) });
  }
}

/** A text of the template for this channel: the language asked for, else Bokmål, else any. */
function pickText(texts: readonly TemplateTextTable[], channel: Channel, language: Language): TemplateTextTable | undefined {
  const mine = texts.filter((t) => t.transport === channel);
  return mine.find((t) => t.language === language) ?? mine.find((t) => t.language === 'nb') ?? mine[0];
}

/** Checks the endpoints of one notification; undefined entries where there was a problem. */
function checkEndpoints(order: NotificationOrder, path: string, problems: Problems): Endpoint[] {
  const endpoints: Endpoint[] = [];
  // REST's schema asks for at least one; SOAP's contract leaves ReceiverEndPoints optional.
  if (order.receiverEndPoints.length === 0) problems.add(NotificationProblems.noRecipient, `${path}/receiverEndPoints`, 'no receiver endpoint: give at least one TransportType');
  order.receiverEndPoints.forEach((e, j) => {
    const at = `${path}/receiverEndPoints/${j}`;
    if (!(TRANSPORT_TYPES as readonly string[]).includes(e.transportType)) return problems.add(NotificationProblems.unsupportedTransport, `${at}/transportType`);
    const transportType = e.transportType as TransportType;
    const given = e.receiverAddress?.trim() ? e.receiverAddress.trim() : null;
    if (given === null) return void endpoints.push({ transportType, address: null });
    if (transportType !== 'SMS' && transportType !== 'Email') return problems.add(NotificationProblems.addressWithCombinedTransport, `${at}/receiverAddress`);
    try {
      endpoints.push({ transportType, address: transportType === 'SMS' ? normalizeMobile(given) : normalizeEmail(given) });
    } catch (err) {
      if (!isAppError(err)) throw err;
      problems.add(transportType === 'SMS' ? NotificationProblems.invalidMobile : NotificationProblems.invalidEmail, `${at}/receiverAddress`, err.detail ?? err.problem.title);
    }
  });
  return endpoints;
}

/**
 * Sends standalone notifications (Altinn II SendStandaloneNotification): for each, finds the template
 * text per channel and language, fills tokens and macros, resolves recipients (explicit addresses, the
 * reportee's profile or the organisation's addresses, personal contacts when a service is named),
 * honours reservation when asked, and queues one delivery job per message — all in one transaction,
 * or nothing when any notification has a problem (every problem reported, each with its path and code).
 * An SMS over 700 characters after substitution is refused. The same Idempotency-Key answers the first
 * result again.
 */
export async function sendNotifications(deps: NotificationsDeps, actor: Actor, orders: readonly NotificationOrder[], idempotencyKey: string | undefined): Promise<NotificationBatch> {
  const owner = requireServiceOwner(actor);
  if (orders.length > MAX_NOTIFICATIONS_PER_REQUEST) {
    throw new AppError(NotificationProblems.tooManyNotifications, { detail: `${orders.length} notifications; at most ${MAX_NOTIFICATIONS_PER_REQUEST} per request` });
  }
  const now = deps.clock.now();
  const templates = await selectTemplateTexts(deps.db, owner.serviceOwnerCode, [...new Set(orders.map((o) => o.notificationType))]);
  const problems = new Problems();
  const serviceNames = new Map<string, ServiceNames | undefined>();
  const namesOf = async (code: string, edition: number) => {
    const key = `${code}|${edition}`;
    if (!serviceNames.has(key)) serviceNames.set(key, await deps.services.findServiceNames(code, edition));
    return serviceNames.get(key);
  };
  const batchId = deps.random.uuid();
  const notifications: NotificationTable[] = [];
  const recipients: RecipientTable[] = [];
  for (const [i, order] of orders.entries()) {
    const path = `notifications/${i}`;
    const before = problems.items.length;
    const endpoints = checkEndpoints(order, path, problems);
    const from = order.fromAddress?.trim() ? await problems.collect(() => normalizeEmail(order.fromAddress!), { problem: NotificationProblems.invalidFromAddress, path: `${path}/fromAddress` }) : undefined;
    let language: Language | undefined;
    if (order.languageCode !== undefined && order.languageCode !== null) language = await problems.collect(() => parseNotificationLanguage(order.languageCode!, `${path}/languageCode`));
    let shipmentAt = now;
    if (order.shipmentDateTime) {
      const at = new Date(order.shipmentDateTime);
      if (Number.isNaN(at.getTime())) problems.add(NotificationProblems.invalidSchedule, `${path}/shipmentDateTime`, 'not a date-time');
      else if (at.getTime() - now.getTime() > MAX_SCHEDULE_MS) problems.add(NotificationProblems.invalidSchedule, `${path}/shipmentDateTime`);
      else if (at > now) shipmentAt = at;
    }
    const service = order.service ?? null;
    let serviceName: ServiceNames | undefined;
    if (service) {
      serviceName = await namesOf(service.serviceCode, service.serviceEditionCode);
      if (!serviceName) problems.add(NotificationProblems.unknownService, `${path}/service`);
    }
    const reporteeNumber = order.reporteeNumber?.trim() || null;
    let reportee: ReporteeFacts | undefined;
    if (reporteeNumber) reportee = await problems.collect(() => loadReporteeFacts(deps, owner, reporteeNumber, service, `${path}/reporteeNumber`));
    else if (endpoints.some((e) => e.address === null)) problems.add(NotificationProblems.noRecipient, `${path}/reporteeNumber`);
    const texts = templates.filter((t) => t.notification_type === order.notificationType);
    if (texts.length === 0) problems.add(NotificationProblems.templateNotFound, `${path}/notificationType`, `no template ${order.notificationType}`);
    if (problems.items.length > before) continue;

    const lang: Language = language ?? (reportee?.party.type === 'person' ? (await deps.profile.uncheckedGetPersonProfile(reportee.party.partyId)).language : 'nb');
    const resolved = resolveRecipients(endpoints, reportee, order.isReservable ?? false);
    const tokens = (order.textTokens ?? []).map((t) => t.tokenValue);
    const referenced = serviceReferences([...texts.flatMap((t) => [t.body, t.subject ?? '']), ...tokens]);
    const macroNames = new Map<string, string>();
    for (const r of referenced) {
      const names = await namesOf(r.serviceCode, r.serviceEditionCode);
      if (names) macroNames.set(`${r.serviceCode}|${r.serviceEditionCode}`, names[lang]);
    }
    const context: MacroContext = { reportee: reportee?.macro, serviceName: serviceName?.[lang], serviceNames: macroNames };
    const notificationId = deps.random.uuid();
    const rendered = new Map<Channel, { subject: string | null; body: string } | undefined>();
    const render = (channel: Channel) => {
      if (!rendered.has(channel)) {
        const text = pickText(texts, channel, lang);
        rendered.set(channel, text && { subject: text.subject === null ? null : renderNotificationText(text.subject, tokens, context), body: renderNotificationText(text.body, tokens, context) });
      }
      return rendered.get(channel);
    };
    for (const [position, r] of resolved.entries()) {
      const content = r.status === 'New' ? render(r.channel) : undefined;
      if (r.status === 'New' && !content) {
        problems.add(NotificationProblems.templateNotFound, `${path}/notificationType`, `template ${order.notificationType} has no ${r.channel === 'sms' ? 'SMS' : 'e-mail'} text`);
        break;
      }
      const count = r.channel === 'sms' && content ? countSmsSegments(content.body) : undefined;
      if (count && count.characters > MAX_SMS_CHARACTERS) {
        problems.add(NotificationProblems.smsTooLong, `${path}/textTokens`, `the SMS has ${count.characters} characters after substitution; at most ${MAX_SMS_CHARACTERS}`);
        break;
      }
      recipients.push({
        id: deps.random.uuid(),
        notification_id: notificationId,
        position,
        channel: r.channel,
        address: r.address,
        retrieve_from_profile: r.retrieveFromProfile,
        name: r.name,
        status: r.status,
        sender: r.status !== 'New' ? null : r.channel === 'sms' ? (order.useServiceOwnerShortNameAsSenderOfSms ? owner.serviceOwnerCode : deps.settings.smsSender) : (from ?? deps.settings.mailFrom),
        subject: content?.subject ?? null,
        body: content?.body ?? null,
        segments: count?.segments ?? null,
        encoding: count?.encoding ?? null,
        attempts: 0,
        last_error: null,
        gateway_message_id: null,
        sent_at: null,
        updated_at: now,
      });
    }
    notifications.push({
      id: notificationId,
      batch_id: batchId,
      position: i,
      service_owner_code: owner.serviceOwnerCode,
      created_by: owner.systemName,
      notification_type: order.notificationType,
      language: lang,
      reportee_party_id: reportee?.party.partyId ?? null,
      reportee_number: reporteeNumber,
      service_code: service?.serviceCode ?? null,
      service_edition_code: service?.serviceEditionCode ?? null,
      is_reservable: order.isReservable ?? false,
      is_reserved: resolved.some((r) => r.status === 'Reserved'),
      shipment_at: shipmentAt,
      created_at: now,
    });
  }
  problems.throwIfAny();

  const made = await inTransaction(deps.db, (trx) =>
    createIdempotently(trx, deps.clock, { scope: `notifications:${owner.serviceOwnerCode}`, key: idempotencyKey, request: orders }, async () => {
      await insertNotifications(trx, notifications, recipients);
      const shipmentOf = new Map(notifications.map((n) => [n.id, n.shipment_at]));
      await enqueueJobs(
        trx,
        deps.clock,
        { maxAttempts: DELIVERY_ATTEMPTS },
        recipients
          .filter((r) => r.status === 'New')
          .map((r) => {
            const due = shipmentOf.get(r.notification_id)!;
            return { kind: DELIVER_NOTIFICATION_JOB, payload: { recipientId: r.id }, runAt: r.channel === 'sms' ? nextInWindow(due, deps.settings.smsWindow) : due };
          }),
      );
      return batchId;
    }),
  );
  if (!made.replayed) return { batchId, replayed: false, notifications: notifications.map((n) => toNotification(n, recipients.filter((r) => r.notification_id === n.id))) };
  return { batchId: made.id, replayed: true, notifications: await readBatch(deps, owner, made.id) };
}

/**
 * Notifications a module sends in a service owner's name for something that happened on its service (a
 * broker file published): the owner's templates, recipients resolved as for the owner's own orders.
 * `createdBy` names the module; `idempotencyKey` makes a retry (a job run again) send nothing twice. The
 * caller decided that the owner's notice is due.
 */
export async function uncheckedSendNotificationsAs(deps: NotificationsDeps, serviceOwnerCode: string, createdBy: string, orders: readonly NotificationOrder[], idempotencyKey: string): Promise<NotificationBatch> {
  const owner = await deps.register.getServiceOwner(serviceOwnerCode);
  const actor: ServiceOwnerActor = { kind: 'serviceOwner', serviceOwnerCode, orgno: owner.orgno, partyId: owner.partyId, systemName: createdBy, methods: [] };
  return sendNotifications(deps, actor, orders, idempotencyKey);
}

async function readBatch(deps: NotificationsDeps, owner: ServiceOwnerActor, batchId: string): Promise<Notification[]> {
  const rows = await selectNotificationsOfBatch(deps.db, owner.serviceOwnerCode, batchId);
  const recipients = await selectRecipients(deps.db, rows.map((r) => r.id));
  return rows.map((n) => toNotification(n, recipients.filter((r) => r.notification_id === n.id)));
}
