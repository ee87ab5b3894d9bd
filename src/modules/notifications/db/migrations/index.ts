import type { MigrationSet } from '../../../../platform/index.ts';
import { notificationsSchema } from './20261124T0600-notifications.ts';

export const notificationsMigrations: MigrationSet = {
  '20261124T0600-notifications': notificationsSchema,
};
