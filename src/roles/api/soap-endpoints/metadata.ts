import type { SoapAuthenticator, SoapEndpoint } from '../../../platform/soap/index.ts';
import { systemAuthenticationOperations } from '../../../modules/authn/index.ts';
import { serviceMetadataOperations } from '../../../modules/catalog/index.ts';
import { prefillEusOperations } from '../../../modules/prefill/index.ts';
import type { Tinn } from '../../compose.ts';

/** System authentication (GetAuthenticationChallenge), service metadata and prefill for end-user systems. */
export function metadataEndpoints(tinn: Tinn, auth: SoapAuthenticator, wsdl: (file: string) => string): SoapEndpoint[] {
  return [
    {
      // Basic only in Altinn II: the challenge carries no system password, only the user's own.
      path: '/AuthenticationExternal/SystemAuthentication.svc',
      wsdl: wsdl('SystemAuthentication.svc.wsdl'),
      version: '1.1',
      operations: systemAuthenticationOperations(tinn.authn),
      bodyLimit: 64 * 1024,
    },
    {
      path: '/ServiceEngineExternal/ServiceMetaDataExternalBasic.svc',
      wsdl: wsdl('ServiceMetaDataExternalBasic.svc.wsdl'),
      version: '1.1',
      operations: serviceMetadataOperations(tinn.catalog, auth),
      bodyLimit: 64 * 1024,
    },
    {
      path: '/ServiceEngineExternal/PreFillEUSExternalBasic.svc',
      wsdl: wsdl('PreFillEUSExternalBasic.svc.wsdl'),
      version: '1.1',
      operations: prefillEusOperations(tinn.prefill, auth),
      bodyLimit: 64 * 1024,
    },
  ];
}
