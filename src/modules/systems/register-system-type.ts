import { AppError, inTransaction, isUniqueViolation, requirePerson, type Actor } from '../../platform/index.ts';
import { insertSystemType, selectSystemType } from './db/system-type-store.ts';
import { bindSystemsDeps, type SystemsDeps } from './deps.ts';
import { SystemsProblems } from './errors.ts';
import { toSystemTypes, type SystemType } from './system-type.ts';

export interface NewSystemType {
  name: string;
  vendorOrgno: string;
  maySubmitSignedData?: boolean;
  listedInProduction?: boolean;
}

function normalizeTypeName(name: string): string {
  const v = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (v.length < 2 || v.length > 100 || /\p{Cc}/u.test(v)) throw new AppError(SystemsProblems.invalidSystemTypeName, { errors: [{ path: 'name', message: 'invalid name', rule: 'name' }] });
  return v;
}

/**
 * A vendor registers a system type (product). Only the vendor's main administrator may; in the test
 * environment the type is approved at once, otherwise it waits for the operator (`tinn system-types approve`).
 */
export async function registerSystemType(deps: SystemsDeps, caller: Actor, input: NewSystemType): Promise<SystemType> {
  const actor = requirePerson(caller);
  const name = normalizeTypeName(input.name);
  const vendor = await deps.authz.resolveReportee(actor, input.vendorOrgno);
  if (vendor.type !== 'organization' || !(await deps.authz.isMainAdministrator(actor.partyId, vendor))) throw new AppError(SystemsProblems.notVendorAdministrator);
  return uncheckedCreateSystemType(deps, { name, vendorPartyId: vendor.partyId, maySubmitSignedData: input.maySubmitSignedData ?? false, listedInProduction: input.listedInProduction ?? false, createdBy: actor.partyId, approved: deps.autoApproveSystemTypes });
}

/** Writes a system type; callers have checked access (world files, the vendor's administrator). */
export async function uncheckedCreateSystemType(
  deps: SystemsDeps,
  input: { name: string; vendorPartyId: number; maySubmitSignedData: boolean; listedInProduction: boolean; createdBy: number | null; approved: boolean },
): Promise<SystemType> {
  const now = deps.clock.now();
  try {
    return await inTransaction(deps.db, async (trx) => {
      const id = await insertSystemType(trx, {
        name: normalizeTypeName(input.name),
        vendor_party_id: input.vendorPartyId,
        may_submit_signed_data: input.maySubmitSignedData,
        listed_in_production: input.listedInProduction,
        status: input.approved ? 'approved' : 'pending',
        created_by_party_id: input.createdBy,
        created_at: now,
        approved_at: input.approved ? now : null,
      });
      const [type] = await toSystemTypes(bindSystemsDeps(deps, trx).register, [(await selectSystemType(trx, id))!]);
      return type!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(SystemsProblems.systemTypeExists, { cause: err });
    throw err;
  }
}
