import { AppError, isAppError, rightsHoldersOf, type Actor } from '../../platform/index.ts';
import { RegisterProblems, type Party } from '../register/index.ts';
import type { AuthzDeps } from './deps.ts';
import { listHeldRoles } from './held-roles.ts';
import { AuthzProblems } from './errors.ts';

/** A party acted for, with its main unit when it is a sub-unit (rights flow from the main unit). */
export interface Reportee {
  partyId: number;
  type: 'person' | 'organization';
  orgno: string | null;
  name: string;
  /** Party id and orgno of the main unit, for a sub-unit. */
  mainUnitPartyId: number | null;
  mainUnitOrgno: string | null;
  isDeleted: boolean;
}

/** A party as a reportee. */
export async function toReportee(deps: Pick<AuthzDeps, 'register'>, party: Party): Promise<Reportee> {
  if (party.type === 'person') return { partyId: party.partyId, type: 'person', orgno: null, name: party.name, mainUnitPartyId: null, mainUnitOrgno: null, isDeleted: party.isDeleted };
  const main = party.parentOrgno ? (await deps.register.getOrganization(party.parentOrgno)).organization.partyId : null;
  return { partyId: party.partyId, type: 'organization', orgno: party.orgno, name: party.name, mainUnitPartyId: main, mainUnitOrgno: party.parentOrgno, isDeleted: party.isDeleted };
}

/**
 * A reportee as routes name it: `me` (the actor's own party: the person, or a system's owner), an
 * organisation number, `r<partyId>` (persons, whose national ids stay out of URLs and logs) or, for SOAP
 * callers, a national id. Another
 * person is found only by someone who holds a role or right for them (or a service owner): party ids must
 * not let anyone look up names.
 */
export async function resolveReportee(deps: AuthzDeps, actor: Actor, ref: string): Promise<Reportee> {
  let partyId: number;
  if (ref === 'me') partyId = actor.kind === 'system' ? actor.ownerPartyId : actor.kind === 'enterpriseUser' ? actor.organizationPartyId : actor.partyId;
  else if (/^\d{9}$/.test(ref)) return toReportee(deps, (await deps.register.getOrganization(ref)).organization);
  else if (/^r\d{1,10}$/.test(ref)) partyId = Number(ref.slice(1));
  else if (/^\d{11}$/.test(ref)) {
    // A national id, as Altinn II's SOAP contracts name persons (REST keeps them out of URLs with r<partyId>).
    const person = await deps.register.uncheckedFindPersonBySsn(ref);
    if (!person) throw new AppError(AuthzProblems.reporteeNotFound);
    partyId = person.partyId;
  } else throw new AppError(AuthzProblems.invalidReportee, { errors: [{ path: 'reportee', message: "'me', an orgno, a national id or r<partyId>", rule: 'reportee' }] });
  let reportee: Reportee;
  try {
    reportee = await toReportee(deps, await deps.register.uncheckedGetParty(partyId));
  } catch (err) {
    if (isAppError(err, RegisterProblems.partyNotFound)) throw new AppError(AuthzProblems.reporteeNotFound);
    throw err;
  }
  if (reportee.type === 'person' && !(await mayLookUpPerson(deps, actor, reportee))) throw new AppError(AuthzProblems.reporteeNotFound);
  return reportee;
}

/** Whether the actor may see this person as a reportee: it is them, they act for them, or a service owner asks. */
async function mayLookUpPerson(deps: AuthzDeps, actor: Actor, reportee: Reportee): Promise<boolean> {
  if (actor.kind === 'serviceOwner') return true;
  for (const p of rightsHoldersOf(actor)) {
    if (p === reportee.partyId) return true;
    const h = await listHeldRoles(deps, p, reportee);
    if (h.roles.length > 0 || h.rights.length > 0) return true;
  }
  return false;
}
