import type { SoapAuthenticator, SoapEndpoint } from '../../../platform/soap/index.ts';
import { correspondenceExternalOperations } from '../../../modules/correspondence/index.ts';
import type { Tinn } from '../../compose.ts';

/** Correspondence for end-user systems (CorrespondenceExternalBasic). */
export function correspondenceExternalEndpoints(tinn: Tinn, auth: SoapAuthenticator, wsdl: (file: string) => string): SoapEndpoint[] {
  return [
    {
      path: '/ServiceEngineExternal/CorrespondenceExternalBasic.svc',
      wsdl: wsdl('CorrespondenceExternalBasic.svc.wsdl'),
      version: '1.1',
      operations: correspondenceExternalOperations(tinn.correspondence, auth),
      // Requests carry credentials and an id; the answers (with attachments) may be large, the requests not.
      bodyLimit: 64 * 1024,
    },
  ];
}
