import { AppError, inTransaction, parsePublicKey, recordAudit, requireLevel, sshFingerprint, type Actor, type AuditEvent, type SshPublicKey } from '../../platform/index.ts';
import { selectDataSystem } from './db/data-system-store.ts';
import { selectServiceOwnerSystem } from './db/service-owner-system-store.ts';
import {
  countSshKeysOf,
  deleteSshKeyOf,
  insertSshKey,
  lockSshKeyHolder,
  selectSshKeyByFingerprint,
  selectSshKeysOf,
  type SshKeyHolderColumn,
  type SshKeyRow,
} from './db/ssh-key-store.ts';
import { bindSystemsDeps, type SystemsDeps } from './deps.ts';
import { administeredOrganization, ownUser } from './enterprise-users.ts';
import { SystemsProblems } from './errors.ts';
import { getOwnSystem } from './manage-data-systems.ts';
import { getAdministeredReportee, type ReporteeRef } from './reportees.ts';
import { uncheckedGetServiceOwnerSystem } from './service-owner-system.ts';

/** An SSH public key as its account's administrators see it. */
export interface SshKeyView {
  keyId: string;
  algorithm: string;
  /** `SHA256:…`, as `ssh-keygen -l` prints it. */
  fingerprint: string;
  comment: string;
  createdAt: Date;
}

/** Whose SSH key it is: the SFTP account it logs in to. */
export type SshKeyHolder = { kind: 'dataSystem'; systemId: number } | { kind: 'enterpriseUser'; partyId: number } | { kind: 'serviceOwnerSystem'; systemName: string };

/** A key found for a login: its holder, and the stored key (normalised OpenSSH line) to verify the signature with. */
export type FoundSshKey = SshKeyHolder & { keyId: string; publicKey: string };

/** Altinn II allowed a handful of keys per account; 10 covers rotation with some to spare. */
const MAX_KEYS_PER_HOLDER = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The store's holder column of a holder. */
function sshKeyHolderColumn(holder: SshKeyHolder): SshKeyHolderColumn {
  switch (holder.kind) {
    case 'dataSystem':
      return { column: 'data_system_id', value: holder.systemId };
    case 'enterpriseUser':
      return { column: 'enterprise_user_party_id', value: holder.partyId };
    case 'serviceOwnerSystem':
      return { column: 'service_owner_system', value: holder.systemName };
  }
}

const view = (row: SshKeyRow): SshKeyView => ({ keyId: row.key_id, algorithm: row.algorithm, fingerprint: row.fingerprint, comment: row.comment, createdAt: row.created_at });

/**
 * Adds a parsed key to a holder in one transaction, with the holder's keys locked: SYS-00019 when the holder
 * has it already, SYS-00018 when it has 10. `assertHolder` checks again under the lock that the holder is
 * there (deleting a holder takes the same lock). `audit` is written with the key's id and fingerprint.
 */
async function addKey(
  deps: SystemsDeps,
  holder: SshKeyHolder,
  key: SshPublicKey,
  createdBy: number | null,
  assertHolder: (d: SystemsDeps) => Promise<unknown>,
  audit: Omit<AuditEvent, 'outcome'>,
): Promise<SshKeyView> {
  const column = sshKeyHolderColumn(holder);
  return inTransaction(deps.db, async (trx) => {
    await lockSshKeyHolder(trx, column);
    await assertHolder(bindSystemsDeps(deps, trx));
    if (await selectSshKeyByFingerprint(trx, column, key.fingerprint)) throw new AppError(SystemsProblems.sshKeyExists, { detail: `${key.fingerprint} is registered already` });
    if ((await countSshKeysOf(trx, column)) >= MAX_KEYS_PER_HOLDER) throw new AppError(SystemsProblems.tooManySshKeys, { data: { maxKeys: MAX_KEYS_PER_HOLDER } });
    const row = { key_id: deps.random.uuid(), algorithm: key.algorithm, public_key: key.text, fingerprint: key.fingerprint, comment: key.comment, created_at: deps.clock.now(), created_by_party_id: createdBy };
    await insertSshKey(trx, column, row);
    await recordAudit(trx, deps.clock, { ...audit, outcome: 'success', detail: { ...audit.detail, keyId: row.key_id, fingerprint: key.fingerprint } });
    return view({ ...row, data_system_id: null, enterprise_user_party_id: null, service_owner_system: null });
  });
}

/** Deletes one of the holder's keys (SYS-00020 when it has no such key) and audits it, in one transaction. */
async function deleteKey(deps: SystemsDeps, holder: SshKeyHolder, keyId: string, audit: Omit<AuditEvent, 'outcome'>): Promise<void> {
  if (!UUID.test(keyId)) throw new AppError(SystemsProblems.sshKeyNotFound, { detail: `no key ${keyId} here` });
  await inTransaction(deps.db, async (trx) => {
    const column = sshKeyHolderColumn(holder);
    await lockSshKeyHolder(trx, column);
    const deleted = await deleteSshKeyOf(trx, column, keyId);
    if (!deleted) throw new AppError(SystemsProblems.sshKeyNotFound, { detail: `no key ${keyId} here` });
    await recordAudit(trx, deps.clock, { ...audit, outcome: 'success', detail: { ...audit.detail, keyId, fingerprint: deleted.fingerprint } });
  });
}

/**
 * Adds an SSH public key to one of the reportee's data systems (level 2, for someone who administers the
 * reportee, as for changing the system itself), so it can log in to SFTP with the key instead of its
 * password. PLAT-00024 for a text that is no accepted key. Audited.
 */
export async function addDataSystemSshKey(deps: SystemsDeps, actor: Actor, reportee: ReporteeRef, systemId: number, publicKeyText: string): Promise<SshKeyView> {
  const { person, partyId } = await getAdministeredReportee(deps, actor, reportee);
  requireLevel(person, 2, 'adding an SSH key to a data system');
  const key = parsePublicKey(publicKeyText);
  await getOwnSystem(deps, partyId, systemId);
  return addKey(deps, { kind: 'dataSystem', systemId }, key, person.partyId, (d) => getOwnSystem(d, partyId, systemId), { event: 'system.ssh-key.add', partyId, detail: { systemId, by: person.partyId } });
}

/** The SSH keys of one of the reportee's data systems, oldest first. */
export async function listDataSystemSshKeys(deps: SystemsDeps, actor: Actor, reportee: ReporteeRef, systemId: number): Promise<SshKeyView[]> {
  const { partyId } = await getAdministeredReportee(deps, actor, reportee);
  await getOwnSystem(deps, partyId, systemId);
  return (await selectSshKeysOf(deps.db, sshKeyHolderColumn({ kind: 'dataSystem', systemId }))).map(view);
}

/** Deletes an SSH key of one of the reportee's data systems (level 2): logins with it stop at once. Audited. */
export async function deleteDataSystemSshKey(deps: SystemsDeps, actor: Actor, reportee: ReporteeRef, systemId: number, keyId: string): Promise<void> {
  const { person, partyId } = await getAdministeredReportee(deps, actor, reportee);
  requireLevel(person, 2, 'deleting an SSH key of a data system');
  await getOwnSystem(deps, partyId, systemId);
  await deleteKey(deps, { kind: 'dataSystem', systemId }, keyId, { event: 'system.ssh-key.delete', partyId, detail: { systemId, by: person.partyId } });
}

/**
 * Adds an SSH public key to one of the organisation's enterprise users (level 2, for someone who
 * administers the organisation): Altinn II's enterprise user with an SSH key, the way such users log in to
 * SFTP. Audited.
 */
export async function addEnterpriseUserSshKey(deps: SystemsDeps, actor: Actor, reportee: ReporteeRef, userName: string, publicKeyText: string): Promise<SshKeyView> {
  const { person, partyId } = await administeredOrganization(deps, actor, reportee, 'adding an SSH key to an enterprise user');
  const key = parsePublicKey(publicKeyText);
  const user = await ownUser(deps, partyId, userName);
  return addKey(deps, { kind: 'enterpriseUser', partyId: user.partyId }, key, person.partyId, (d) => ownUser(d, partyId, userName), { event: 'enterprise-user.ssh-key.add', partyId, detail: { userName: user.userName, by: person.partyId } });
}

/** The SSH keys of one of the organisation's enterprise users, oldest first. */
export async function listEnterpriseUserSshKeys(deps: SystemsDeps, actor: Actor, reportee: ReporteeRef, userName: string): Promise<SshKeyView[]> {
  const { partyId } = await administeredOrganization(deps, actor, reportee, null);
  const user = await ownUser(deps, partyId, userName);
  return (await selectSshKeysOf(deps.db, sshKeyHolderColumn({ kind: 'enterpriseUser', partyId: user.partyId }))).map(view);
}

/** Deletes an SSH key of one of the organisation's enterprise users (level 2): logins with it stop at once. Audited. */
export async function deleteEnterpriseUserSshKey(deps: SystemsDeps, actor: Actor, reportee: ReporteeRef, userName: string, keyId: string): Promise<void> {
  const { person, partyId } = await administeredOrganization(deps, actor, reportee, 'deleting an SSH key of an enterprise user');
  const user = await ownUser(deps, partyId, userName);
  await deleteKey(deps, { kind: 'enterpriseUser', partyId: user.partyId }, keyId, { event: 'enterprise-user.ssh-key.delete', partyId, detail: { userName: user.userName, by: person.partyId } });
}

/** Adds an SSH public key to an agency system without an access check (world files; the operator). SYS-00012 for an unknown system. */
export async function uncheckedAddServiceOwnerSystemSshKey(deps: SystemsDeps, systemName: string, publicKeyText: string): Promise<SshKeyView> {
  const key = parsePublicKey(publicKeyText);
  const system = await uncheckedGetServiceOwnerSystem(deps, systemName);
  return addKey(deps, { kind: 'serviceOwnerSystem', systemName }, key, null, (d) => uncheckedGetServiceOwnerSystem(d, systemName), { event: 'serviceowner.ssh-key.add', partyId: system.serviceOwner.partyId, detail: { systemName } });
}

/**
 * The account an SFTP user name names (README "SFTP accounts"): digits are a live data system's SystemID;
 * any other name is an agency system when one has exactly this name, else a live enterprise user (names
 * in any letter case). Undefined when none.
 */
async function findHolder(deps: Pick<SystemsDeps, 'db' | 'register'>, userName: string): Promise<SshKeyHolder | undefined> {
  if (/^\d{1,10}$/.test(userName)) {
    const systemId = Number(userName);
    // SystemIDs are PostgreSQL integers: a larger number names no system (and must not reach the query).
    const system = systemId <= 2 ** 31 - 1 ? await selectDataSystem(deps.db, systemId) : undefined;
    return system ? { kind: 'dataSystem', systemId: system.system_id } : undefined;
  }
  if (userName.length > 100) return undefined;
  const agencySystem = await selectServiceOwnerSystem(deps.db, userName);
  if (agencySystem) return { kind: 'serviceOwnerSystem', systemName: agencySystem.name };
  const user = await deps.register.uncheckedFindEnterpriseUser(userName);
  return user && !user.isDeleted ? { kind: 'enterpriseUser', partyId: user.partyId } : undefined;
}

/**
 * Whether the key presented (`blob`, SSH wire format) is one of the keys of the account `userName` names;
 * the holder and the stored key when it is, else undefined (no such account or no such key: the caller
 * answers both alike). Compares fingerprints; the signature is the caller's to verify. No access check:
 * this is the login itself (authn).
 */
export async function uncheckedFindSshKeyHolder(deps: Pick<SystemsDeps, 'db' | 'register'>, userName: string, blob: Uint8Array): Promise<FoundSshKey | undefined> {
  const holder = await findHolder(deps, userName);
  if (!holder) return undefined;
  const row = await selectSshKeyByFingerprint(deps.db, sshKeyHolderColumn(holder), sshFingerprint(blob));
  return row ? { ...holder, keyId: row.key_id, publicKey: row.public_key } : undefined;
}
