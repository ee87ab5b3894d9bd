import Type from 'typebox';
import type { ErRole, Organization } from '../party.ts';
import { findErRoleType } from '../catalog.ts';

export const AddressSchema = Type.Object(
  {
    street: Type.Optional(Type.String()),
    postalCode: Type.Optional(Type.String()),
    postalCity: Type.Optional(Type.String()),
    country: Type.Optional(Type.String({ description: 'ISO 3166-1 alpha-2' })),
  },
  { additionalProperties: false },
);

const UnitRef = Type.Object({ orgno: Type.String(), name: Type.String(), isDeleted: Type.Boolean() });

export const OrganizationSchema = Type.Object({
  orgno: Type.String({ examples: ['310000001'] }),
  name: Type.String(),
  organizationForm: Type.String({ description: 'Organisation form code (AS, ENK, BEDR, …)' }),
  unitType: Type.Union([Type.Literal('main'), Type.Literal('sub')]),
  parentOrgno: Type.Union([Type.String(), Type.Null()], { description: 'Main unit of a sub-unit' }),
  partyId: Type.Integer(),
  partyUuid: Type.String({ format: 'uuid' }),
  businessAddress: Type.Union([AddressSchema, Type.Null()]),
  postalAddress: Type.Union([AddressSchema, Type.Null()]),
  isDeleted: Type.Boolean(),
  deletedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  serviceOwnerCode: Type.Union([Type.String(), Type.Null()]),
  subUnits: Type.Array(UnitRef),
});

export function organizationDto(organization: Organization, subUnits: Organization[]) {
  return {
    orgno: organization.orgno,
    name: organization.name,
    organizationForm: organization.organizationForm,
    unitType: organization.unitType,
    parentOrgno: organization.parentOrgno,
    partyId: organization.partyId,
    partyUuid: organization.partyUuid,
    businessAddress: organization.businessAddress,
    postalAddress: organization.postalAddress,
    isDeleted: organization.isDeleted,
    deletedAt: organization.deletedAt ? organization.deletedAt.toISOString() : null,
    serviceOwnerCode: organization.serviceOwnerCode,
    subUnits: subUnits.map((s) => ({ orgno: s.orgno, name: s.name, isDeleted: s.isDeleted })),
  };
}

export const ErRoleSchema = Type.Object({
  roleCode: Type.String({ examples: ['DAGL'] }),
  roleName: Type.Object({ nb: Type.String(), nn: Type.String(), en: Type.String() }),
  holder: Type.Union([
    Type.Object({
      type: Type.Literal('person'),
      name: Type.String(),
      birthDate: Type.String({ format: 'date', description: 'Persons are shown by name and birth date, never by national id' }),
    }),
    Type.Object({ type: Type.Literal('organization'), orgno: Type.String(), name: Type.String() }),
  ]),
});

export function erRoleDto(role: ErRole) {
  const type = findErRoleType(role.roleCode);
  return {
    roleCode: role.roleCode,
    roleName: type?.name ?? { nb: role.roleCode, nn: role.roleCode, en: role.roleCode },
    holder:
      role.holder.type === 'person'
        ? { type: 'person' as const, name: role.holder.name, birthDate: role.holder.birthDate }
        : { type: 'organization' as const, orgno: role.holder.orgno, name: role.holder.name },
  };
}
