import type { SoapAuthenticator, SoapEndpoint } from '../../../platform/soap/index.ts';
import type { Tinn } from '../../compose.ts';

/** The reportee's message box (ReporteeElementListExternalBasic) and archive (ReporteeArchiveExternalBasic). */
export function reporteeArchiveEndpoints(_tinn: Tinn, _auth: SoapAuthenticator, _wsdl: (file: string) => string): SoapEndpoint[] {
  return [];
}
