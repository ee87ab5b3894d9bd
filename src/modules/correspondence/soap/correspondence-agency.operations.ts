import type { SoapAuthenticator, SoapOperation } from '../../../platform/soap/index.ts';
import type { CorrespondenceApi } from '../index.ts';

/** CorrespondenceAgencyExternalBasic (`/ServiceEngineExternal/CorrespondenceAgencyExternalBasic.svc`). */
export function correspondenceAgencyOperations(_correspondence: CorrespondenceApi, _auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),
  };
}
