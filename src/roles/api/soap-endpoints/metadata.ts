import type { SoapAuthenticator, SoapEndpoint } from '../../../platform/soap/index.ts';
import type { Tinn } from '../../compose.ts';

/** System authentication (GetAuthenticationChallenge), service metadata and prefill for end-user systems. */
export function metadataEndpoints(_tinn: Tinn, _auth: SoapAuthenticator, _wsdl: (file: string) => string): SoapEndpoint[] {
  return [];
}
