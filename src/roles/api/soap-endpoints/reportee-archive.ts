import type { SoapAuthenticator, SoapEndpoint } from '../../../platform/soap/index.ts';
import { reporteeArchiveOperations, reporteeElementListOperations } from '../../../modules/submissions/index.ts';
import { archivedCorrespondenceOperations } from '../../../modules/correspondence/index.ts';
import type { Tinn } from '../../compose.ts';

/**
 * The reportee's message box (ReporteeElementListExternalBasic) and archive (ReporteeArchiveExternalBasic:
 * archived form tasks from submissions, archived correspondence from correspondence).
 */
export function reporteeArchiveEndpoints(tinn: Tinn, auth: SoapAuthenticator, wsdl: (file: string) => string): SoapEndpoint[] {
  return [
    {
      path: '/ServiceEngineExternal/ReporteeElementListExternalBasic.svc',
      wsdl: wsdl('ReporteeElementListExternalBasic.svc.wsdl'),
      version: '1.1',
      operations: reporteeElementListOperations(tinn.submissions, auth),
      bodyLimit: 64 * 1024,
    },
    {
      path: '/ArchiveExternal/ReporteeArchiveExternalBasic.svc',
      wsdl: wsdl('ReporteeArchiveExternalBasic.svc.wsdl'),
      version: '1.1',
      operations: { ...reporteeArchiveOperations(tinn.submissions, auth), ...archivedCorrespondenceOperations(tinn.correspondence, auth) },
      bodyLimit: 64 * 1024,
    },
  ];
}
