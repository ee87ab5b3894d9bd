import { AppError, hashPassword, inTransaction, recordAudit, requireLevel, type Actor } from '../../platform/index.ts';
import { assertSystemPasswordRules, normalizeDescription, toDataSystem, type DataSystem } from './data-system.ts';
import { selectSystemType } from './db/system-type-store.ts';
import { markDataSystemDeleted, selectDataSystem, selectDataSystemsOf, updateDataSystemRow, type DataSystemRow } from './db/data-system-store.ts';
import { deleteSshKeysOf, lockSshKeyHolder } from './db/ssh-key-store.ts';
import { bindSystemsDeps, type SystemsDeps } from './deps.ts';
import { SystemsProblems } from './errors.ts';
import { getAdministeredReportee, type ReporteeRef } from './reportees.ts';

/** The reportee's own system by id; another reportee's system is not found (not forbidden), so ids leak nothing. */
export async function getOwnSystem(deps: SystemsDeps, partyId: number, systemId: number): Promise<DataSystemRow> {
  const row = await selectDataSystem(deps.db, systemId);
  if (!row || row.owner_party_id !== partyId) throw new AppError(SystemsProblems.dataSystemNotFound, { detail: `no data system ${systemId} here` });
  return row;
}

/** The reportee's data systems, for someone who administers it. Never a password. */
export async function listDataSystems(deps: SystemsDeps, actor: Actor, reportee: ReporteeRef): Promise<DataSystem[]> {
  const { partyId } = await getAdministeredReportee(deps, actor, reportee);
  const rows = await selectDataSystemsOf(deps.db, partyId);
  return Promise.all(rows.map((r) => toDataSystem(deps, r)));
}

/** One of the reportee's data systems. */
export async function getDataSystem(deps: SystemsDeps, actor: Actor, reportee: ReporteeRef, systemId: number): Promise<DataSystem> {
  const { partyId } = await getAdministeredReportee(deps, actor, reportee);
  return toDataSystem(deps, await getOwnSystem(deps, partyId, systemId));
}

export interface DataSystemChange {
  description?: string;
  /** Another approved system type (the product was replaced); the SystemID and password stay. */
  systemTypeId?: number;
  password?: string;
}

/** Changes a data system's description, type and/or password (level 2); all or nothing, audited. */
export async function updateDataSystem(deps: SystemsDeps, actor: Actor, reportee: ReporteeRef, systemId: number, change: DataSystemChange): Promise<DataSystem> {
  const { person, partyId } = await getAdministeredReportee(deps, actor, reportee);
  requireLevel(person, 2, 'changing a data system');
  const description = change.description !== undefined ? normalizeDescription(change.description) : undefined;
  if (change.password !== undefined) assertSystemPasswordRules(change.password);
  await getOwnSystem(deps, partyId, systemId);
  if (change.systemTypeId !== undefined) {
    const type = await selectSystemType(deps.db, change.systemTypeId);
    if (!type || type.status !== 'approved') throw new AppError(SystemsProblems.systemTypeNotFound, { detail: `no approved system type ${change.systemTypeId}`, errors: [{ path: 'systemTypeId', message: 'no such approved system type', rule: 'systemType' }] });
  }
  const passwordHash = change.password !== undefined ? await hashPassword(change.password) : undefined;
  return inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    await updateDataSystemRow(trx, systemId, {
      updated_at: now,
      ...(description !== undefined ? { description } : {}),
      ...(change.systemTypeId !== undefined ? { system_type_id: change.systemTypeId } : {}),
      ...(passwordHash !== undefined ? { password_hash: passwordHash, password_sealed: deps.sealer ? deps.sealer.seal(change.password!) : null, password_changed_at: now } : {}),
    });
    if (passwordHash !== undefined) await recordAudit(trx, deps.clock, { event: 'system.password', outcome: 'success', partyId, detail: { systemId, by: person.partyId } });
    return toDataSystem(bindSystemsDeps(deps, trx), await getOwnSystem(bindSystemsDeps(deps, trx), partyId, systemId));
  });
}

/** Deletes a data system (level 2): its SystemID and SSH keys stop working at once; the id is never handed out again. */
export async function deleteDataSystem(deps: SystemsDeps, actor: Actor, reportee: ReporteeRef, systemId: number): Promise<void> {
  const { person, partyId } = await getAdministeredReportee(deps, actor, reportee);
  requireLevel(person, 2, 'deleting a data system');
  await getOwnSystem(deps, partyId, systemId);
  await inTransaction(deps.db, async (trx) => {
    await markDataSystemDeleted(trx, systemId, deps.clock.now());
    const keys = { column: 'data_system_id', value: systemId } as const;
    await lockSshKeyHolder(trx, keys);
    await deleteSshKeysOf(trx, keys);
    await recordAudit(trx, deps.clock, { event: 'system.delete', outcome: 'success', partyId, detail: { systemId, by: person.partyId } });
  });
}
