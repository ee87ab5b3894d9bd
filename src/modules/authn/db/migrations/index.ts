import type { MigrationSet } from '../../../../platform/index.ts';
import { authnTables } from './20261123T2000-authn-tables.ts';

export const authnMigrations: MigrationSet = {
  '20261123T2000-authn-tables': authnTables,
};
