import { AppError, type Actor, type PersonActor } from '../../platform/index.ts';
import { decide, type Decision } from './decide.ts';
import type { AuthzDeps } from './deps.ts';
import { AuthzProblems } from './errors.ts';
import { getServicePolicy, type Operation } from './policy.ts';
import { resolveReportee } from './reportee.ts';

export interface DecisionQuestion {
  reportee: string;
  serviceCode: string;
  serviceEditionCode: number;
  operation: Operation;
  /** Service owners only: the person (national id) asked about, at the given security level. */
  subject?: { ssn: string; securityLevel: PersonActor['securityLevel'] };
}

/**
 * The decision API: persons and systems ask about themselves (AUTZ-00020 when they name a subject);
 * a service owner asks about a person for one of its own services (AUTZ-00018 otherwise).
 */
export async function askDecision(deps: AuthzDeps, actor: Actor, q: DecisionQuestion): Promise<Decision> {
  let subject: Actor = actor;
  if (actor.kind === 'serviceOwner' && q.subject) {
    const policy = await getServicePolicy(deps, q.serviceCode, q.serviceEditionCode);
    if (policy.serviceOwnerCode !== actor.serviceOwnerCode) throw new AppError(AuthzProblems.notOwnService);
    const person = await deps.register.uncheckedGetPersonBySsn(q.subject.ssn);
    subject = { kind: 'person', partyId: person.partyId, securityLevel: q.subject.securityLevel, methods: [], sessionId: null };
  } else if (q.subject) {
    throw new AppError(AuthzProblems.decisionAboutOthers);
  }
  const reportee = await resolveReportee(deps, subject, q.reportee);
  return decide(deps, subject, { reportee, serviceCode: q.serviceCode, serviceEditionCode: q.serviceEditionCode, operation: q.operation });
}
