import { verifyPassword } from '../../platform/index.ts';
import { selectDataSystem, selectDataSystemCredentials } from './db/data-system-store.ts';
import type { SystemsDeps } from './deps.ts';
import { openSealed } from './service-owner-system.ts';

/** What authentication learns about a data system whose password was right. */
export interface AuthenticatedDataSystem {
  systemId: number;
  ownerPartyId: number;
  ownerType: 'person' | 'organization';
  systemTypeId: number;
}

/**
 * The data system when `password` is its password; undefined when the system does not exist (or was
 * deleted) or the password is wrong, in the same time either way. Lockouts are the caller's (authn).
 */
export async function uncheckedCheckDataSystemPassword(deps: SystemsDeps, systemId: number, password: string): Promise<AuthenticatedDataSystem | undefined> {
  const row = Number.isSafeInteger(systemId) && systemId > 0 ? await selectDataSystemCredentials(deps.db, systemId) : undefined;
  if (!(await verifyPassword(row?.password_hash, password)) || !row) return undefined;
  const owner = await deps.register.uncheckedGetParty(row.owner_party_id);
  return { systemId: row.system_id, ownerPartyId: row.owner_party_id, ownerType: owner.type, systemTypeId: row.system_type_id };
}

/**
 * The data system when `isProof` accepts its password (WS-Security PasswordDigest); `unsealed` when Tinn
 * keeps no sealed password for it; undefined when it does not exist or the proof is wrong.
 */
export async function uncheckedCheckDataSystemProof(deps: SystemsDeps, systemId: number, isProof: (password: string) => boolean): Promise<AuthenticatedDataSystem | 'unsealed' | undefined> {
  const row = Number.isSafeInteger(systemId) && systemId > 0 ? await selectDataSystemCredentials(deps.db, systemId) : undefined;
  if (!row) return undefined;
  const password = openSealed(deps, row.password_sealed);
  if (password === undefined) return 'unsealed';
  if (!isProof(password)) return undefined;
  const owner = await deps.register.uncheckedGetParty(row.owner_party_id);
  return { systemId: row.system_id, ownerPartyId: row.owner_party_id, ownerType: owner.type, systemTypeId: row.system_type_id };
}

/** Whether a live data system has this id (no password needed: the challenge step names the system only). */
export async function uncheckedFindDataSystemOwner(deps: SystemsDeps, systemId: number): Promise<{ ownerPartyId: number; ownerType: 'person' | 'organization' } | undefined> {
  const row = Number.isSafeInteger(systemId) && systemId > 0 ? await selectDataSystem(deps.db, systemId) : undefined;
  if (!row) return undefined;
  const owner = await deps.register.uncheckedGetParty(row.owner_party_id);
  return { ownerPartyId: row.owner_party_id, ownerType: owner.type };
}
