import { AppError, type Actor } from '../../platform/index.ts';
import type { DenyReason, Operation, Reportee } from '../authz/index.ts';
import type { SubmissionsDeps } from './deps.ts';
import { SubmissionProblems } from './errors.ts';

/** Asks authz for every operation; all denials become one problem (SUB-00003) listing every reason and who can fix it. */
export async function authorize(deps: SubmissionsDeps, actor: Actor, reportee: Reportee, serviceCode: string, serviceEditionCode: number, operations: Operation[]): Promise<void> {
  const reasons: (DenyReason & { operation: Operation })[] = [];
  for (const operation of operations) {
    const d = await deps.authz.decide(actor, { reportee, serviceCode, serviceEditionCode, operation });
    if (d.decision === 'Deny') reasons.push(...d.reasons.map((r) => ({ ...r, operation })));
  }
  if (reasons.length > 0) {
    throw new AppError(SubmissionProblems.notAuthorized, { detail: reasons.map((r) => `${r.operation}: ${r.message}`).join('; '), data: { reasons } });
  }
}
