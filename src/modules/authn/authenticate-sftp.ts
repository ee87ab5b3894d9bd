import { AppError, type AuthMethod, type EnterpriseUserActor, type ServiceOwnerActor, type SystemActor } from '../../platform/index.ts';
import { audit } from './audit.ts';
import { authenticateServiceOwnerCall, countingFailures } from './authenticate-call.ts';
import { checkDataSystem } from './check-credentials.ts';
import type { AuthnDeps } from './deps.ts';
import { AuthnProblems } from './errors.ts';
import { assertAllowedAddress, serviceOwnerLimits } from './issue-service-owner-token.ts';
import { systemLimits } from './issue-system-token.ts';
import type { RequestContext } from './rate-limits.ts';

/** What the SFTP role learns about a presented SSH key: whose it is, and the stored key to check its signature with. */
export interface SftpKeyAccount {
  actor: SystemActor | EnterpriseUserActor | ServiceOwnerActor;
  /** The stored public key (one OpenSSH line) for verifySshSignature. */
  publicKey: string;
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
function auditedParty(actor: SftpKeyAccount['actor']): number {
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

/** Audits an SFTP session's login (`sftp.login`, success): per session, unlike per-call credentials. */
async function auditSftpLogin(deps: AuthnDeps, actor: SftpKeyAccount['actor'], context: RequestContext): Promise<void> {
  const account =
    actor.kind === 'system' ? { systemId: actor.systemId } : actor.kind === 'enterpriseUser' ? { userName: actor.userName } : { systemName: actor.systemName };
  await audit(deps, deps.db, {
    event: 'sftp.login',
    outcome: 'success',
    partyId: auditedParty(actor),
    detail: { account: ACCOUNT_KINDS[actor.kind], ...account, method: actor.methods[0], ip: context.ip },
  });
}

/**
 * An SFTP login with a password. Digits are a data system's SystemID (its password; the actor as for a
 * data system calling alone); any other name an agency system's (its password, from an allowed address).
 * Enterprise users never log in with a password over SFTP (Altinn II: enterprise user and SSH key), so
 * their names get the answer an unknown name gets (AUTN-00021). Failures count as for every per-call
 * authentication: the system's lockout and the per-minute limits by address and account. A success is
 * audited as `sftp.login` (once per session).
 */
export async function authenticateSftpPassword(deps: AuthnDeps, userName: string, password: string, context: RequestContext): Promise<SystemActor | ServiceOwnerActor> {
  let actor: SystemActor | ServiceOwnerActor;
  if (isDigits(userName)) {
    actor = await countingFailures(deps, systemLimits(deps, userName, context.ip), async () => {
      const systemId = dataSystemIdOf(userName);
      if (systemId === undefined) throw new AppError(AuthnProblems.wrongSystemCredentials);
      const system = await checkDataSystem(deps, systemId, password);
      return dataSystemActor(system.systemId, system.ownerPartyId, 'pwd');
    });
  } else {
    actor = await authenticateServiceOwnerCall(deps, { systemName: userName, password }, context);
  }
  await auditSftpLogin(deps, actor, context);
  return actor;
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
  return countingFailures(deps, limits, async () => {
    const found = userName.length <= 100 ? await deps.systems.uncheckedFindSshKeyHolder(userName, blob) : undefined;
    const notFound = () => new AppError(AuthnProblems.sshKeyNotFound);
    if (!found) throw notFound();
    switch (found.kind) {
      case 'dataSystem': {
        const owner = await deps.systems.uncheckedFindDataSystemOwner(found.systemId);
        if (!owner) throw notFound();
        return { actor: dataSystemActor(found.systemId, owner.ownerPartyId, 'sshkey'), publicKey: found.publicKey };
      }
      case 'enterpriseUser': {
        const user = await deps.register.uncheckedFindEnterpriseUserByPartyId(found.partyId);
        if (!user || user.isDeleted) throw notFound();
        const actor: EnterpriseUserActor = { kind: 'enterpriseUser', partyId: user.partyId, userName: user.userName, organizationPartyId: user.organization.partyId, securityLevel: 3, methods: ['sshkey'] };
        return { actor, publicKey: found.publicKey };
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
        return { actor, publicKey: found.publicKey };
      }
    }
  });
}

/** Audits an SFTP login with an SSH key (`sftp.login`), once the SSH layer has verified the key's signature. */
export async function recordSftpKeyLogin(deps: AuthnDeps, actor: SftpKeyAccount['actor'], context: RequestContext): Promise<void> {
  await auditSftpLogin(deps, actor, context);
}
