import type { MigrationSet } from '../../../../platform/index.ts';
import { submissionsSchema } from './20261124T0100-submissions.ts';

export const submissionsMigrations: MigrationSet = {
  '20261124T0100-submissions': submissionsSchema,
};
