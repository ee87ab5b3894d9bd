import type { Actor } from '../../platform/index.ts';
import { uncheckedCheckDataSystemPassword, uncheckedCheckDataSystemProof, uncheckedFindDataSystemOwner } from './check-data-system-password.ts';
import { bindSystemsDeps, type SystemsDeps } from './deps.ts';
import { listSystemTypes, uncheckedApproveSystemType, uncheckedListPendingSystemTypes } from './list-system-types.ts';
import { deleteDataSystem, getDataSystem, listDataSystems, updateDataSystem, type DataSystemChange } from './manage-data-systems.ts';
import { registerDataSystem, uncheckedInsertDataSystem, type NewDataSystem } from './register-data-system.ts';
import { registerSystemType, uncheckedCreateSystemType, type NewSystemType } from './register-system-type.ts';
import { createEnterpriseUser, deleteEnterpriseUser, getEnterpriseUser, listEnterpriseUsers, setEnterpriseUserPassword, uncheckedCheckEnterpriseUserPassword } from './enterprise-users.ts';
import {
  addDataSystemSshKey,
  addEnterpriseUserSshKey,
  deleteDataSystemSshKey,
  deleteEnterpriseUserSshKey,
  listDataSystemSshKeys,
  listEnterpriseUserSshKeys,
  uncheckedAddServiceOwnerSystemSshKey,
  uncheckedFindSshKeyHolder,
} from './ssh-keys.ts';
import { uncheckedFindPasswordStamp, type PasswordAccount } from './password-stamp.ts';
import {
  uncheckedAddServiceOwnerSystem,
  uncheckedCheckServiceOwnerPassword,
  uncheckedCheckServiceOwnerProof,
  uncheckedCreateServiceOwnerApiKey,
  uncheckedFindServiceOwnerSystemByApiKey,
  uncheckedGetServiceOwnerSystem,
  uncheckedListServiceOwnerSystems,
  uncheckedRevokeServiceOwnerApiKey,
  uncheckedUpdateServiceOwnerSystem,
} from './service-owner-system.ts';

export type { SystemsDeps } from './deps.ts';
export type { SystemType } from './system-type.ts';
export type { NewSystemType } from './register-system-type.ts';
export type { DataSystem } from './data-system.ts';
export type { NewDataSystem } from './register-data-system.ts';
export type { DataSystemChange } from './manage-data-systems.ts';
export type { AuthenticatedDataSystem } from './check-data-system-password.ts';
export type { EnterpriseUserView, EnterpriseUserWithSecret } from './enterprise-users.ts';
export type { SshKeyView, SshKeyHolder, FoundSshKey } from './ssh-keys.ts';
export type { PasswordAccount } from './password-stamp.ts';
export type { ServiceOwnerSystem, AuthenticatedServiceOwnerSystem } from './service-owner-system.ts';
export { assertSystemPasswordRules, normalizeDescription } from './data-system.ts';
export { SystemsProblems } from './errors.ts';
export { ServiceOwnerCache } from './service-owner-cache.ts';
export { systemsMigrations } from './db/migrations/index.ts';
export { registerSystemsRoutes } from './http/routes.ts';

/** The systems module: system types (vendor products), data systems (SystemID + password per reportee) and agency systems (service owners). */
export function createSystems(deps: SystemsDeps) {
  return {
    /** The same API inside a caller's transaction. */
    withDb: (db: SystemsDeps['db']) => createSystems(bindSystemsDeps(deps, db)),
    /** A vendor's main administrator registers a product. */
    registerSystemType: (actor: Actor, input: NewSystemType) => registerSystemType(deps, actor, input),
    /** Approved system types, optionally of one vendor. */
    listSystemTypes: (filter: { vendorOrgno?: string }) => listSystemTypes(deps, filter),
    /** Types waiting for the operator. */
    uncheckedListPendingSystemTypes: () => uncheckedListPendingSystemTypes(deps),
    /** The operator approves a type. */
    uncheckedApproveSystemType: (id: number) => uncheckedApproveSystemType(deps, id),
    /** Writes a system type without an access check (world files). */
    uncheckedCreateSystemType: (input: Parameters<typeof uncheckedCreateSystemType>[1]) => uncheckedCreateSystemType(deps, input),
    /** Registers a data system on a reportee the actor administers (`me` or an orgno) → numeric SystemID. */
    registerDataSystem: (actor: Actor, reportee: string, input: NewDataSystem, idempotencyKey?: string) => registerDataSystem(deps, actor, reportee, input, idempotencyKey),
    /** The reportee's data systems. */
    listDataSystems: (actor: Actor, reportee: string) => listDataSystems(deps, actor, reportee),
    /** One of the reportee's data systems. */
    getDataSystem: (actor: Actor, reportee: string, systemId: number) => getDataSystem(deps, actor, reportee, systemId),
    /** Changes a data system's description, type or password. */
    updateDataSystem: (actor: Actor, reportee: string, systemId: number, change: DataSystemChange) => updateDataSystem(deps, actor, reportee, systemId, change),
    /** Deletes a data system; its SystemID stops working at once. */
    deleteDataSystem: (actor: Actor, reportee: string, systemId: number) => deleteDataSystem(deps, actor, reportee, systemId),
    /** Creates an enterprise user for an organisation the actor administers (a generated password when none is given). */
    createEnterpriseUser: (actor: Actor, reportee: string, input: { userName: string; password?: string }) => createEnterpriseUser(deps, actor, reportee, input),
    /** The organisation's enterprise users. */
    listEnterpriseUsers: (actor: Actor, reportee: string) => listEnterpriseUsers(deps, actor, reportee),
    /** One of the organisation's enterprise users. */
    getEnterpriseUser: (actor: Actor, reportee: string, userName: string) => getEnterpriseUser(deps, actor, reportee, userName),
    /** Sets an enterprise user's password, or generates one (rotate secret). */
    setEnterpriseUserPassword: (actor: Actor, reportee: string, userName: string, password?: string) => setEnterpriseUserPassword(deps, actor, reportee, userName, password),
    /** Deletes an enterprise user; its logins stop at once. */
    deleteEnterpriseUser: (actor: Actor, reportee: string, userName: string) => deleteEnterpriseUser(deps, actor, reportee, userName),
    /** Adds an SSH public key to one of the reportee's data systems, for SFTP logins (level 2). */
    addDataSystemSshKey: (actor: Actor, reportee: string, systemId: number, publicKeyText: string) => addDataSystemSshKey(deps, actor, reportee, systemId, publicKeyText),
    /** The SSH keys of one of the reportee's data systems. */
    listDataSystemSshKeys: (actor: Actor, reportee: string, systemId: number) => listDataSystemSshKeys(deps, actor, reportee, systemId),
    /** Deletes an SSH key of one of the reportee's data systems (level 2). */
    deleteDataSystemSshKey: (actor: Actor, reportee: string, systemId: number, keyId: string) => deleteDataSystemSshKey(deps, actor, reportee, systemId, keyId),
    /** Adds an SSH public key to one of the organisation's enterprise users, for SFTP logins (level 2). */
    addEnterpriseUserSshKey: (actor: Actor, reportee: string, userName: string, publicKeyText: string) => addEnterpriseUserSshKey(deps, actor, reportee, userName, publicKeyText),
    /** The SSH keys of one of the organisation's enterprise users. */
    listEnterpriseUserSshKeys: (actor: Actor, reportee: string, userName: string) => listEnterpriseUserSshKeys(deps, actor, reportee, userName),
    /** Deletes an SSH key of one of the organisation's enterprise users (level 2). */
    deleteEnterpriseUserSshKey: (actor: Actor, reportee: string, userName: string, keyId: string) => deleteEnterpriseUserSshKey(deps, actor, reportee, userName, keyId),
    /** Adds an SSH public key to an agency system without an access check (world files, operator). */
    uncheckedAddServiceOwnerSystemSshKey: (systemName: string, publicKeyText: string) => uncheckedAddServiceOwnerSystemSshKey(deps, systemName, publicKeyText),
    /** The account an SFTP user name names and the stored key, when the presented key blob is one of its keys; authn builds the actor. */
    uncheckedFindSshKeyHolder: (userName: string, blob: Uint8Array) => uncheckedFindSshKeyHolder(deps, userName, blob),
    /** Whether the password is the enterprise user's (undefined: no such user, answered in the same time); authn keeps the lockouts. */
    uncheckedCheckEnterpriseUserPassword: (partyId: number | undefined, password: string) => uncheckedCheckEnterpriseUserPassword(deps, partyId, password),
    /** Writes a data system without an access check (world files); the password hash is the caller's. */
    uncheckedInsertDataSystem: (input: Parameters<typeof uncheckedInsertDataSystem>[1]) => uncheckedInsertDataSystem(deps, input),
    /** The system when the password is right, else undefined; authn counts failures. */
    uncheckedCheckDataSystemPassword: (systemId: number, password: string) => uncheckedCheckDataSystemPassword(deps, systemId, password),
    /** A data system whose sealed password `isProof` accepts (PasswordDigest); `unsealed` when none is kept. */
    uncheckedCheckDataSystemProof: (systemId: number, isProof: (password: string) => boolean) => uncheckedCheckDataSystemProof(deps, systemId, isProof),
    /** A stamp (SHA-256 of the stored hash) that changes whenever the data system's or agency system's password is set; undefined when the account is gone. */
    uncheckedFindPasswordStamp: (account: PasswordAccount) => uncheckedFindPasswordStamp(deps, account),
    /** The owner of a live data system, or undefined. */
    uncheckedFindDataSystemOwner: (systemId: number) => uncheckedFindDataSystemOwner(deps, systemId),
    /** The operator adds an agency system (service-owner system user with an IP allow-list). */
    uncheckedAddServiceOwnerSystem: (input: Parameters<typeof uncheckedAddServiceOwnerSystem>[1]) => uncheckedAddServiceOwnerSystem(deps, input),
    /** An agency system by name (operator). */
    uncheckedGetServiceOwnerSystem: (name: string) => uncheckedGetServiceOwnerSystem(deps, name),
    /** Every agency system (operator). */
    uncheckedListServiceOwnerSystems: () => uncheckedListServiceOwnerSystems(deps),
    /** Replaces an agency system's password or allow-list (operator). */
    uncheckedUpdateServiceOwnerSystem: (name: string, change: Parameters<typeof uncheckedUpdateServiceOwnerSystem>[2]) => uncheckedUpdateServiceOwnerSystem(deps, name, change),
    /** Issues an API key for an agency system; the key is shown once. */
    uncheckedCreateServiceOwnerApiKey: (name: string, fixedKey?: string) => uncheckedCreateServiceOwnerApiKey(deps, name, fixedKey),
    /** Revokes an agency system's API key by its hint. */
    uncheckedRevokeServiceOwnerApiKey: (name: string, keyHint: string) => uncheckedRevokeServiceOwnerApiKey(deps, name, keyHint),
    /** The agency system when its password is right, else undefined; authn counts failures. */
    uncheckedCheckServiceOwnerPassword: (name: string, password: string) => uncheckedCheckServiceOwnerPassword(deps, name, password),
    /** An agency system whose sealed password `isProof` accepts (PasswordDigest); `unsealed` when none is kept. */
    uncheckedCheckServiceOwnerProof: (name: string, isProof: (password: string) => boolean) => uncheckedCheckServiceOwnerProof(deps, name, isProof),
    /** The agency system of a live API key, or undefined. */
    uncheckedFindServiceOwnerSystemByApiKey: (apiKey: string) => uncheckedFindServiceOwnerSystemByApiKey(deps, apiKey),
  };
}

/** The systems module's API type. */
export type Systems = ReturnType<typeof createSystems>;
