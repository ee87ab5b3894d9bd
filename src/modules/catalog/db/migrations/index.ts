import type { MigrationSet } from '../../../../platform/index.ts';
import { catalogService } from './20261124T0030-catalog-service.ts';

export const catalogMigrations: MigrationSet = {
  '20261124T0030-catalog-service': catalogService,
};
