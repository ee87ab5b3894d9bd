import { requirePerson, type Actor } from '../../platform/index.ts';
import { listMainAdministrators } from './administration.ts';
import { partyRef, type PartyRef } from './delegation.ts';
import type { AuthzDeps } from './deps.ts';
import { holds, listHeldRoles, type RoleSource } from './held-roles.ts';
import { resolveReportee, type Reportee } from './reportee.ts';
import { findAltinnRole, type Names } from './role-catalog.ts';

/** "Skjema og tjenester du har rettighet til": the actor's roles for a reportee, and why each is held. */
export interface MyRights {
  reportee: Pick<Reportee, 'partyId' | 'type' | 'orgno' | 'name' | 'isDeleted'>;
  isSelf: boolean;
  isMainAdministrator: boolean;
  isAccessManager: boolean;
  isClientAdministrator: boolean;
  /** The reportee's main administrators by name: whom to ask for access (seed 004: "for eksempel daglig leder"). */
  administrators: PartyRef[];
  roles: {
    code: string;
    name: Names;
    source: RoleSource;
    erRole: string | null;
    inheritedFromMainUnit: boolean;
    via: PartyRef | null;
    /** Who gave the delegation behind a delegated or client role. */
    delegatedBy: PartyRef | null;
    validTo: Date | null;
  }[];
  /** Single rights (operations on one service edition) delegated to the person or an organisation they are a key role holder of. */
  rights: {
    serviceCode: string;
    serviceEditionCode: number;
    operations: string[];
    inheritedFromMainUnit: boolean;
    via: PartyRef | null;
    delegatedBy: PartyRef;
    validTo: Date | null;
  }[];
}

/** The logged-in person's roles and single rights for a reportee (empty lists where they hold none). */
export async function getMyRights(deps: AuthzDeps, actor: Actor, reporteeRef: string): Promise<MyRights> {
  const person = requirePerson(actor);
  const reportee = await resolveReportee(deps, actor, reporteeRef);
  const h = await listHeldRoles(deps, person.partyId, reportee);
  const roles = [];
  for (const r of h.roles) {
    roles.push({
      code: r.code,
      name: findAltinnRole(r.code)!.name,
      source: r.source,
      erRole: r.erRole ?? null,
      inheritedFromMainUnit: r.inheritedFromMainUnit,
      via: r.viaPartyId !== undefined ? await partyRef(deps, r.viaPartyId) : null,
      delegatedBy: r.delegatedByPartyId !== undefined ? await partyRef(deps, r.delegatedByPartyId) : null,
      validTo: r.validTo ?? null,
    });
  }
  const rights = [];
  for (const r of h.rights) {
    rights.push({
      serviceCode: r.serviceCode,
      serviceEditionCode: r.serviceEditionCode,
      operations: r.operations,
      inheritedFromMainUnit: r.inheritedFromMainUnit,
      via: r.viaPartyId !== undefined ? await partyRef(deps, r.viaPartyId) : null,
      delegatedBy: await partyRef(deps, r.delegatedByPartyId),
      validTo: r.validTo,
    });
  }
  return {
    reportee: { partyId: reportee.partyId, type: reportee.type, orgno: reportee.orgno, name: reportee.name, isDeleted: reportee.isDeleted },
    isSelf: h.isSelf,
    isMainAdministrator: h.isSelf || holds(h, 'HADM'),
    isAccessManager: h.isSelf || holds(h, 'HADM') || holds(h, 'ADMAI'),
    isClientAdministrator: holds(h, 'KLADM'),
    administrators: await listMainAdministrators(deps, reportee),
    roles,
    rights,
  };
}
