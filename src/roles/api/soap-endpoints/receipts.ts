import type { SoapAuthenticator, SoapEndpoint } from '../../../platform/soap/index.ts';
import type { Tinn } from '../../compose.ts';

/** Receipts for end-user systems (ReceiptExternalBasic) and service owners (ReceiptAgencyExternalBasic). */
export function receiptEndpoints(_tinn: Tinn, _auth: SoapAuthenticator, _wsdl: (file: string) => string): SoapEndpoint[] {
  return [];
}
