import type { MigrationSet } from '../../../../platform/index.ts';
import { profileTables } from './20261123T1820-profile-tables.ts';

export const profileMigrations: MigrationSet = {
  '20261123T1820-profile-tables': profileTables,
};
