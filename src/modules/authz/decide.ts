import { recordAudit, type Actor, type SecurityLevel } from '../../platform/index.ts';
import { selectExpiredDelegationsTo } from './db/delegation-store.ts';
import { selectSrrRights } from './db/policy-store.ts';
import { partyRef, type PartyRef } from './delegation.ts';
import type { AuthzDeps } from './deps.ts';
import { listMainAdministrators } from './administration.ts';
import { listHeldRoles, uncheckedHolderFacts, type Holdings } from './held-roles.ts';
import { getServicePolicy, type Operation, type ServicePolicy } from './policy.ts';
import type { Reportee } from './reportee.ts';

/** Why a decision said no, in the terms of seed 004. */
export type DenyReasonCode =
  | 'reporteeDeleted'
  | 'securityLevelTooLow'
  | 'userLacksRight'
  | 'roleExpired'
  | 'systemOwnerLacksRight'
  | 'userRequired'
  | 'srrMissing'
  | 'notServiceOwner';

export interface DenyReason {
  code: DenyReasonCode;
  message: string;
  /** Who can fix it: the reportee's main administrators by name, or the service owner. */
  fixedBy: PartyRef[];
  /** roleExpired: the role that ran out, and when (ISO 8601). */
  role?: string;
  validTo?: string;
}

export interface Decision {
  decision: 'Permit' | 'Deny';
  /** Every failing check, not just the first. Empty on Permit. */
  reasons: DenyReason[];
  /** On Permit: the roles that granted it (`self` when the actor is the reportee). */
  grantedBy: string[];
}

export interface DecisionRequest {
  reportee: Reportee;
  serviceCode: string;
  serviceEditionCode: number;
  operation: Operation;
  /** False when the question only filters what to show (a message box), not an attempt to act: no audit event. */
  auditDenial?: boolean;
}

/** The roles in `h` that grant `operation` under `policy` (or 'single right'); ['self'] when the holder is the reportee. */
export function grantingRoles(h: Holdings, policy: ServicePolicy, operation: Operation): string[] {
  if (h.isSelf) return operation === 'ServiceOwnerArchiveRead' ? [] : ['self'];
  const required = new Set(policy.roleRequirements[operation] ?? []);
  // A main administrator may delegate every service of the reportee (Altinn II: HADM delegates everything).
  if (operation === 'Delegate') required.add('HADM');
  const byRole = h.roles.filter((r) => required.has(r.code)).map((r) => r.code);
  const byRight = h.rights.some((r) => r.serviceCode === policy.serviceCode && r.serviceEditionCode === policy.serviceEditionCode && r.operations.includes(operation)) ? ['single right'] : [];
  return [...new Set([...byRole, ...byRight])];
}

/** A role that would have granted the operation but whose delegation ran out. */
async function expiredRole(deps: AuthzDeps, holderPartyId: number, reportee: Reportee, policy: ServicePolicy, operation: Operation): Promise<{ code: string; validTo: Date } | undefined> {
  const { keyOrganizations: keyOrgs } = await uncheckedHolderFacts(deps, holderPartyId);
  const units = [reportee.partyId, ...(reportee.mainUnitPartyId !== null ? [reportee.mainUnitPartyId] : [])];
  const required = new Set(policy.roleRequirements[operation] ?? []);
  const expired = (await selectExpiredDelegationsTo(deps.db, [holderPartyId, ...keyOrgs], units, deps.clock.now())).find((d) => required.has(d.role_code));
  return expired ? { code: expired.role_code, validTo: expired.valid_to! } : undefined;
}

/**
 * Decides whether the actor may perform `operation` on a service for a reportee, checking what seed 004
 * lists: the reportee exists; the security level is high enough; a person holds a role that grants the
 * operation; a data system's owner holds it for the reportee (a firm's system acts for a client only where
 * the firm holds the right), and so does the user who came with it (a system alone may only submit, Write);
 * the SRR allows the reportee where the service uses it; a service owner asks about its own services. Every
 * failing check is a reason with who can fix it; a denial is audited.
 */
export async function decide(deps: AuthzDeps, actor: Actor, request: DecisionRequest): Promise<Decision> {
  const { reportee, operation } = request;
  const policy = await getServicePolicy(deps, request.serviceCode, request.serviceEditionCode);
  const reasons: DenyReason[] = [];
  let grantedBy: string[] = [];
  let fixers: PartyRef[] | undefined;
  const admins = async () => (fixers ??= await listMainAdministrators(deps, reportee));

  if (reportee.isDeleted) reasons.push({ code: 'reporteeDeleted', message: `${reportee.name} is deleted in the Central Coordinating Register`, fixedBy: [] });

  const checkHolder = async (holderPartyId: number, lacking: 'userLacksRight' | 'systemOwnerLacksRight') => {
    const h = await listHeldRoles(deps, holderPartyId, reportee);
    const roles = grantingRoles(h, policy, operation);
    if (roles.length > 0) return roles;
    const holder = await partyRef(deps, holderPartyId);
    const expired = lacking === 'userLacksRight' ? await expiredRole(deps, holderPartyId, reportee, policy, operation) : undefined;
    const needed = (policy.roleRequirements[operation] ?? []).join(', ') || 'none defined';
    if (expired) {
      reasons.push({
        code: 'roleExpired',
        message: `${holder.name}'s ${expired.code} for ${reportee.name} ran out ${expired.validTo.toISOString()}`,
        fixedBy: await admins(),
        role: expired.code,
        validTo: expired.validTo.toISOString(),
      });
    } else if (lacking === 'userLacksRight') {
      reasons.push({ code: 'userLacksRight', message: `${holder.name} has no role that gives ${operation} on ${policy.name.en} for ${reportee.name} (any of: ${needed})`, fixedBy: await admins() });
    } else {
      reasons.push({
        code: 'systemOwnerLacksRight',
        message: `The data system's owner ${holder.name} has no role that gives ${operation} on ${policy.name.en} for ${reportee.name} (any of: ${needed}); it must be delegated to ${holder.name}`,
        fixedBy: await admins(),
      });
    }
    return [];
  };

  if (actor.kind === 'serviceOwner') {
    if (actor.serviceOwnerCode !== policy.serviceOwnerCode || !['ServiceOwnerArchiveRead', 'Read', 'Access'].includes(operation)) {
      reasons.push({ code: 'notServiceOwner', message: `${actor.systemName} may read ${actor.serviceOwnerCode}'s own services only`, fixedBy: [] });
    } else {
      grantedBy = ['serviceOwner'];
    }
  } else {
    // Altinn II: a data system's own login counts as level 2; a user who came along with only a password
    // brings it down to what that user proved.
    const level: SecurityLevel = actor.kind === 'system' && actor.user === null ? 2 : actor.securityLevel;
    if (level < policy.minimumSecurityLevel) {
      reasons.push({
        code: 'securityLevelTooLow',
        message: `${policy.name.en} needs security level ${policy.minimumSecurityLevel}; this login has ${level}${actor.kind === 'system' ? ' (a data system with a one-time code reaches 2; higher levels need the portal)' : ''}`,
        fixedBy: [],
      });
    }
    if (actor.kind === 'person' || actor.kind === 'enterpriseUser') {
      grantedBy = await checkHolder(actor.partyId, 'userLacksRight');
    } else {
      const owner = await checkHolder(actor.ownerPartyId, 'systemOwnerLacksRight');
      if (actor.user) {
        const user = actor.user.partyId === actor.ownerPartyId ? owner : await checkHolder(actor.user.partyId, 'userLacksRight');
        grantedBy = owner.length > 0 && user.length > 0 ? [...new Set([...owner, ...user])] : [];
      } else if (operation !== 'Write') {
        reasons.push({ code: 'userRequired', message: `${operation} through a data system needs the user's password and one-time code; the system alone may only submit`, fixedBy: [] });
      } else {
        grantedBy = owner;
      }
    }
    if (policy.srrEnabled && (operation === 'Read' || operation === 'Write')) {
      const now = deps.clock.now();
      const rules = await selectSrrRights(deps.db, policy.serviceCode, policy.serviceEditionCode, reportee.partyId);
      if (!rules.some((r) => r.operation === operation && (r.valid_to === null || r.valid_to > now))) {
        const owner = await deps.register.getServiceOwner(policy.serviceOwnerCode).catch(() => undefined);
        reasons.push({
          code: 'srrMissing',
          message: `${policy.serviceOwnerCode} has not allowed ${reportee.name} ${operation} on ${policy.name.en} in its rights register (SRR)`,
          fixedBy: owner ? [{ type: 'organization', partyId: owner.partyId, orgno: owner.orgno, name: owner.name }] : [],
        });
      }
    }
  }

  if (reasons.length > 0) {
    if (request.auditDenial !== false) await recordAudit(deps.db, deps.clock, {
      event: 'authz.deny',
      outcome: 'failure',
      partyId: reportee.partyId,
      detail: { actor: describeActor(actor), service: `${policy.serviceCode}/${policy.serviceEditionCode}`, operation, reasons: reasons.map((r) => r.code) },
    });
    return { decision: 'Deny', reasons, grantedBy: [] };
  }
  return { decision: 'Permit', reasons: [], grantedBy };
}

function describeActor(actor: Actor): Record<string, unknown> {
  if (actor.kind === 'person') return { kind: 'person', partyId: actor.partyId, level: actor.securityLevel };
  if (actor.kind === 'system') return { kind: 'system', systemId: actor.systemId, ownerPartyId: actor.ownerPartyId, userPartyId: actor.user?.partyId ?? null, level: actor.securityLevel };
  if (actor.kind === 'enterpriseUser') return { kind: 'enterpriseUser', partyId: actor.partyId, organizationPartyId: actor.organizationPartyId, level: actor.securityLevel };
  return { kind: 'serviceOwner', code: actor.serviceOwnerCode, systemName: actor.systemName };
}
