import type { MigrationSet } from '../../../../platform/index.ts';
import { systemsSystemType } from './20261123T2040-systems-system-type.ts';
import { systemsDataSystem } from './20261123T2210-systems-data-system.ts';
import { systemsServiceOwnerSystem } from './20261123T2240-systems-service-owner-system.ts';
import { systemsSealedPasswords } from './20261124T1000-systems-sealed-passwords.ts';
import { systemsEnterpriseUser } from './20261124T1310-systems-enterprise-user.ts';
import { systemsSshKey } from './20261125T1000-systems-ssh-key.ts';

export const systemsMigrations: MigrationSet = {
  '20261123T2040-systems-system-type': systemsSystemType,
  '20261123T2210-systems-data-system': systemsDataSystem,
  '20261123T2240-systems-service-owner-system': systemsServiceOwnerSystem,
  '20261124T1000-systems-sealed-passwords': systemsSealedPasswords,
  '20261124T1310-systems-enterprise-user': systemsEnterpriseUser,
  '20261125T1000-systems-ssh-key': systemsSshKey,
};
