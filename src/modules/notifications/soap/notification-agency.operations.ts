import type { SoapAuthenticator, SoapOperation } from '../../../platform/soap/index.ts';
import type { Notifications } from '../index.ts';

/** NotificationAgencyExternalBasic (`/ServiceEngineExternal/NotificationAgencyExternalBasic.svc`). */
export function notificationAgencyOperations(_notifications: Notifications, _auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),
  };
}
