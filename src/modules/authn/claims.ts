import type { Actor, AuthMethod, SecurityLevel } from '../../platform/index.ts';
import type { AccessClaims } from './jwt.ts';

type ActorClaims = Pick<AccessClaims, 'sub' | 'act' | 'pid' | 'lvl' | 'amr' | 'sid' | 'sys' | 'own' | 'soc' | 'org' | 'sna' | 'eun'>;

/** The claims that say who an access token is for. */
export function claimsFor(actor: Actor): ActorClaims {
  switch (actor.kind) {
    case 'person':
      return { sub: `party:${actor.partyId}`, pid: actor.partyId, lvl: actor.securityLevel, amr: actor.methods, ...(actor.sessionId ? { sid: actor.sessionId } : {}) };
    case 'system':
      return {
        sub: actor.systemId !== null ? `system:${actor.systemId}` : `party:${actor.ownerPartyId}`,
        act: 'system',
        sys: actor.systemId,
        own: actor.ownerPartyId,
        ...(actor.user ? { pid: actor.user.partyId } : {}),
        lvl: actor.securityLevel,
        amr: actor.methods,
      };
    case 'serviceOwner':
      return { sub: `serviceowner:${actor.systemName}`, act: 'serviceOwner', own: actor.partyId, soc: actor.serviceOwnerCode, org: actor.orgno, sna: actor.systemName, lvl: 0, amr: actor.methods };
    case 'enterpriseUser':
      return { sub: `party:${actor.partyId}`, act: 'enterpriseUser', pid: actor.partyId, own: actor.organizationPartyId, eun: actor.userName, lvl: actor.securityLevel, amr: actor.methods };
  }
}

/** The actor a verified token speaks for. */
export function actorFrom(c: AccessClaims): Actor {
  const methods = c.amr as AuthMethod[];
  switch (c.act ?? 'person') {
    case 'system':
      return { kind: 'system', systemId: c.sys ?? null, ownerPartyId: c.own!, user: c.pid !== undefined ? { partyId: c.pid } : null, securityLevel: c.lvl as SecurityLevel, methods };
    case 'serviceOwner':
      return { kind: 'serviceOwner', serviceOwnerCode: c.soc!, orgno: c.org!, partyId: c.own!, systemName: c.sna!, methods };
    case 'enterpriseUser':
      return { kind: 'enterpriseUser', partyId: c.pid!, userName: c.eun!, organizationPartyId: c.own!, securityLevel: c.lvl as SecurityLevel, methods };
    default:
      return { kind: 'person', partyId: c.pid!, securityLevel: c.lvl as SecurityLevel, methods, sessionId: c.sid ?? null };
  }
}
