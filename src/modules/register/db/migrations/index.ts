import type { MigrationSet } from '../../../../platform/index.ts';
import { registerParties } from './20261123T1810-register-parties.ts';
import { registerEnterpriseUser } from './20261124T1300-register-enterprise-user.ts';

export const registerMigrations: MigrationSet = {
  '20261123T1810-register-parties': registerParties,
  '20261124T1300-register-enterprise-user': registerEnterpriseUser,
};
