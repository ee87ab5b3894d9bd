import type { HttpApp } from '../../../platform/index.ts';
import type { Register } from '../index.ts';
import { getOrganizationRoute } from './get-organization.route.ts';
import { listOrganizationRolesRoute } from './list-organization-roles.route.ts';

/** REST routes of the register module. */
export function registerRegisterRoutes(app: HttpApp, register: Register): void {
  getOrganizationRoute(app, register);
  listOrganizationRolesRoute(app, register);
}
