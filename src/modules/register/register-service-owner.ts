import { AppError, inTransaction, isUniqueViolation } from '../../platform/index.ts';
import { insertServiceOwner, selectOrganizationByPartyId, selectServiceOwnerByCode } from './db/party-store.ts';
import type { RegisterDeps } from './deps.ts';
import { ORGANIZATION_TOPIC } from './organization-cache.ts';
import { RegisterProblems } from './errors.ts';
import { loadOrganization } from './lookups.ts';
import type { Organization } from './party.ts';

export const ServiceOwnerCodePattern = /^[A-Z][A-Z0-9]{1,9}$/;

/**
 * Marks an organisation as a service owner (tjenesteeier) with its short code (e.g. "SKD", "NAV"), used
 * as SMS sender name and in service metadata.
 */
export async function registerServiceOwner(deps: RegisterDeps, input: { orgno: string; code: string }): Promise<Organization> {
  if (!ServiceOwnerCodePattern.test(input.code)) {
    throw new AppError(RegisterProblems.invalidServiceOwnerCode, { errors: [{ path: 'code', message: 'invalid service-owner code', rule: 'pattern' }] });
  }
  try {
    return await inTransaction(deps.db, async (trx) => {
      const organization = await loadOrganization(trx, input.orgno);
      if (organization.serviceOwnerCode === input.code) return organization;
      await insertServiceOwner(trx, { party_id: organization.partyId, code: input.code, now: deps.clock.now() });
      await deps.changes.publish(trx, ORGANIZATION_TOPIC);
      deps.organizationCache.invalidate();
      return (await selectOrganizationByPartyId(trx, organization.partyId))!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError(RegisterProblems.serviceOwnerConflict, { cause: err });
    }
    throw err;
  }
}

/** The service owner with this code (e.g. "TTD"); REG-00023 when there is none. */
export async function getServiceOwner(deps: Pick<RegisterDeps, 'db'>, code: string): Promise<Organization> {
  const partyId = await selectServiceOwnerByCode(deps.db, code);
  const organization = partyId === undefined ? undefined : await selectOrganizationByPartyId(deps.db, partyId);
  if (!organization) throw new AppError(RegisterProblems.serviceOwnerNotFound, { detail: `no service owner ${code}` });
  return organization;
}
