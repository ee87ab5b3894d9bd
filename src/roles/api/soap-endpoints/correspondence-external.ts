import type { SoapAuthenticator, SoapEndpoint } from '../../../platform/soap/index.ts';
import type { Tinn } from '../../compose.ts';

/** Correspondence for end-user systems (CorrespondenceExternalBasic). */
export function correspondenceExternalEndpoints(_tinn: Tinn, _auth: SoapAuthenticator, _wsdl: (file: string) => string): SoapEndpoint[] {
  return [];
}
