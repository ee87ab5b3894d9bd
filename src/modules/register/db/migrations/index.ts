import type { MigrationSet } from '../../../../platform/index.ts';
import { registerParties } from './20261123T1810-register-parties.ts';

export const registerMigrations: MigrationSet = {
  '20261123T1810-register-parties': registerParties,
};
