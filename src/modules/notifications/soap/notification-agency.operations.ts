import type { SoapAuthenticator, SoapOperation } from '../../../platform/soap/index.ts';
import type { Notification, NotificationBatch, NotificationOrder, Notifications } from '../index.ts';

type Xml = Record<string, any>;

/**
 * StandaloneNotification (as read by the schema) → the order `POST /api/v1/serviceowner/notifications`
 * gives the use case. Roles is documented as unused by Altinn II and is not read. Absent required values
 * become empty ones so the use case reports them with its own problem codes.
 */
function orderOf(n: Xml): NotificationOrder {
  return {
    reporteeNumber: n.ReporteeNumber,
    // LanguageID is an LCID (1044, 2068, 1033); the use case accepts those as well as nb/nn/en.
    languageCode: n.LanguageID,
    notificationType: n.NotificationType ?? '',
    receiverEndPoints: (n.ReceiverEndPoints?.ReceiverEndPoint ?? []).map((e: Xml) => ({ transportType: e.TransportType ?? '', receiverAddress: e.ReceiverAddress })),
    textTokens: (n.TextTokens?.TextToken ?? []).map((t: Xml) => ({ tokenNum: t.TokenNum, tokenValue: t.TokenValue ?? '' })),
    fromAddress: n.FromAddress,
    shipmentDateTime: n.ShipmentDateTime?.toISOString(),
    service: n.Service ? { serviceCode: n.Service.ServiceCode, serviceEditionCode: n.Service.ServiceEdition } : undefined,
    isReservable: n.IsReservable,
    useServiceOwnerShortNameAsSenderOfSms: n.UseServiceOwnerShortNameAsSenderOfSms,
  };
}

/**
 * One notification as NotificationResult: the messages that will go out, each with its address and whether
 * Tinn found it. Messages not sent (a reserved person, a channel without address) carry no address and are
 * left out; REST's GET /api/v1/serviceowner/notifications/{id} shows them with their status.
 */
function resultOf(n: Notification): Xml {
  return {
    EndPoints: {
      EndPointResult: n.recipients
        .filter((r) => r.status !== 'Reserved' && r.status !== 'NoAddress')
        .map((r) => ({ Name: r.name ?? undefined, ReceiverAddress: r.receiverAddress ?? undefined, RetrieveFromProfile: r.retrieveFromProfile, TransportType: r.transportType })),
    },
    NotificationType: n.notificationType,
    ReporteeNumber: n.reporteeNumber ?? undefined,
  };
}

/** V2's answer: the reportees skipped as reserved against digital notices, comma-separated (empty when none). */
const reservedOf = (batch: NotificationBatch) => [...new Set(batch.notifications.filter((n) => n.reserved).map((n) => n.reporteeNumber ?? ''))].join(', ');

/**
 * NotificationAgencyExternalBasic (`/ServiceEngineExternal/NotificationAgencyExternalBasic.svc`): the service
 * owner sends standalone notifications over SOAP 1.1, credentials in the body. All three versions are the same
 * use case as `POST /api/v1/serviceowner/notifications` (all or nothing); they differ only in the answer:
 * V3 the resolved recipients, V2 the reserved reportees, V1 nothing. SOAP has no Idempotency-Key: a retry
 * sends again, as in Altinn II.
 */
export function notificationAgencyOperations(notifications: Notifications, auth: SoapAuthenticator): Record<string, SoapOperation> {
  const send = async (input: Xml, call: Parameters<SoapOperation>[1]) => {
    const actor = await auth.serviceOwner({ systemName: input.systemUserName, password: input.systemPassword }, call);
    return notifications.sendNotifications(actor, (input.standaloneNotifications?.StandaloneNotification ?? []).map(orderOf));
  };

  return {
    Test: async () => ({}),

    SendStandaloneNotificationBasic: async (input, call) => {
      await send(input, call);
      return {};
    },

    SendStandaloneNotificationBasicV2: async (input, call) => ({ SendStandaloneNotificationBasicV2Result: reservedOf(await send(input, call)) }),

    SendStandaloneNotificationBasicV3: async (input, call) => {
      const batch = await send(input, call);
      return { SendStandaloneNotificationBasicV3Result: { NotificationResult: batch.notifications.map(resultOf) } };
    },
  };
}
