import type { MigrationSet } from '../../../../platform/index.ts';
import { authnTables } from './20261123T2000-authn-tables.ts';
import { authnAuditToPlatform } from './20261123T2206-authn-audit-to-platform.ts';
import { authnSystemChallenge } from './20261123T2230-authn-system-challenge.ts';
import { authnWsNonce } from './20261124T0930-authn-ws-nonce.ts';
import { authnSessionRevokedIndex } from './20261127T0900-authn-session-revoked-index.ts';

export const authnMigrations: MigrationSet = {
  '20261123T2000-authn-tables': authnTables,
  '20261123T2206-authn-audit-to-platform': authnAuditToPlatform,
  '20261123T2230-authn-system-challenge': authnSystemChallenge,
  '20261124T0930-authn-ws-nonce': authnWsNonce,
  '20261127T0900-authn-session-revoked-index': authnSessionRevokedIndex,
};
