import { readFileSync } from 'node:fs';
import { mountSoapEndpoint, variantOf, type SoapAuthenticator, type SoapEndpoint, type VariantOptions } from '../../platform/soap/index.ts';
import { downloadQueueOperations, intermediaryInboundOperations, prefillOperations } from '../../modules/submissions/index.ts';
import { correspondenceAgencyOperations, correspondenceAgencyWsOperations } from '../../modules/correspondence/index.ts';
import { notificationAgencyOperations } from '../../modules/notifications/index.ts';
import { AppError, PlatformProblems, type HttpApp } from '../../platform/index.ts';
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
      const password = { systemName: credentials.systemName ?? '', password: credentials.password ?? '' };
      const context = { ip: call.ip };
      const actor =
        call.credentials === 'usernameToken'
          ? await tinn.authn.authenticateServiceOwnerToken(call.usernameToken, context)
          : call.credentials === 'certificate'
            ? await tinn.authn.authenticateServiceOwnerCertificate(call.clientCertificate)
            : call.credentials === 'certificateAndBody'
              ? await tinn.authn.authenticateServiceOwnerCertificateAndPassword(call.clientCertificate, password, context)
              : await tinn.authn.authenticateServiceOwnerCall(password, context);
      call.identify(actor.systemName);
      return actor;
    },
    async system(credentials, call) {
      if (call.credentials === 'certificateAndBody') {
        // EC: the organisation's certificate plus one of its enterprise users.
        const password = { userName: credentials.enterpriseUserName ?? '', password: credentials.enterpriseUserPassword ?? '' };
        const actor = await tinn.authn.authenticateEnterpriseUserCertificate(call.clientCertificate, password, { ip: call.ip });
        call.identify(actor.userName);
        return actor;
      }
      if (call.credentials === 'certificate') throw new AppError(PlatformProblems.soapInvalidRequest, { detail: 'end-user services have no certificate-only (AEC) endpoints' });
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

/**
 * Where the certificate variants of the Basic endpoints are, on the TLS listener: for service owners EC
 * (certificate + agency system) and AEC (certificate only); for end-user services EC2 (certificate + an
 * enterprise user of the same organisation). Altinn's paths (§3.1 and §4.1 of the reference).
 */
const CERTIFICATE_VARIANTS: Record<string, { ec?: VariantOptions; aec?: VariantOptions }> = {
  '/ArchiveExternal/DownloadQueueExternalBasic.svc': { ec: { path: '/ArchiveExternal/DownloadQueueExternalEC.svc' } },
  '/ServiceEngineExternal/CorrespondenceAgencyExternalBasic.svc': {
    ec: { path: '/ServiceEngineExternal/CorrespondenceAgencyExternalEC2.svc' },
    aec: { path: '/ServiceEngineExternal/CorrespondenceAgencyExternalAEC2.svc' },
  },
  '/ServiceEngineExternal/NotificationAgencyExternalBasic.svc': { ec: { path: '/ServiceEngineExternal/NotificationAgencyExternalEC2.svc' } },
  '/ServiceEngineExternal/PreFillBasic.svc': { ec: { path: '/ServiceEngineExternal/PreFillAgencyExternalEC2.svc' } },
  '/IntermediaryExternal/ReceiptAgencyExternalBasic.svc': { ec: { path: '/IntermediaryExternal/ReceiptAgencyExternalEC2.svc' } },
  // End-user services: EC2 with an enterprise user (virksomhetsbruker) in the body. Names as Altinn's
  // endpoint list gives them where they break the rule.
  '/IntermediaryExternal/IntermediaryInboundBasic.svc': { ec: { path: '/IntermediaryExternal/IntermediaryInboundExternalEC2.svc', enterpriseUser: true } },
  '/IntermediaryExternal/ReceiptExternalBasic.svc': { ec: { path: '/IntermediaryExternal/ReceiptExternalEC2.svc', enterpriseUser: true } },
  '/ServiceEngineExternal/ReporteeElementListExternalBasic.svc': {
    ec: { path: '/ServiceEngineExternal/ReporteeElementListEC2.svc', enterpriseUser: true, names: { GetReporteeElementListBasicV2: 'GetReporteeElementListEC' } },
  },
  '/ArchiveExternal/ReporteeArchiveExternalBasic.svc': {
    ec: { path: '/ArchiveExternal/ReporteeArchiveExternalEC2.svc', enterpriseUser: true, names: { GetArchivedFormTaskBasicV2: 'GetArchivedFormTaskEC' } },
  },
  '/ServiceEngineExternal/CorrespondenceExternalBasic.svc': {
    ec: { path: '/ServiceEngineExternal/CorrespondenceExternalEC2.svc', enterpriseUser: true, names: { GetCorrespondenceForEndUserSystemsBasicV2: 'GetCorrespondenceForEndUserSystemsEC' } },
  },
  '/ServiceEngineExternal/PreFillEUSExternalBasic.svc': { ec: { path: '/ServiceEngineExternal/PreFillEUSExternalEC2.svc', enterpriseUser: true } },
};

/** WS variants where Altinn's WSDL is at hand or its names differ from the rule. */
const WS_VARIANTS: Record<string, Partial<VariantOptions>> = {
  '/ServiceEngineExternal/CorrespondenceAgencyExternalBasic.svc': { wsdl: 'CorrespondenceAgencyExternal.svc.wsdl' },
  '/ArchiveExternal/DownloadQueueExternalBasic.svc': { names: { GetArchivedFormTaskBasicDQ: 'GetArchivedFormTaskExternalDQ' } },
  // A client generated from Altinn's WS WSDL calls these names.
  '/ServiceEngineExternal/CorrespondenceExternalBasic.svc': {
    names: { GetCorrespondenceForEndUserSystemsBasicV2: 'GetCorrespondenceForEndUserSystemsExternalV2', SaveCorrespondenceConfirmationBasic: 'SaveCorrespondenceConfirmationExternal' },
  },
};

/** Basic endpoints that have no WS twin in Altinn II. */
const BASIC_ONLY = new Set(['/AuthenticationExternal/SystemAuthentication.svc']);

/** The Basic endpoints, each over the same use cases as its REST twin. */
function basicEndpoints(tinn: Tinn, auth: SoapAuthenticator): SoapEndpoint[] {
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
      operations: correspondenceAgencyOperations(tinn.correspondence, auth),
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

/**
 * Every SOAP endpoint: each Basic endpoint, its WS twin (SOAP 1.2 + UsernameToken; path without `Basic`),
 * and the EC twins (service owners also AEC), which only the TLS listener serves.
 */
export function soapEndpoints(tinn: Tinn): { plain: SoapEndpoint[]; tls: SoapEndpoint[] } {
  const auth = authenticator(tinn);
  const plain: SoapEndpoint[] = [];
  const tls: SoapEndpoint[] = [];
  for (const basic of basicEndpoints(tinn, auth)) {
    plain.push(basic);
    if (basic.version !== '1.1' || BASIC_ONLY.has(basic.path)) continue;
    const ws = WS_VARIANTS[basic.path] ?? {};
    // Altinn's WS correspondence contract still has GetCorrespondenceStatusDetailsV2, which Basic dropped.
    const wsOnly = basic.path === '/ServiceEngineExternal/CorrespondenceAgencyExternalBasic.svc' ? correspondenceAgencyWsOperations(tinn.correspondence, auth) : undefined;
    plain.push(
      variantOf(basic, 'ws', { path: basic.path.replace('Basic', ''), ...(ws.names ? { names: ws.names } : {}), ...(ws.wsdl ? { wsdl: wsdl(ws.wsdl) } : {}), ...(wsOnly ? { operations: wsOnly } : {}) }),
    );
    const certificate = CERTIFICATE_VARIANTS[basic.path];
    if (certificate?.ec) tls.push(variantOf(basic, 'ec', certificate.ec));
    if (certificate?.aec) tls.push(variantOf(basic, 'aec', certificate.aec));
  }
  return { plain, tls };
}

/** Mounts the Basic and WS endpoints on the api role's server. */
export async function registerSoapEndpoints(app: HttpApp, tinn: Tinn): Promise<void> {
  for (const endpoint of soapEndpoints(tinn).plain) await mountSoapEndpoint(app, endpoint, {});
}

/** Mounts the enterprise-certificate endpoints (EC, AEC) on the TLS listener's server. */
export async function registerCertificateSoapEndpoints(app: HttpApp, tinn: Tinn): Promise<void> {
  for (const endpoint of soapEndpoints(tinn).tls) await mountSoapEndpoint(app, endpoint, {});
}
