import type { MigrationSet } from '../../../../platform/index.ts';
import { authzDelegation } from './20261123T2300-authz-delegation.ts';
import { authzServicePolicy } from './20261123T2310-authz-service-policy.ts';
import { authzRightDelegation } from './20261123T2320-authz-right-delegation.ts';

export const authzMigrations: MigrationSet = {
  '20261123T2300-authz-delegation': authzDelegation,
  '20261123T2310-authz-service-policy': authzServicePolicy,
  '20261123T2320-authz-right-delegation': authzRightDelegation,
};
