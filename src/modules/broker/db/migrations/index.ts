import type { MigrationSet } from '../../../../platform/index.ts';
import { brokerSchema } from './20261125T0900-broker.ts';

export const brokerMigrations: MigrationSet = {
  '20261125T0900-broker': brokerSchema,
};
