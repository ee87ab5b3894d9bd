import { readFileSync } from 'node:fs';
import { mountSoapEndpoint, wsOperations, type SoapAuthenticator, type SoapEndpoint } from '../../platform/soap/index.ts';
import { downloadQueueOperations, intermediaryInboundOperations, prefillOperations } from '../../modules/submissions/index.ts';
import { correspondenceAgencyOperations } from '../../modules/correspondence/index.ts';
import { notificationAgencyOperations } from '../../modules/notifications/index.ts';
import type { HttpApp } from '../../platform/index.ts';
import type { Tinn } from '../compose.ts';
import { correspondenceExternalEndpoints } from './soap-endpoints/correspondence-external.ts';
import { metadataEndpoints } from './soap-endpoints/metadata.ts';
import { receiptEndpoints } from './soap-endpoints/receipts.ts';
import { reporteeArchiveEndpoints } from './soap-endpoints/reportee-archive.ts';

// The WSDL files sit in `wsdl/` at the package root: three levels up both from this file (src/roles/api)
// and from the bundle bin/tinn.js builds (node_modules/.cache/tinn).
const WSDL_DIR = new URL('../../../wsdl/', import.meta.url);
const wsdl = (file: string) => readFileSync(new URL(file, WSDL_DIR), 'utf8');

/** SubmitFormTask carries up to 30 MB of attachments as base64 plus the forms. */
const SUBMIT_BODY_LIMIT = 48 * 1024 * 1024;

/** Credentials found in a SOAP call → an actor, by authn, with the caller's address for allow-lists and limits. */
function authenticator(tinn: Tinn): SoapAuthenticator {
  return {
    async serviceOwner(credentials, call) {
      const actor =
        call.credentials === 'usernameToken'
          ? await tinn.authn.authenticateServiceOwnerToken(call.usernameToken, { ip: call.ip })
          : await tinn.authn.authenticateServiceOwnerCall({ systemName: credentials.systemName ?? '', password: credentials.password ?? '' }, { ip: call.ip });
      call.identify(actor.systemName);
      return actor;
    },
    async system(credentials, call) {
      const method = credentials.authMethod;
      const user = {
        ...(credentials.userSSN ? { userIdentifier: credentials.userSSN, userPassword: credentials.userPassword ?? '' } : {}),
        ...(credentials.userSSN && credentials.userPinCode ? { userPinCode: credentials.userPinCode } : {}),
        ...(method === 'SMSPin' || method === 'AltinnPin' ? { authMethod: method as 'SMSPin' | 'AltinnPin' } : {}),
      };
      const actor =
        call.credentials === 'usernameToken'
          ? await tinn.authn.authenticateSystemToken(call.usernameToken, user, { ip: call.ip })
          : await tinn.authn.authenticateSystemCall({ systemId: credentials.systemId ?? '', systemPassword: credentials.systemPassword ?? '', ...user }, { ip: call.ip });
      call.identify(String(actor.systemId ?? credentials.systemId ?? call.usernameToken?.username ?? ''));
      return actor;
    },
  };
}

/** The Altinn II SOAP endpoints Tinn answers, each over the same use cases as its REST twin. */
export function soapEndpoints(tinn: Tinn): SoapEndpoint[] {
  const auth = authenticator(tinn);
  const correspondenceAgency = correspondenceAgencyOperations(tinn.correspondence, auth);
  return [
    {
      path: '/ArchiveExternal/DownloadQueueExternalBasic.svc',
      wsdl: wsdl('DownloadQueueExternalBasic.svc.wsdl'),
      version: '1.1',
      operations: downloadQueueOperations(tinn.submissions, auth),
      bodyLimit: 1024 * 1024,
    },
    {
      path: '/IntermediaryExternal/IntermediaryInboundBasic.svc',
      wsdl: wsdl('IntermediaryInboundBasic.svc.wsdl'),
      version: '1.1',
      operations: intermediaryInboundOperations(tinn.submissions, auth),
      bodyLimit: SUBMIT_BODY_LIMIT,
    },
    {
      path: '/ServiceEngineExternal/CorrespondenceAgencyExternalBasic.svc',
      wsdl: wsdl('CorrespondenceAgencyExternalBasic.svc.wsdl'),
      version: '1.1',
      operations: correspondenceAgency,
      bodyLimit: SUBMIT_BODY_LIMIT,
    },
    {
      // WS: SOAP 1.2 with the agency system's name and password in a WS-Security UsernameToken.
      path: '/ServiceEngineExternal/CorrespondenceAgencyExternal.svc',
      wsdl: wsdl('CorrespondenceAgencyExternal.svc.wsdl'),
      version: '1.2',
      credentials: 'usernameToken',
      operations: { Test: async () => ({}), ...wsOperations(correspondenceAgency, { InsertCorrespondenceV2: 'InsertCorrespondenceBasicV2', GetCorrespondenceStatusDetailsV3: 'GetCorrespondenceStatusDetailsBasicV3' }) },
      bodyLimit: SUBMIT_BODY_LIMIT,
    },
    {
      path: '/ServiceEngineExternal/NotificationAgencyExternalBasic.svc',
      wsdl: wsdl('NotificationAgencyExternalBasic.svc.wsdl'),
      version: '1.1',
      operations: notificationAgencyOperations(tinn.notifications, auth),
      bodyLimit: 10 * 1024 * 1024,
    },
    {
      path: '/ServiceEngineExternal/PreFillBasic.svc',
      wsdl: wsdl('PreFillBasic.svc.wsdl'),
      version: '1.1',
      operations: prefillOperations(tinn.submissions, auth),
      bodyLimit: SUBMIT_BODY_LIMIT,
    },
    ...receiptEndpoints(tinn, auth, wsdl),
    ...reporteeArchiveEndpoints(tinn, auth, wsdl),
    ...correspondenceExternalEndpoints(tinn, auth, wsdl),
    ...metadataEndpoints(tinn, auth, wsdl),
  ];
}

/** Mounts every SOAP endpoint on the api role's server. */
export async function registerSoapEndpoints(app: HttpApp, tinn: Tinn): Promise<void> {
  for (const endpoint of soapEndpoints(tinn)) await mountSoapEndpoint(app, endpoint, {});
}
