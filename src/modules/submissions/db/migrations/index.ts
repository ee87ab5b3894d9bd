import type { MigrationSet } from '../../../../platform/index.ts';
import { submissionsSchema } from './20261124T0100-submissions.ts';
import { submissionsReporteeService } from './20261124T0200-submissions-reportee-service.ts';
import { submissionsTrash } from './20261124T0300-submissions-trash.ts';
import { submissionsReceiptHistory } from './20261124T0400-submissions-receipt-history.ts';
import { submissionsSharedElementId } from './20261124T0701-submissions-shared-element-id.ts';
import { submissionsBatchDelivery } from './20261126T0900-submissions-batch-delivery.ts';

export const submissionsMigrations: MigrationSet = {
  '20261124T0100-submissions': submissionsSchema,
  '20261124T0200-submissions-reportee-service': submissionsReporteeService,
  '20261124T0300-submissions-trash': submissionsTrash,
  '20261124T0400-submissions-receipt-history': submissionsReceiptHistory,
  '20261124T0701-submissions-shared-element-id': submissionsSharedElementId,
  '20261126T0900-submissions-batch-delivery': submissionsBatchDelivery,
};
