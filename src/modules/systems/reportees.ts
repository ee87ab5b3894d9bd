import { AppError, requirePerson, type Actor, type PersonActor } from '../../platform/index.ts';
import { isMainAdministrator } from './administrators.ts';
import type { SystemsDeps } from './deps.ts';
import { SystemsProblems } from './errors.ts';

/** A reportee as a route names it: `me` (the person logged in) or an organisation number. */
export type ReporteeRef = string;

/**
 * The reportee's party id when the actor administers it: a person administers themself; an organisation
 * is administered by its main administrators (interim ER rule in `administrators.ts`, also via the main
 * unit for a sub-unit). Anyone else gets SYS-00005; a deleted organisation is REG's not-found.
 */
export async function getAdministeredReportee(deps: SystemsDeps, caller: Actor, reportee: ReporteeRef): Promise<{ person: PersonActor; partyId: number }> {
  const person = requirePerson(caller);
  if (reportee === 'me') return { person, partyId: person.partyId };
  if (!/^\d{9}$/.test(reportee)) throw new AppError(SystemsProblems.invalidReportee, { errors: [{ path: 'reportee', message: "'me' or an organisation number", rule: 'reportee' }] });
  const { organization } = await deps.register.getOrganization(reportee);
  if (!(await isMainAdministrator(deps.register, person.partyId, organization.orgno, organization.parentOrgno))) {
    throw new AppError(SystemsProblems.notReporteeAdministrator, { detail: `you do not administer ${organization.orgno}` });
  }
  return { person, partyId: organization.partyId };
}
