import { AppError, isAppError, type ServiceOwnerActor } from '../../platform/index.ts';
import type { Party } from '../register/index.ts';
import type { NotificationsDeps } from './deps.ts';
import { NotificationProblems } from './errors.ts';
import type { MacroReportee } from './macros.ts';
import type { Channel, RecipientStatus, TransportType } from './notification.ts';

/** A personal contact of an organisation who may read the named service. */
interface Contact {
  name: string;
  email: string | null;
  mobile: string | null;
}

/** What Tinn knows about a reportee for addressing a notification and filling in its macros. */
export interface ReporteeFacts {
  party: Party;
  /** The reportee number as the sender gave it (national id or orgno). */
  number: string;
  /** Persons: reserved against digital notices (KRR). */
  isReserved: boolean;
  emails: string[];
  mobiles: string[];
  /** Whose addresses `emails`/`mobiles` are: the person, the organisation, or its main unit. */
  addressOwnerName: string;
  contacts: Contact[];
  macro: MacroReportee;
}

/**
 * Finds the reportee by national id or orgno with everything addressing needs: a person's profile; an
 * organisation's notification addresses (a sub-unit without any: its main unit's); and, when a service is
 * named, the personal contacts registered for the organisation by people who may Read that service.
 * NOTF-00010 for a number that is neither; NOTF-00009 for one nobody has.
 */
export async function loadReporteeFacts(
  deps: NotificationsDeps,
  actor: ServiceOwnerActor,
  number: string,
  service: { serviceCode: string; serviceEditionCode: number } | null,
  path: string,
): Promise<ReporteeFacts> {
  const problem = (p: typeof NotificationProblems.unknownReportee) => new AppError(p, { errors: [{ path, message: p.title, rule: p.code }] });
  if (/^\d{9}$/.test(number)) {
    let org;
    try {
      org = (await deps.register.getOrganization(number)).organization;
    } catch (err) {
      if (isAppError(err)) throw problem(NotificationProblems.unknownReportee);
      throw err;
    }
    if (org.isDeleted) throw problem(NotificationProblems.unknownReportee);
    let addresses = await deps.profile.uncheckedGetOrganizationNotificationAddresses(org.partyId);
    let addressOwnerName = org.name;
    if (addresses.emails.length === 0 && addresses.mobiles.length === 0 && org.parentOrgno) {
      const main = (await deps.register.getOrganization(org.parentOrgno)).organization;
      addresses = await deps.profile.uncheckedGetOrganizationNotificationAddresses(main.partyId);
      addressOwnerName = main.name;
    }
    const contacts = service ? await readingContacts(deps, actor, number, org.partyId, service) : [];
    const postal = org.postalAddress ?? org.businessAddress;
    return {
      party: org,
      number,
      isReserved: false,
      emails: addresses.emails,
      mobiles: addresses.mobiles,
      addressOwnerName,
      contacts,
      macro: {
        kind: 'organization',
        name: org.name,
        orgno: org.orgno,
        postalAddressLines: postal?.street ? [postal.street] : [],
        postalCode: postal?.postalCode ?? null,
        postalArea: postal?.postalCity ?? null,
        email: addresses.emails[0] ?? null,
        mobile: addresses.mobiles[0] ?? null,
      },
    };
  }
  if (!/^\d{11}$/.test(number)) throw problem(NotificationProblems.invalidReporteeNumber);
  let person;
  try {
    person = await deps.register.uncheckedFindPersonBySsn(number);
  } catch (err) {
    if (isAppError(err)) throw problem(NotificationProblems.invalidReporteeNumber);
    throw err;
  }
  if (!person || person.isDeleted) throw problem(NotificationProblems.unknownReportee);
  const profile = await deps.profile.uncheckedGetPersonProfile(person.partyId);
  return {
    party: person,
    number,
    isReserved: profile.isReserved,
    emails: profile.email ? [profile.email] : [],
    mobiles: profile.mobile ? [profile.mobile] : [],
    addressOwnerName: person.name,
    contacts: [],
    macro: {
      kind: 'person',
      firstName: person.firstName,
      middleName: person.middleName,
      lastName: person.lastName,
      name: person.name,
      birthDate: person.birthDate,
      postalAddressLines: person.address?.street ? [person.address.street] : [],
      postalCode: person.address?.postalCode ?? null,
      postalArea: person.address?.postalCity ?? null,
      email: profile.email,
      mobile: profile.mobile,
    },
  };
}

/** Personal contacts of the organisation whose person may Read the service for it (Altinn II's rule). */
async function readingContacts(
  deps: NotificationsDeps,
  actor: ServiceOwnerActor,
  orgno: string,
  organizationPartyId: number,
  service: { serviceCode: string; serviceEditionCode: number },
): Promise<Contact[]> {
  const contacts = await deps.profile.uncheckedListPersonalContacts(organizationPartyId);
  if (contacts.length === 0) return [];
  const reportee = await deps.authz.resolveReportee(actor, orgno);
  const { persons } = await deps.register.uncheckedListParties(contacts.map((c) => c.personPartyId));
  const names = new Map(persons.map((p) => [p.partyId, p.name]));
  const out: Contact[] = [];
  for (const c of contacts) {
    if (await deps.authz.uncheckedHolderMay(c.personPartyId, reportee, service.serviceCode, service.serviceEditionCode, 'Read')) {
      out.push({ name: names.get(c.personPartyId) ?? '', email: c.email, mobile: c.mobile });
    }
  }
  return out;
}

/** One message to make: a channel and an address, or the reason there is none. */
export interface ResolvedRecipient {
  channel: Channel;
  address: string | null;
  retrieveFromProfile: boolean;
  name: string | null;
  status: Extract<RecipientStatus, 'New' | 'Reserved' | 'NoAddress'>;
}

/** An endpoint as the sender gave it, checked: an explicit address only with SMS or Email. */
export interface Endpoint {
  transportType: TransportType;
  address: string | null;
}

/**
 * Turns the endpoints of one notification into messages. Explicit addresses are used as given. Otherwise
 * the reportee's addresses: SMS and Email each channel's, Both both, SMSPreferred/EmailPreferred the
 * preferred channel when it has an address and the other one when not. A reserved person asked for with
 * isReservable gets a Reserved entry instead; a channel without address a NoAddress entry. The same
 * address on the same channel is messaged once.
 */
export function resolveRecipients(endpoints: readonly Endpoint[], reportee: ReporteeFacts | undefined, isReservable: boolean): ResolvedRecipient[] {
  const out: ResolvedRecipient[] = [];
  const seen = new Set<string>();
  const add = (r: ResolvedRecipient) => {
    const key = `${r.channel}:${r.address ?? r.status}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(r);
  };
  const fromProfile = (channel: Channel): ResolvedRecipient[] => {
    if (!reportee) return [];
    const own = channel === 'sms' ? reportee.mobiles : reportee.emails;
    const list: ResolvedRecipient[] = own.map((address) => ({ channel, address, retrieveFromProfile: true, name: reportee.addressOwnerName, status: 'New' }));
    for (const c of reportee.contacts) {
      const address = channel === 'sms' ? c.mobile : c.email;
      if (address) list.push({ channel, address, retrieveFromProfile: true, name: c.name, status: 'New' });
    }
    return list;
  };
  const reserved = reportee !== undefined && reportee.isReserved && isReservable;
  for (const e of endpoints) {
    if (e.address !== null) {
      add({ channel: e.transportType === 'SMS' ? 'sms' : 'email', address: e.address, retrieveFromProfile: false, name: null, status: 'New' });
      continue;
    }
    const channels: Channel[][] =
      e.transportType === 'SMS' ? [['sms']] : e.transportType === 'Email' ? [['email']] : e.transportType === 'Both' ? [['sms'], ['email']] : e.transportType === 'SMSPreferred' ? [['sms', 'email']] : [['email', 'sms']];
    for (const choice of channels) {
      if (reserved) {
        add({ channel: choice[0]!, address: null, retrieveFromProfile: true, name: null, status: 'Reserved' });
        continue;
      }
      const found = choice.map(fromProfile).find((list) => list.length > 0);
      if (found) for (const r of found) add(r);
      else add({ channel: choice[0]!, address: null, retrieveFromProfile: true, name: null, status: 'NoAddress' });
    }
  }
  return out;
}
