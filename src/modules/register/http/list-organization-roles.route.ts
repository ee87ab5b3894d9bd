import Type from 'typebox';
import { problemResponses, type HttpApp } from '../../../platform/index.ts';
import type { Register } from '../index.ts';
import { ErRoleSchema, erRoleDto } from './schemas.ts';

export function listOrganizationRolesRoute(app: HttpApp, register: Register): void {
  app.get(
    '/api/v1/organizations/:orgno/roles',
    {
      schema: {
        tags: ['register'],
        summary: 'The ER roles in an organisation',
        description: 'Who is managing director, board, accountant, auditor … As in the public register, persons appear by name and birth date.',
        params: Type.Object({ orgno: Type.String() }),
        response: { 200: Type.Object({ roles: Type.Array(ErRoleSchema) }), ...problemResponses(400, 404) },
      },
    },
    async (req) => {
      const roles = await register.listOrganizationRoles(req.params.orgno);
      return { roles: roles.map(erRoleDto) };
    },
  );
}
