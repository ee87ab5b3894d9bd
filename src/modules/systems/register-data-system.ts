import { AppError, createIdempotently, hashPassword, inTransaction, recordAudit, requireLevel, type Actor } from '../../platform/index.ts';
import { assertSystemPasswordRules, normalizeDescription, toDataSystem, type DataSystem } from './data-system.ts';
import { insertDataSystem, selectDataSystem } from './db/data-system-store.ts';
import { selectSystemType } from './db/system-type-store.ts';
import { bindSystemsDeps, type SystemsDeps } from './deps.ts';
import { SystemsProblems } from './errors.ts';
import { getAdministeredReportee, type ReporteeRef } from './reportees.ts';

export interface NewDataSystem {
  systemTypeId: number;
  description: string;
  password: string;
}

/**
 * "Registrer datasystem": someone who administers the reportee registers an installation of an approved
 * system type, with a password of its own, and gets a numeric SystemID. Needs security level 2 (it creates
 * credentials that act for the reportee). With an idempotency key a retry returns the system made first.
 */
export async function registerDataSystem(
  deps: SystemsDeps,
  actor: Actor,
  reportee: ReporteeRef,
  input: NewDataSystem,
  idempotencyKey?: string,
): Promise<{ system: DataSystem; replayed: boolean }> {
  const { person, partyId } = await getAdministeredReportee(deps, actor, reportee);
  requireLevel(person, 2, 'registering a data system');
  const description = normalizeDescription(input.description);
  assertSystemPasswordRules(input.password);
  const type = await selectSystemType(deps.db, input.systemTypeId);
  if (!type || type.status !== 'approved') throw new AppError(SystemsProblems.systemTypeNotFound, { detail: `no approved system type ${input.systemTypeId}` });
  const passwordHash = await hashPassword(input.password);
  return inTransaction(deps.db, async (trx) => {
    const request = { reportee: partyId, systemTypeId: type.id, description };
    const { id, replayed } = await createIdempotently(trx, deps.clock, { scope: `systems.data-system:${person.partyId}`, key: idempotencyKey, request }, async () => {
      const systemId = await uncheckedInsertDataSystem(bindSystemsDeps(deps, trx), { ownerPartyId: partyId, systemTypeId: type.id, description, passwordHash, password: input.password, createdBy: person.partyId });
      await recordAudit(trx, deps.clock, { event: 'system.register', outcome: 'success', partyId, detail: { systemId, systemTypeId: type.id, by: person.partyId } });
      return String(systemId);
    });
    const row = await selectDataSystem(trx, Number(id));
    if (!row) throw new AppError(SystemsProblems.dataSystemNotFound, { detail: 'the system made with this idempotency key was deleted since' });
    return { system: await toDataSystem(bindSystemsDeps(deps, trx), row), replayed };
  });
}

/**
 * Writes a data system; callers have checked access and the password rule (world files, the use case above).
 * `password`, when given, is also sealed where a credentials key is configured (PasswordDigest).
 */
export async function uncheckedInsertDataSystem(
  deps: SystemsDeps,
  input: { systemId?: number; ownerPartyId: number; systemTypeId: number; description: string; passwordHash: string; password?: string; createdBy: number | null },
): Promise<number> {
  const now = deps.clock.now();
  return insertDataSystem(deps.db, {
    ...(input.systemId !== undefined ? { system_id: input.systemId } : {}),
    owner_party_id: input.ownerPartyId,
    system_type_id: input.systemTypeId,
    description: input.description,
    password_hash: input.passwordHash,
    password_sealed: input.password !== undefined && deps.sealer ? deps.sealer.seal(input.password) : null,
    created_by_party_id: input.createdBy,
    created_at: now,
    updated_at: now,
    password_changed_at: now,
  });
}
