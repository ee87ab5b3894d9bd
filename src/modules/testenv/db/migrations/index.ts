import type { MigrationSet } from '../../../../platform/index.ts';
import { testenvWorldLoad } from './20261123T1830-testenv-world-load.ts';

export const testenvMigrations: MigrationSet = {
  '20261123T1830-testenv-world-load': testenvWorldLoad,
};
