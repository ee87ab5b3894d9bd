import type { MigrationSet } from '../../../../platform/index.ts';
import { brokerSchema } from './20261125T0900-broker.ts';
import { brokerShipmentReceipt } from './20261125T0910-broker-shipment-receipt.ts';

export const brokerMigrations: MigrationSet = {
  '20261125T0900-broker': brokerSchema,
  '20261125T0910-broker-shipment-receipt': brokerShipmentReceipt,
};
