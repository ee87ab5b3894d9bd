import { AppError } from '../errors/errors.ts';
import { PlatformProblems } from '../errors/platform-problems.ts';
import { altinnErrorIdFor } from '../errors/status.ts';
import { SOAP11_ENVELOPE_NS, SOAP12_ENVELOPE_NS, type SoapVersion } from './wsdl-schema.ts';

/** AltinnFault's namespace (Altinn II `http://www.altinn.no/services/common/fault/2009/10`). */
export const ALTINN_FAULT_NS = 'http://www.altinn.no/services/common/fault/2009/10';

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface FaultContext {
  /** The request id: it is also in the log, so support can find the request by it. */
  errorGuid: string;
  /** Who called, when known (SystemID, agency system name or party id). */
  userId?: string | undefined;
}

/**
 * A SOAP fault for `err`, shaped for the binding's SOAP version, carrying an AltinnFault (WSDL element
 * order) with the Altinn II ErrorID of the problem. An error that is not an AppError is answered as an
 * internal error without its message (it is logged by the caller). Returns the HTTP status too: 500, as
 * SOAP over HTTP asks for faults.
 */
export function faultEnvelope(version: SoapVersion, err: unknown, ctx: FaultContext): { status: number; xml: string } {
  const appError = err instanceof AppError ? err : new AppError(PlatformProblems.internal);
  const { problem } = appError;
  const message = appError.detail ? `${problem.title}: ${appError.detail}` : problem.title;
  const extended = [problem.code, ...(appError.errors ?? []).map((e) => `${e.line ? `line ${e.line}: ` : ''}${e.path ? `${e.path}: ` : ''}${e.message}`)].join('\n');
  const receiverFault = problem.kind === 'internal' || problem.kind === 'unavailable';
  const detail =
    `<AltinnFault xmlns="${ALTINN_FAULT_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">` +
    `<AltinnErrorMessage>${escapeXml(message)}</AltinnErrorMessage>` +
    `<AltinnExtendedErrorMessage>${escapeXml(extended)}</AltinnExtendedErrorMessage>` +
    `<AltinnLocalizedErrorMessage>${escapeXml(message)}</AltinnLocalizedErrorMessage>` +
    `<ErrorGuid>${escapeXml(ctx.errorGuid)}</ErrorGuid>` +
    `<ErrorID>${altinnErrorIdFor(problem)}</ErrorID>` +
    `<UserGuid i:nil="true"/>` +
    (ctx.userId === undefined ? `<UserId i:nil="true"/>` : `<UserId>${escapeXml(ctx.userId)}</UserId>`) +
    `</AltinnFault>`;
  const reason = escapeXml(`${problem.code} ${message}`);
  if (version === '1.1') {
    const code = receiverFault ? 's:Server' : 's:Client';
    return {
      status: 500,
      xml: `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP11_ENVELOPE_NS}"><s:Body><s:Fault><faultcode>${code}</faultcode><faultstring xml:lang="en">${reason}</faultstring><detail>${detail}</detail></s:Fault></s:Body></s:Envelope>`,
    };
  }
  const isVersionMismatch = problem.code === PlatformProblems.soapVersionMismatch.code;
  const code = isVersionMismatch ? 's:VersionMismatch' : receiverFault ? 's:Receiver' : 's:Sender';
  return {
    status: 500,
    xml: `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP12_ENVELOPE_NS}"><s:Body><s:Fault><s:Code><s:Value>${code}</s:Value></s:Code><s:Reason><s:Text xml:lang="en">${reason}</s:Text></s:Reason><s:Detail>${detail}</s:Detail></s:Fault></s:Body></s:Envelope>`,
  };
}
