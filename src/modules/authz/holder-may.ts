import { isAppError } from '../../platform/index.ts';
import type { AuthzDeps } from './deps.ts';
import { grantingRoles } from './decide.ts';
import { AuthzProblems } from './errors.ts';
import { listHeldRoles } from './held-roles.ts';
import { getServicePolicy, type Operation } from './policy.ts';
import type { Reportee } from './reportee.ts';

/**
 * Whether a party holds a role or right that grants `operation` on the service for the reportee: the
 * role question alone, without a login (no security level, no audit). For deciding who hears about
 * something (notifications to personal contacts), never for letting anyone act — that is `decide`.
 * False for a service without a policy.
 */
export async function uncheckedHolderMay(deps: AuthzDeps, holderPartyId: number, reportee: Reportee, serviceCode: string, serviceEditionCode: number, operation: Operation): Promise<boolean> {
  let policy;
  try {
    policy = await getServicePolicy(deps, serviceCode, serviceEditionCode);
  } catch (err) {
    if (isAppError(err, AuthzProblems.serviceNotFound)) return false;
    throw err;
  }
  if (reportee.isDeleted) return false;
  return grantingRoles(await listHeldRoles(deps, holderPartyId, reportee), policy, operation).length > 0;
}
