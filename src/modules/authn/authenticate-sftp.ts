import { AppError, isAddressAllowed, isAppError, type AuthMethod, type EnterpriseUserActor, type ServiceOwnerActor, type SystemActor } from '../../platform/index.ts';
import { SystemsProblems, type PasswordAccount, type SshKeyHolder } from '../systems/index.ts';
import { audit } from './audit.ts';
import { authenticateServiceOwnerCall, countingFailures } from './authenticate-call.ts';
import { checkDataSystem } from './check-credentials.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import { assertAllowedAddress, serviceOwnerLimits } from './issue-service-owner-token.ts';
import { systemLimits } from './issue-system-token.ts';
import type { RequestContext } from './rate-limits.ts';

/** Who an SFTP session acts as: a data system alone, an enterprise user or an agency system. */
export type SftpActor = SystemActor | EnterpriseUserActor | ServiceOwnerActor;

/**
 * What an SFTP session logged in with, kept for the session's life so `confirmSftpLogin` can tell whether it
 * still holds: the account's user name and the key blob, or a stamp of the stored password (never the
 * password), and the client's address (agency systems' allow-lists).
 */
export type SftpLogin = { actor: SftpActor; userName: string; ip: string } & (
  | { method: 'sshkey'; /** The key the client logged in with (SSH wire format). */ blob: Uint8Array }
  | { method: 'pwd'; /** systems' `uncheckedFindPasswordStamp` as it was before the password was checked. */ passwordStamp: string }
);

/** What the SFTP role learns about a presented SSH key: whose it is, and the stored key to check its signature with. */
export interface SftpKeyAccount {
  actor: SftpActor;
  /** The stored public key (one OpenSSH line) for verifySshSignature. */
  publicKey: string;
  /** The session's login, once the signature is verified and recordSftpKeyLogin called. */
  login: SftpLogin;
}

/** A SystemID as an SFTP user name: digits only, and an id PostgreSQL's integer can hold (larger names no system). */
function dataSystemIdOf(userName: string): number | undefined {
  if (!/^\d{1,10}$/.test(userName)) return undefined;
  const id = Number(userName);
  return id <= 2 ** 31 - 1 ? id : undefined;
}
const isDigits = (userName: string) => /^\d+$/.test(userName);

/** A data system acting alone, as checkSystemCredentials makes it when no user fields come along. */
function dataSystemActor(systemId: number, ownerPartyId: number, method: AuthMethod): SystemActor {
  return { kind: 'system', systemId, ownerPartyId, user: null, securityLevel: 0, methods: [method] };
}

/** The party an SFTP login is audited on: the data system's owner, the enterprise user's organisation, the service owner. */
function auditedParty(actor: SftpActor): number {
  switch (actor.kind) {
    case 'system':
      return actor.ownerPartyId;
    case 'enterpriseUser':
      return actor.organizationPartyId;
    case 'serviceOwner':
      return actor.partyId;
  }
}

const ACCOUNT_KINDS = { system: 'dataSystem', enterpriseUser: 'enterpriseUser', serviceOwner: 'serviceOwnerSystem' } as const;

/** The account an SFTP session's audit records name: its kind and its id. */
function auditedAccount(actor: SftpActor): Record<string, unknown> {
  const id = actor.kind === 'system' ? { systemId: actor.systemId } : actor.kind === 'enterpriseUser' ? { userName: actor.userName } : { systemName: actor.systemName };
  return { account: ACCOUNT_KINDS[actor.kind], ...id };
}

/** Audits an SFTP session's login (`sftp.login`, success): per session, unlike per-call credentials. */
async function auditSftpLogin(deps: AuthnDeps, actor: SftpActor, context: RequestContext): Promise<void> {
  await audit(deps, deps.db, { event: 'sftp.login', outcome: 'success', partyId: auditedParty(actor), detail: { ...auditedAccount(actor), method: actor.methods[0], ip: context.ip } });
}

/**
 * An SFTP login with a password. Digits are a data system's SystemID (its password; the actor as for a
 * data system calling alone); any other name an agency system's (its password, from an allowed address).
 * Enterprise users never log in with a password over SFTP (Altinn II: enterprise user and SSH key), so
 * their names get the answer an unknown name gets (AUTN-00021). Failures count as for every per-call
 * authentication: the system's lockout and the per-minute limits by address and account. A success is
 * audited as `sftp.login` (once per session) and answered as the session's login, for confirmSftpLogin.
 */
export async function authenticateSftpPassword(deps: AuthnDeps, userName: string, password: string, context: RequestContext): Promise<SftpLogin> {
  // The stamp is read before the password is checked: a password set in between then ends the session at its
  // first confirmSftpLogin instead of going unnoticed.
  let actor: SystemActor | ServiceOwnerActor;
  let stamp: string | undefined;
  if (isDigits(userName)) {
    actor = await countingFailures(deps, systemLimits(deps, userName, context.ip), async () => {
      const systemId = dataSystemIdOf(userName);
      if (systemId === undefined) throw new AppError(AuthnProblems.wrongSystemCredentials);
      stamp = await deps.systems.uncheckedFindPasswordStamp({ kind: 'dataSystem', systemId });
      const system = await checkDataSystem(deps, systemId, password);
      return dataSystemActor(system.systemId, system.ownerPartyId, 'pwd');
    });
  } else {
    stamp = await deps.systems.uncheckedFindPasswordStamp({ kind: 'serviceOwnerSystem', systemName: userName });
    actor = await authenticateServiceOwnerCall(deps, { systemName: userName, password }, context);
  }
  // Only when the account was made between the two reads: the same answer as an unknown account.
  if (stamp === undefined) throw new AppError(actor.kind === 'system' ? AuthnProblems.wrongSystemCredentials : AuthnProblems.wrongServiceOwnerCredentials);
  await auditSftpLogin(deps, actor, context);
  return { actor, userName, ip: context.ip, method: 'pwd', passwordStamp: stamp };
}

/**
 * Whose SSH key the presented one (`blob`, SSH wire format) is, for the account `userName` names (systems'
 * rule: digits a SystemID, else an agency system's exact name, else an enterprise user), with the actor that
 * logs in with it: a data system alone, an enterprise user at level 3 (as with its enterprise certificate),
 * or an agency system (from an allowed address only, AUTN-00020). An unknown account and an unknown key get
 * the same answer (AUTN-00035). The signature is NOT checked here: the SSH layer first asks whether a key
 * would do, without one, and then verifies it with `verifySshSignature` and the stored key; it calls
 * recordSftpKeyLogin once it has. Misses count against the per-minute limits, not against lockouts (a
 * client offers each key it has in turn; a public key is no secret to guess) and are not audited.
 */
export async function authenticateSftpKey(deps: AuthnDeps, userName: string, blob: Uint8Array, context: RequestContext): Promise<SftpKeyAccount> {
  const limits = isDigits(userName) ? systemLimits(deps, userName, context.ip) : serviceOwnerLimits(deps, userName, context.ip);
  const login = (actor: SftpActor): SftpLogin => ({ actor, userName, ip: context.ip, method: 'sshkey', blob: Uint8Array.from(blob) });
  return countingFailures(deps, limits, async () => {
    const found = userName.length <= 100 ? await deps.systems.uncheckedFindSshKeyHolder(userName, blob) : undefined;
    const notFound = () => new AppError(AuthnProblems.sshKeyNotFound);
    if (!found) throw notFound();
    switch (found.kind) {
      case 'dataSystem': {
        const owner = await deps.systems.uncheckedFindDataSystemOwner(found.systemId);
        if (!owner) throw notFound();
        const actor = dataSystemActor(found.systemId, owner.ownerPartyId, 'sshkey');
        return { actor, publicKey: found.publicKey, login: login(actor) };
      }
      case 'enterpriseUser': {
        const user = await deps.register.uncheckedFindEnterpriseUserByPartyId(found.partyId);
        if (!user || user.isDeleted) throw notFound();
        const actor: EnterpriseUserActor = { kind: 'enterpriseUser', partyId: user.partyId, userName: user.userName, organizationPartyId: user.organization.partyId, securityLevel: 3, methods: ['sshkey'] };
        return { actor, publicKey: found.publicKey, login: login(actor) };
      }
      case 'serviceOwnerSystem': {
        const system = await deps.systems.uncheckedGetServiceOwnerSystem(found.systemName);
        await assertAllowedAddress(deps, { systemName: system.systemName, partyId: system.serviceOwner.partyId, allowedCidrs: system.allowedCidrs }, context.ip);
        const actor: ServiceOwnerActor = {
          kind: 'serviceOwner',
          serviceOwnerCode: system.serviceOwner.code,
          orgno: system.serviceOwner.orgno,
          partyId: system.serviceOwner.partyId,
          systemName: system.systemName,
          methods: ['sshkey'],
        };
        return { actor, publicKey: found.publicKey, login: login(actor) };
      }
    }
  });
}

/** Audits an SFTP login with an SSH key (`sftp.login`), once the SSH layer has verified the key's signature. */
export async function recordSftpKeyLogin(deps: AuthnDeps, actor: SftpActor, context: RequestContext): Promise<void> {
  await auditSftpLogin(deps, actor, context);
}

/** The account of an SFTP password login, as systems names it. */
function passwordAccountOf(actor: SftpActor): PasswordAccount | undefined {
  if (actor.kind === 'system') return actor.systemId === null ? undefined : { kind: 'dataSystem', systemId: actor.systemId };
  if (actor.kind === 'serviceOwner') return { kind: 'serviceOwnerSystem', systemName: actor.systemName };
  return undefined;
}

/** Whether the key systems found for the login's user name belongs to the account the session acts as. */
function isKeyOf(found: SshKeyHolder, actor: SftpActor): boolean {
  switch (actor.kind) {
    case 'system':
      return found.kind === 'dataSystem' && found.systemId === actor.systemId;
    case 'enterpriseUser':
      return found.kind === 'enterpriseUser' && found.partyId === actor.partyId;
    case 'serviceOwner':
      return found.kind === 'serviceOwnerSystem' && found.systemName === actor.systemName;
  }
}

/** The agency system of a session, or undefined when it is gone or now belongs to another service owner. */
async function findAgencySystem(deps: AuthnDeps, actor: ServiceOwnerActor) {
  const system = await deps.systems.uncheckedGetServiceOwnerSystem(actor.systemName).catch((err: unknown) => {
    if (isAppError(err, SystemsProblems.serviceOwnerSystemNotFound)) return undefined;
    throw err;
  });
  return system && system.serviceOwner.partyId === actor.partyId ? system : undefined;
}

/** Whether the session's account is still there (only asked once its key or password no longer matches). */
async function isAccountLive(deps: AuthnDeps, actor: SftpActor): Promise<boolean> {
  switch (actor.kind) {
    case 'system':
      return actor.systemId !== null && (await deps.systems.uncheckedFindDataSystemOwner(actor.systemId))?.ownerPartyId === actor.ownerPartyId;
    case 'enterpriseUser': {
      const user = await deps.register.uncheckedFindEnterpriseUserByPartyId(actor.partyId);
      return !!user && !user.isDeleted;
    }
    case 'serviceOwner':
      return (await findAgencySystem(deps, actor)) !== undefined;
  }
}

/** Why the login no longer holds, for the audit record; undefined while it does. */
async function revocationOf(deps: AuthnDeps, login: SftpLogin): Promise<string | undefined> {
  const { actor } = login;
  if (login.method === 'sshkey') {
    // The same lookup as the login: the user name still names the account, and the key is still one of its keys.
    const found = await deps.systems.uncheckedFindSshKeyHolder(login.userName, login.blob);
    if (!found || !isKeyOf(found, actor)) return (await isAccountLive(deps, actor)) ? 'ssh key removed' : 'account deleted';
  } else {
    const account = passwordAccountOf(actor);
    const stamp = account && (await deps.systems.uncheckedFindPasswordStamp(account));
    if (stamp === undefined) return 'account deleted';
    if (stamp !== login.passwordStamp) return 'password changed';
  }
  // Data systems and enterprise users: the lookups above read only live accounts. Agency systems: the
  // allow-list, which the operator may have changed, as at login.
  if (actor.kind === 'serviceOwner') {
    const system = await findAgencySystem(deps, actor);
    if (!system) return 'account deleted';
    if (!isAddressAllowed(login.ip, system.allowedCidrs)) return 'address not allowed';
  }
  return undefined;
}

/**
 * Whether an SFTP session's login still holds, read from the database (so a change made by any process
 * counts): for a key login, that the user name still names the same live account and the key is still one
 * of its keys; for a password login, that the account is still there and its password has not been set since
 * (the stamp taken at login; no password is kept or checked again); for an agency system, also that the
 * client's address is still on its allow-list. Returns nothing while it holds. When it no longer does, the
 * session's end is audited as `sftp.logout` with the reason (key removed, account deleted, password changed,
 * address not allowed) and AUTN-00036 is thrown; the SFTP role then ends the connection, so this happens once
 * per session. Not counted against any limit: the session proved its credentials at login.
 */
export async function confirmSftpLogin(deps: AuthnDeps, login: SftpLogin): Promise<void> {
  const reason = await revocationOf(deps, login);
  if (reason === undefined) return;
  await audit(deps, deps.db, { event: 'sftp.logout', outcome: 'success', partyId: auditedParty(login.actor), detail: { ...auditedAccount(login.actor), method: login.method, ip: login.ip, reason } });
  throw new AppError(AuthnProblems.sftpLoginRevoked);
}
