import type { MigrationSet } from '../../../../platform/index.ts';
import { authzDelegation } from './20261123T2300-authz-delegation.ts';

export const authzMigrations: MigrationSet = {
  '20261123T2300-authz-delegation': authzDelegation,
};
