import { AppError } from '../../platform/index.ts';
import { markApproved, selectSystemType, selectSystemTypes } from './db/system-type-store.ts';
import type { SystemsDeps } from './deps.ts';
import { SystemsProblems } from './errors.ts';
import { toSystemTypes, type SystemType } from './system-type.ts';

/** Approved system types (the "Type datasystem" list), optionally of one vendor. Public. */
export async function listSystemTypes(deps: SystemsDeps, filter: { vendorOrgno?: string }): Promise<SystemType[]> {
  const vendorPartyId = filter.vendorOrgno ? (await deps.register.getOrganization(filter.vendorOrgno)).organization.partyId : undefined;
  const rows = await selectSystemTypes(deps.db, { status: 'approved', ...(vendorPartyId !== undefined ? { vendorPartyId } : {}) });
  return toSystemTypes(deps.register, rows);
}

/** Every system type waiting for approval, for the operator. */
export async function uncheckedListPendingSystemTypes(deps: SystemsDeps): Promise<SystemType[]> {
  return toSystemTypes(deps.register, await selectSystemTypes(deps.db, { status: 'pending' }));
}

/** The operator approves a pending system type; approving an approved one changes nothing. */
export async function uncheckedApproveSystemType(deps: SystemsDeps, id: number): Promise<SystemType> {
  const row = await selectSystemType(deps.db, id);
  if (!row) throw new AppError(SystemsProblems.systemTypeNotFound, { detail: `no system type ${id}` });
  await markApproved(deps.db, id, deps.clock.now());
  const [type] = await toSystemTypes(deps.register, [(await selectSystemType(deps.db, id))!]);
  return type!;
}
