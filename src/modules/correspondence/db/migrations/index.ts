import type { MigrationSet } from '../../../../platform/index.ts';
import { correspondenceSchema } from './20261124T0702-correspondence.ts';

export const correspondenceMigrations: MigrationSet = {
  '20261124T0702-correspondence': correspondenceSchema,
};
