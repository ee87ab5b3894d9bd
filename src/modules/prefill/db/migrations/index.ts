import type { MigrationSet } from '../../../../platform/index.ts';
import { prefillSchema } from './20261124T0703-prefill.ts';

export const prefillMigrations: MigrationSet = {
  '20261124T0703-prefill': prefillSchema,
};
