import { AppError, inTransaction, isUniqueViolation } from '../../platform/index.ts';
import { findOrganizationForm } from './catalog.ts';
import { insertOrganization, insertParty, selectOrganizationByOrgno, selectOrganizationByPartyId } from './db/party-store.ts';
import type { RegisterDeps } from './deps.ts';
import { ORGANIZATION_TOPIC } from './organization-cache.ts';
import { RegisterProblems } from './errors.ts';
import { assertOrgno } from './orgno.ts';
import type { Address, Organization } from './party.ts';
import { normalizeAddress, normalizeName } from './rules.ts';

export interface NewOrganization {
  orgno: string;
  name: string;
  /** Organisation form code (AS, ENK, STAT, …; BEDR/AAFY for sub-units). */
  organizationForm: string;
  /** For a sub-unit: its main unit's orgno. */
  parentOrgno?: string | null;
  businessAddress?: Address | null;
  postalAddress?: Address | null;
}

/** Registers a main unit or a sub-unit. A sub-unit has a BEDR/AAFY form and a live main unit. */
export async function createOrganization(deps: RegisterDeps, input: NewOrganization): Promise<Organization> {
  assertOrgno(input.orgno);
  const name = normalizeName('name', input.name);
  const form = findOrganizationForm(input.organizationForm);
  if (!form) {
    throw new AppError(RegisterProblems.unknownOrganizationForm, { detail: `unknown form ${JSON.stringify(input.organizationForm)}` });
  }
  const businessAddress = normalizeAddress('businessAddress', input.businessAddress);
  const postalAddress = normalizeAddress('postalAddress', input.postalAddress);
  const parentOrgno = input.parentOrgno ?? null;
  if (form.isSubUnit && !parentOrgno) {
    throw new AppError(RegisterProblems.unitStructure, { detail: `a ${form.code} is a sub-unit and needs parentOrgno (its main unit)` });
  }
  if (!form.isSubUnit && parentOrgno) {
    throw new AppError(RegisterProblems.unitStructure, { detail: `a ${form.code} is a main unit; only BEDR and AAFY units have a parent` });
  }
  const now = deps.clock.now();
  try {
    return await inTransaction(deps.db, async (trx) => {
      let parentPartyId: number | null = null;
      if (parentOrgno) {
        assertOrgno(parentOrgno);
        const parent = await selectOrganizationByOrgno(trx, parentOrgno);
        if (!parent) throw new AppError(RegisterProblems.organizationNotFound, { detail: `main unit ${parentOrgno} is not registered` });
        if (parent.unitType === 'sub') throw new AppError(RegisterProblems.unitStructure, { detail: `${parentOrgno} is itself a sub-unit` });
        if (parent.isDeleted) throw new AppError(RegisterProblems.organizationDeleted, { detail: `main unit ${parentOrgno} is deleted` });
        parentPartyId = parent.partyId;
      }
      const partyId = await insertParty(trx, { party_uuid: deps.random.uuid(), party_type: 'organization', name, now });
      await deps.changes.publish(trx, ORGANIZATION_TOPIC);
      deps.organizationCache.invalidate();
      await insertOrganization(trx, {
        party_id: partyId,
        orgno: input.orgno,
        organization_form: form.code,
        parent_party_id: parentPartyId,
        business_address: businessAddress,
        postal_address: postalAddress,
      });
      return (await selectOrganizationByPartyId(trx, partyId))!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(RegisterProblems.organizationExists, { cause: err });
    throw err;
  }
}
