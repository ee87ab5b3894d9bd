import { AppError, requirePerson, type Actor, type PersonActor } from '../../platform/index.ts';
import type { Reportee } from '../authz/index.ts';
import type { SystemsDeps } from './deps.ts';
import { SystemsProblems } from './errors.ts';

/** A reportee as a route names it: `me`, an organisation number or `r<partyId>`. */
export type ReporteeRef = string;

/**
 * The reportee's party id when the logged-in person administers it: the person themself, or a main
 * administrator (HADM) or access manager (ADMAI) of the organisation, through ER roles (also the main
 * unit's, for a sub-unit) or delegation. Anyone else gets SYS-00005.
 */
export async function getAdministeredReportee(deps: SystemsDeps, caller: Actor, ref: ReporteeRef): Promise<{ person: PersonActor; partyId: number; reportee: Reportee }> {
  const person = requirePerson(caller);
  const reportee = await deps.authz.resolveReportee(person, ref);
  if (!(await deps.authz.administers(person.partyId, reportee))) {
    throw new AppError(SystemsProblems.notReporteeAdministrator, { detail: `you do not administer ${reportee.name}` });
  }
  return { person, partyId: reportee.partyId, reportee };
}
