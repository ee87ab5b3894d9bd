import { isAppError } from '../../../platform/index.ts';
import type { SoapAuthenticator, SoapOperation } from '../../../platform/soap/index.ts';
import { bodySystemCredentials } from '../../../platform/soap/credentials.ts';
import { attachmentTypeOf } from '../../../platform/soap/attachment-type.ts';
import { AuthzProblems } from '../../authz/index.ts';
import { PrefillProblems } from '../errors.ts';
import type { PrefilledAttachment, PrefilledFormSet } from '../prefill.ts';
import type { Prefill } from '../index.ts';


const attachmentType = (a: PrefilledAttachment) => attachmentTypeOf(a.fileName);

/** A prefilled set as Altinn II's PrefillFormTask. */
function prefillFormTask(p: PrefilledFormSet) {
  return {
    ExternalServiceCode: p.serviceCode,
    ExternalServiceEditionCode: p.serviceEditionCode,
    ExternalShipmentReference: p.externalShipmentReference,
    PreFillAttachments: {
      PrefillFormTaskAttachment: p.attachments.map((a) => ({
        // The bytes are not part of the use case's answer (REST lists attachments without content either).
        AttachmentData: null,
        AttachmentName: a.name,
        AttachmentType: attachmentType(a),
        FileName: a.fileName,
        SendersReference: a.sendersReference,
        SignedByDefault: a.signedByDefault,
        SigningLocked: a.signingLocked,
      })),
    },
    PreFillForms: {
      PrefillForm: p.forms.map((f) => ({
        DataFormatID: f.dataFormatId,
        DataFormatVersion: f.dataFormatVersion,
        FormDataXML: f.formData,
        SendersReference: f.sendersReference,
        SignedByDefault: f.signedByDefault,
        SigningLocked: f.signingLocked,
      })),
    },
    PreFillIdentityFields: { PreFillIdentityFieldBE: p.identityFields.map((i) => ({ FieldValue: i.value, Index: String(i.index) })) },
    ReceiversReference: p.receiversReference ?? undefined,
    Reportee: p.reporteeNumber,
    SendersReference: p.sendersReference ?? undefined,
    ServiceOwnerCode: p.serviceOwnerCode,
    ValidFromDate: p.validFrom,
    ValidToDate: p.validTo,
  };
}

const status = (Status: string) => ({ GetPrefillDataBasicResult: { Status } });

/**
 * PreFillEUSExternalBasic (`/ServiceEngineExternal/PreFillEUSExternalBasic.svc`): a data system reads the
 * prefilled data waiting for a reportee, over SOAP 1.1 with its SystemID and password (and its user's). The
 * same use case as `GET /api/v1/reportees/{reportee}/prefill`. As in Altinn II, "nothing prefilled" and
 * "not a reportee number" are Status answers (PREFILLDATANOTFOUND, INVALIDINPUT); a refusal is a fault.
 */
export function prefillEusOperations(prefill: Prefill, auth: SoapAuthenticator): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),

    GetPrefillDataBasic: async (input, call) => {
      const actor = await auth.system(bodySystemCredentials(input), call);
      const reportee: string = input.ReporteeNumber ?? '';
      const serviceCode: string = input.ExternalServiceCode ?? '';
      const editionCode: number = input.ExternalServiceEditionCode ?? 0;
      // What REST's schema refuses (an empty reportee or service code, an edition below 1) is INVALIDINPUT here.
      if (!reportee.trim() || !serviceCode.trim() || editionCode < 1) return status('INVALIDINPUT');
      try {
        const set = await prefill.getPrefill(actor, reportee, serviceCode, editionCode);
        return { GetPrefillDataBasicResult: { PreFillFormTaskBEList: { PrefillFormTask: [prefillFormTask(set)] }, Status: 'PREFILLDATAFOUND' } };
      } catch (err) {
        if (isAppError(err, PrefillProblems.notFound)) return status('PREFILLDATANOTFOUND');
        if (isAppError(err, AuthzProblems.invalidReportee)) return status('INVALIDINPUT');
        throw err;
      }
    },
  };
}
