import { inTransaction } from '../../platform/index.ts';
import { markOrganizationDeleted, selectOrganizationByPartyId, selectSubUnits } from './db/party-store.ts';
import type { RegisterDeps } from './deps.ts';
import { ORGANIZATION_TOPIC } from './organization-cache.ts';
import { loadOrganization } from './lookups.ts';
import type { Organization } from './party.ts';

/**
 * Marks an organisation deleted (slettet i Enhetsregisteret), with its sub-units. The unit stays
 * retrievable, flagged, because archived reports still refer to it.
 */
export async function deleteOrganization(deps: RegisterDeps, orgno: string): Promise<Organization> {
  return inTransaction(deps.db, async (trx) => {
    const organization = await loadOrganization(trx, orgno);
    if (organization.isDeleted) return organization;
    const now = deps.clock.now();
    await deps.changes.publish(trx, ORGANIZATION_TOPIC);
    deps.organizationCache.invalidate();
    for (const sub of await selectSubUnits(trx, organization.partyId)) await markOrganizationDeleted(trx, sub.partyId, now);
    await markOrganizationDeleted(trx, organization.partyId, now);
    return (await selectOrganizationByPartyId(trx, organization.partyId))!;
  });
}
