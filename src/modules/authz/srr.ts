import { AppError, inTransaction, isAppError, recordAudit, requireServiceOwner, type Actor } from '../../platform/index.ts';
import { deleteSrrRight, insertSrrRight, selectSrrRight, selectSrrRights, type SrrRightRow } from './db/policy-store.ts';
import { partyRef, type PartyRef } from './delegation.ts';
import { bindAuthzDeps, type AuthzDeps } from './deps.ts';
import { AuthzProblems } from './errors.ts';
import { getServicePolicy, type ServicePolicy } from './policy.ts';

/** One SRR rule: the service owner allows a reportee Read (receive) or Write (send) on its service edition. */
export interface SrrRule {
  id: string;
  serviceCode: string;
  serviceEditionCode: number;
  reportee: PartyRef;
  operation: 'Read' | 'Write';
  validTo: Date | null;
  createdAt: Date;
}

/** Altinn II's per-rule OperationResult. */
export type SrrResult = 'OK' | 'RuleAlreadyExists' | 'EmptyOrNotAValidSsnOrOrganisation' | 'RightAlreadyExpired';

async function ownService(deps: AuthzDeps, actor: Actor, serviceCode: string, editionCode: number): Promise<{ policy: ServicePolicy; code: string }> {
  const owner = requireServiceOwner(actor);
  const policy = await getServicePolicy(deps, serviceCode, editionCode);
  if (policy.serviceOwnerCode !== owner.serviceOwnerCode) throw new AppError(AuthzProblems.notOwnService);
  return { policy, code: owner.serviceOwnerCode };
}

const toRule = async (deps: AuthzDeps, r: SrrRightRow): Promise<SrrRule> => ({
  id: r.id,
  serviceCode: r.service_code,
  serviceEditionCode: r.service_edition_code,
  reportee: await partyRef(deps, r.reportee_party_id),
  operation: r.operation,
  validTo: r.valid_to,
  createdAt: r.created_at,
});

/** The SRR rules of one of the service owner's own service editions. */
export async function listSrrRules(deps: AuthzDeps, actor: Actor, serviceCode: string, editionCode: number): Promise<SrrRule[]> {
  await ownService(deps, actor, serviceCode, editionCode);
  return Promise.all((await selectSrrRights(deps.db, serviceCode, editionCode)).map((r) => toRule(deps, r)));
}

/** Resolves an orgno or national id to a party id, or undefined when it names nobody. */
async function partyOf(deps: AuthzDeps, reportee: string): Promise<number | undefined> {
  try {
    if (/^\d{9}$/.test(reportee)) return (await deps.register.getOrganization(reportee)).organization.partyId;
    if (/^\d{11}$/.test(reportee)) return (await deps.register.uncheckedFindPersonBySsn(reportee))?.partyId;
  } catch (err) {
    if (isAppError(err)) return undefined;
    throw err;
  }
  return undefined;
}

/**
 * Adds SRR rules to one of the service owner's own service editions (Altinn II AddRights): each rule gets
 * its own result, and the good ones are written together.
 */
export async function addSrrRules(
  deps: AuthzDeps,
  actor: Actor,
  serviceCode: string,
  editionCode: number,
  rules: { reportee: string; operation: 'Read' | 'Write'; validTo?: Date }[],
): Promise<{ reportee: string; operation: 'Read' | 'Write'; result: SrrResult; id: string | null }[]> {
  const { code } = await ownService(deps, actor, serviceCode, editionCode);
  const now = deps.clock.now();
  return inTransaction(deps.db, async (trx) => {
    const d = bindAuthzDeps(deps, trx);
    const out = [];
    for (const rule of rules) {
      const partyId = await partyOf(d, rule.reportee.trim());
      if (partyId === undefined) {
        out.push({ reportee: rule.reportee, operation: rule.operation, result: 'EmptyOrNotAValidSsnOrOrganisation' as const, id: null });
        continue;
      }
      if (rule.validTo !== undefined && rule.validTo <= now) {
        out.push({ reportee: rule.reportee, operation: rule.operation, result: 'RightAlreadyExpired' as const, id: null });
        continue;
      }
      const id = deps.random.uuid();
      const added = await insertSrrRight(trx, { id, service_code: serviceCode, service_edition_code: editionCode, reportee_party_id: partyId, operation: rule.operation, valid_to: rule.validTo ?? null, created_at: now });
      out.push({ reportee: rule.reportee, operation: rule.operation, result: added ? ('OK' as const) : ('RuleAlreadyExists' as const), id: added ? id : null });
      if (added) await recordAudit(trx, deps.clock, { event: 'srr.add', outcome: 'success', partyId, detail: { id, service: `${serviceCode}/${editionCode}`, operation: rule.operation, by: code } });
    }
    return out;
  });
}

/** Removes an SRR rule of one of the service owner's own service editions; it applies to the next decision. */
export async function deleteSrrRule(deps: AuthzDeps, actor: Actor, id: string): Promise<void> {
  const owner = requireServiceOwner(actor);
  const row = await selectSrrRight(deps.db, id);
  if (!row) throw new AppError(AuthzProblems.srrRuleNotFound);
  const policy = await getServicePolicy(deps, row.service_code, row.service_edition_code);
  // Another owner's rule is not found, not forbidden: rule ids say nothing about other owners' services.
  if (policy.serviceOwnerCode !== owner.serviceOwnerCode) throw new AppError(AuthzProblems.srrRuleNotFound);
  const code = policy.serviceOwnerCode;
  const [serviceCode, editionCode] = [row.service_code, row.service_edition_code];
  await inTransaction(deps.db, async (trx) => {
    await deleteSrrRight(trx, id);
    await recordAudit(trx, deps.clock, { event: 'srr.delete', outcome: 'success', partyId: row.reportee_party_id, detail: { id, service: `${serviceCode}/${editionCode}`, by: code } });
  });
}

/**
 * Whether the service's rights register lets the reportee Read (receive) or Write (send) on it now: true
 * for a service that does not use SRR. The reportee's side of a question, without a login (a broker
 * file's recipients); whoever acts for the reportee is still decided by `decide`.
 */
export async function uncheckedSrrAllows(deps: AuthzDeps, serviceCode: string, editionCode: number, reporteePartyId: number, operation: 'Read' | 'Write'): Promise<boolean> {
  const policy = await getServicePolicy(deps, serviceCode, editionCode);
  if (!policy.srrEnabled) return true;
  const now = deps.clock.now();
  return (await selectSrrRights(deps.db, serviceCode, editionCode, reporteePartyId)).some((r) => r.operation === operation && (r.valid_to === null || r.valid_to > now));
}
