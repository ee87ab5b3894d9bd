import type { SoapAuthenticator, SoapEndpoint } from '../../../platform/soap/index.ts';
import { receiptAgencyOperations, receiptExternalOperations } from '../../../modules/submissions/index.ts';
import type { Tinn } from '../../compose.ts';

/** Receipt requests are a search or a status and text: small. */
const RECEIPT_BODY_LIMIT = 1024 * 1024;

/** Receipts for end-user systems (ReceiptExternalBasic) and service owners (ReceiptAgencyExternalBasic). */
export function receiptEndpoints(tinn: Tinn, auth: SoapAuthenticator, wsdl: (file: string) => string): SoapEndpoint[] {
  return [
    {
      path: '/IntermediaryExternal/ReceiptExternalBasic.svc',
      wsdl: wsdl('ReceiptExternalBasic.svc.wsdl'),
      version: '1.1',
      operations: receiptExternalOperations(tinn.submissions, auth),
      bodyLimit: RECEIPT_BODY_LIMIT,
    },
    {
      path: '/IntermediaryExternal/ReceiptAgencyExternalBasic.svc',
      wsdl: wsdl('ReceiptAgencyExternalBasic.svc.wsdl'),
      version: '1.1',
      operations: receiptAgencyOperations(tinn.submissions, auth),
      bodyLimit: RECEIPT_BODY_LIMIT,
    },
  ];
}
