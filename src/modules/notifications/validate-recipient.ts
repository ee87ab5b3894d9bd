import { AppError, isAppError, requireServiceOwner, type Actor } from '../../platform/index.ts';
import type { NotificationsDeps } from './deps.ts';
import { NotificationProblems } from './errors.ts';
import { loadReporteeFacts, type ReporteeFacts } from './recipients.ts';

export interface RecipientQuery {
  organizationNumber?: string | undefined;
  socialSecurityNumber?: string | undefined;
  lastName?: string | undefined;
  serviceCode?: string | undefined;
  serviceEditionCode?: number | undefined;
}

/** Altinn II's answer to "can this party be reached?". */
export interface RecipientCheck {
  inboxAccessible: boolean;
  canReceiveNotificationBySms: boolean;
  canReceiveNotificationByEmail: boolean;
}

/** Compares the first four letters of last names, case and accents aside (Altinn II's rule). */
function sameLastName(a: string, b: string): boolean {
  const key = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}]/gu, '').slice(0, 4);
  return key(a) !== '' && key(a) === key(b);
}

/**
 * Whether a notification can reach an organisation (it exists and is not deleted; it, its main unit or —
 * when a service is named — a personal contact who may Read it has an address) or a person (alive, not
 * reserved, with an address in the profile). A person is looked up by national id and the first four
 * letters of the last name; a wrong name answers exactly like an unknown number (NOTF-00017), so the check
 * cannot be used to find out who has which number.
 */
export async function validateRecipient(deps: NotificationsDeps, actor: Actor, query: RecipientQuery): Promise<RecipientCheck> {
  const owner = requireServiceOwner(actor);
  const org = query.organizationNumber?.trim();
  const ssn = query.socialSecurityNumber?.trim();
  if (!org === !ssn || (ssn && !query.lastName?.trim())) throw new AppError(NotificationProblems.invalidRecipientQuery);
  if ((query.serviceCode === undefined) !== (query.serviceEditionCode === undefined)) throw new AppError(NotificationProblems.invalidRecipientQuery, { detail: 'serviceCode and serviceEditionCode go together' });
  const service = query.serviceCode !== undefined ? { serviceCode: query.serviceCode, serviceEditionCode: query.serviceEditionCode! } : null;
  if (service && !(await deps.services.findServiceNames(service.serviceCode, service.serviceEditionCode))) throw new AppError(NotificationProblems.unknownService);
  let facts: ReporteeFacts;
  try {
    facts = await loadReporteeFacts(deps, owner, (org ?? ssn)!, service, org ? 'organizationNumber' : 'socialSecurityNumber');
  } catch (err) {
    if (isAppError(err, NotificationProblems.unknownReportee)) throw new AppError(NotificationProblems.recipientNotFound);
    if (isAppError(err, NotificationProblems.invalidReporteeNumber)) throw new AppError(NotificationProblems.invalidRecipientQuery, { detail: 'not a valid organisation number or national identity number' });
    throw err;
  }
  if (facts.party.type === 'person' && !sameLastName(facts.party.lastName, query.lastName!)) throw new AppError(NotificationProblems.recipientNotFound);
  const reachable = !facts.isReserved;
  return {
    inboxAccessible: true,
    canReceiveNotificationBySms: reachable && (facts.mobiles.length > 0 || facts.contacts.some((c) => c.mobile)),
    canReceiveNotificationByEmail: reachable && (facts.emails.length > 0 || facts.contacts.some((c) => c.email)),
  };
}
