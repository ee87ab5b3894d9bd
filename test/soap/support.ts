// Raw SOAP calls against the test server, as a vendor would make them with curl.
import { wsdlSchemaFiles } from '../../src/platform/soap/wsdl-schema.ts';
import { compileSchema } from '../../src/platform/xml/xsd.ts';
import type { TestTinn } from '../support/tinn.ts';

/** POSTs a SOAP 1.1 envelope (text/xml with SOAPAction), or 1.2 when `version` says so. */
export function soapPost(t: TestTinn, path: string, action: string, xml: string, remoteAddress = '127.0.0.1', version: '1.1' | '1.2' = '1.1') {
  const headers: Record<string, string> =
    version === '1.1' ? { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` } : { 'content-type': `application/soap+xml; charset=utf-8; action="${action}"` };
  return t.app.inject({ method: 'POST', url: path, headers, payload: xml, remoteAddress });
}

const text = (xml: string, name: string) => {
  const m = new RegExp(`<(?:[\\w-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`).exec(xml);
  return m ? m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&') : '';
};

/** The fault's code and its AltinnFault fields (empty strings for what is absent). */
export function faultOf(res: { body: string }) {
  return {
    faultcode: text(res.body, 'faultcode') || text(res.body, 'Value'),
    reason: text(res.body, 'faultstring') || text(res.body, 'Text'),
    AltinnErrorMessage: text(res.body, 'AltinnErrorMessage'),
    AltinnExtendedErrorMessage: text(res.body, 'AltinnExtendedErrorMessage'),
    ErrorGuid: text(res.body, 'ErrorGuid'),
    ErrorID: text(res.body, 'ErrorID'),
    UserId: text(res.body, 'UserId'),
  };
}

/** The schema a WSDL's contract gives (its types inside the SOAP envelope), to check requests and answers against. */
export function contractSchema(wsdl: string, version: '1.1' | '1.2' = '1.1') {
  const { files, main } = wsdlSchemaFiles(wsdl, version);
  return compileSchema(files, main);
}
