import type { SoapAuthenticator, SoapOperation } from '../../../platform/soap/index.ts';
import type { Submissions } from '../index.ts';

/** PreFillBasic (`/ServiceEngineExternal/PreFillBasic.svc`). */
export function prefillOperations(_submissions: Submissions, _auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),
  };
}
