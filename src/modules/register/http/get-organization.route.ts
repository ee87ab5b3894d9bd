import Type from 'typebox';
import { problemResponses, type HttpApp } from '../../../platform/index.ts';
import type { Register } from '../index.ts';
import { OrganizationSchema, organizationDto } from './schemas.ts';

export function getOrganizationRoute(app: HttpApp, register: Register): void {
  app.get(
    '/api/v1/organizations/:orgno',
    {
      schema: {
        tags: ['register'],
        summary: 'An organisation (main unit or sub-unit) by organisation number',
        description: 'Public unit data from the register, with sub-units. A malformed number gets REG-00006/REG-00007; an unknown one REG-00008.',
        params: Type.Object({ orgno: Type.String({ description: '9-digit organisation number' }) }),
        response: { 200: OrganizationSchema, ...problemResponses(400, 404) },
      },
    },
    async (req) => {
      const { organization, subUnits } = await register.getOrganization(req.params.orgno);
      return organizationDto(organization, subUnits);
    },
  );
}
