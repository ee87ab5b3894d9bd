import { AppError, inTransaction, type ProblemItem, type SecurityLevel } from '../../platform/index.ts';
import { POLICY_TOPIC } from './caches.ts';
import { selectServicePolicy, upsertServicePolicy, type ServicePolicyRow } from './db/policy-store.ts';
import type { AuthzDeps } from './deps.ts';
import { AuthzProblems } from './errors.ts';
import { findAltinnRole, type Names } from './role-catalog.ts';

/** What may be done to a service for a reportee (Altinn II operations, `reference/altinn2.md` §5.1). */
export const OPERATIONS = ['Read', 'Write', 'Sign', 'ArchiveRead', 'ArchiveDelete', 'ServiceOwnerArchiveRead', 'Access', 'Delegate'] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * A service edition's rights: which Altinn roles grant which operations (its role requirements), the
 * minimum security level, and whether SRR must also allow the reportee. The catalog module writes these
 * when a service is deployed (issue 5); until then world files do.
 */
export interface ServicePolicy {
  serviceCode: string;
  serviceEditionCode: number;
  serviceOwnerCode: string;
  name: Names;
  minimumSecurityLevel: SecurityLevel;
  srrEnabled: boolean;
  roleRequirements: Partial<Record<Operation, string[]>>;
}

export function toPolicy(row: ServicePolicyRow): ServicePolicy {
  return {
    serviceCode: row.service_code,
    serviceEditionCode: row.service_edition_code,
    serviceOwnerCode: row.service_owner_code,
    name: row.name as Names,
    minimumSecurityLevel: row.minimum_security_level as SecurityLevel,
    srrEnabled: row.srr_enabled,
    roleRequirements: row.role_requirements as ServicePolicy['roleRequirements'],
  };
}

/** Every problem of a policy's operations, roles and level (empty when it is sound), so callers can report them with their own. */
export function servicePolicyProblems(policy: Pick<ServicePolicy, 'roleRequirements' | 'minimumSecurityLevel'>): ProblemItem[] {
  const errors: ProblemItem[] = [];
  for (const [op, roles] of Object.entries(policy.roleRequirements)) {
    if (!(OPERATIONS as readonly string[]).includes(op)) errors.push({ path: `roleRequirements/${op}`, message: 'unknown operation', rule: 'operation' });
    for (const r of roles ?? []) if (!findAltinnRole(r)) errors.push({ path: `roleRequirements/${op}`, message: `unknown role ${r}`, rule: 'role' });
  }
  if (!Number.isInteger(policy.minimumSecurityLevel) || policy.minimumSecurityLevel < 0 || policy.minimumSecurityLevel > 4) errors.push({ path: 'minimumSecurityLevel', message: '0–4', rule: 'level' });
  return errors;
}

/** Writes a service edition's policy, checking operations and roles against the catalogue (AUTZ-00017). */
export async function uncheckedPutServicePolicy(deps: AuthzDeps, policy: ServicePolicy): Promise<void> {
  const errors = servicePolicyProblems(policy);
  if (errors.length > 0) throw new AppError(AuthzProblems.invalidPolicy, { errors });
  await inTransaction(deps.db, async (trx) => {
    await upsertServicePolicy(
      trx,
    {
      service_code: policy.serviceCode,
      service_edition_code: policy.serviceEditionCode,
      service_owner_code: policy.serviceOwnerCode,
      name: policy.name,
      minimum_security_level: policy.minimumSecurityLevel,
      srr_enabled: policy.srrEnabled,
      role_requirements: policy.roleRequirements,
    },
      deps.clock.now(),
    );
    await deps.changes.publish(trx, POLICY_TOPIC);
  });
  deps.caches.invalidatePolicies();
}

/** A service edition's policy; AUTZ-00016 when none is defined. */
export async function getServicePolicy(deps: Pick<AuthzDeps, 'db' | 'caches'>, serviceCode: string, editionCode: number): Promise<ServicePolicy> {
  const key = `${serviceCode}/${editionCode}`;
  const cache = deps.db.isTransaction ? undefined : deps.caches;
  const hit = cache?.policy(key);
  if (hit) return hit;
  const generation = cache?.policyGeneration() ?? 0;
  const row = await selectServicePolicy(deps.db, serviceCode, editionCode);
  if (!row) throw new AppError(AuthzProblems.serviceNotFound, { detail: `no service ${serviceCode} edition ${editionCode}` });
  const policy = toPolicy(row);
  cache?.setPolicy(key, policy, generation);
  return policy;
}
