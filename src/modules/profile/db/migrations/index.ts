import type { MigrationSet } from '../../../../platform/index.ts';
import { profileTables } from './20261123T1820-profile-tables.ts';
import { profilePersonalContact } from './20261124T0500-profile-personal-contact.ts';

export const profileMigrations: MigrationSet = {
  '20261123T1820-profile-tables': profileTables,
  '20261124T0500-profile-personal-contact': profilePersonalContact,
};
