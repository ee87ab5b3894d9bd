/**
 * The WS, EC and AEC variants of a Basic WSDL. Altinn II offered each operation on several bindings with
 * the same data contracts; only the operation names (`Basic` → ``, `EC`, `AEC`: `InsertCorrespondenceBasicV2`
 * → `InsertCorrespondenceV2`, `GetArchivedFormTaskBasicDQ` → `GetArchivedFormTaskECDQ`), the contract name,
 * the credentials and the SOAP version differ. Where Altinn's own WSDL for a variant is at hand Tinn serves
 * that file; otherwise it serves this derivation. A test derives the WS variant of
 * CorrespondenceAgencyExternalBasic and compares it with Altinn's real CorrespondenceAgencyExternal WSDL.
 *
 * - WS: SOAP 1.2; the system's name (or SystemID) and password move to a WS-Security UsernameToken, so the
 *   request elements lose `systemUserName`/`systemName` and `systemPassword`.
 * - EC: SOAP 1.2 over TLS with the organisation's enterprise certificate, plus the agency system's name and
 *   password in the body (kept). For end-user services (`enterpriseUser`) the system's and the person's
 *   fields give way to an enterprise user's `userName` and `password`, first in the body, as Altinn's
 *   `SubmitFormTaskEC(userName, password, formTaskShipment)`.
 * - AEC: SOAP 1.2 over TLS with the certificate only (the credentials are dropped).
 */

export type BindingVariant = 'ws' | 'ec' | 'aec';

const SUFFIX: Record<BindingVariant, string> = { ws: '', ec: 'EC', aec: 'AEC' };
const CREDENTIALS = ['systemUserName', 'systemName', 'systemPassword'];
const END_USER_CREDENTIALS = ['systemUserName', 'systemPassword', 'userSSN', 'userPassword', 'userPinCode', 'authMethod'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The operation's name in a variant: `Basic` replaced by the variant's infix (or appended when absent). */
export function variantOperationName(basicName: string, variant: BindingVariant): string {
  if (basicName === 'Test') return basicName;
  return basicName.includes('Basic') ? basicName.replace('Basic', SUFFIX[variant]) : `${basicName}${SUFFIX[variant]}`;
}

function policy(id: string, variant: BindingVariant): string {
  const sp = 'http://schemas.xmlsoap.org/ws/2005/07/securitypolicy';
  const token =
    variant === 'ws'
      ? `<sp:SignedSupportingTokens xmlns:sp="${sp}"><wsp:Policy><sp:UsernameToken sp:IncludeToken="${sp}/IncludeToken/AlwaysToRecipient"><wsp:Policy><sp:WssUsernameToken10/></wsp:Policy></sp:UsernameToken></wsp:Policy></sp:SignedSupportingTokens>`
      : '';
  const transport = `<sp:TransportBinding xmlns:sp="${sp}"><wsp:Policy><sp:TransportToken><wsp:Policy><sp:HttpsToken RequireClientCertificate="${variant === 'ws' ? 'false' : 'true'}"/></wsp:Policy></sp:TransportToken><sp:AlgorithmSuite><wsp:Policy><sp:Basic256/></wsp:Policy></sp:AlgorithmSuite><sp:Layout><wsp:Policy><sp:Strict/></wsp:Policy></sp:Layout><sp:IncludeTimestamp/></wsp:Policy></sp:TransportBinding>`;
  return `<wsp:Policy wsu:Id="${id}"><wsp:ExactlyOne><wsp:All>${transport}${token}</wsp:All></wsp:ExactlyOne></wsp:Policy>`;
}

/**
 * Derives a variant of a Basic WSDL (see the module comment). `names` overrides the derived name of an
 * operation where Altinn's differed (DownloadQueue's WS `GetArchivedFormTaskExternalDQ`). Answers the WSDL
 * and, for each variant operation, the Basic operation it stands for.
 */
export function deriveWsdl(basic: string, variant: BindingVariant, names: Record<string, string> = {}, enterpriseUser = false): { wsdl: string; operations: Record<string, string> } {
  const nameOf = (op: string) => names[op] ?? variantOperationName(op, variant);
  const contract = /<wsdl:portType\s+name="([^"]+)"/.exec(basic)?.[1];
  if (!contract) throw new Error('WSDL has no portType');
  const newContract = `${contract.replace(/Basic$/, '')}${SUFFIX[variant]}`;
  const portTypeStart = basic.indexOf('<wsdl:portType');
  const portType = basic.slice(portTypeStart, basic.indexOf('</wsdl:portType>', portTypeStart));
  const basicOps = [...new Set([...portType.matchAll(/<wsdl:operation\s+name="([^"]+)"/g)].map((m) => m[1]!))].filter((n) => n !== 'Test');
  const operations: Record<string, string> = {};
  for (const op of basicOps) operations[nameOf(op)] = op;

  let w = basic;
  // Credentials leave the request elements (WS, AEC; EC of end-user services trades them for the enterprise
  // user's): drop them inside each operation's element declaration.
  const dropped = variant !== 'ec' ? CREDENTIALS : enterpriseUser ? END_USER_CREDENTIALS : [];
  if (dropped.length > 0) {
    for (const op of basicOps) {
      const open = new RegExp(`<(xsd?):element\\s+name="${escape(op)}"\\s*>`).exec(w);
      if (!open) continue;
      const close = w.indexOf(`</${open[1]}:element>\n`, open.index);
      const end = close < 0 ? w.indexOf('</xsd:complexType>', open.index) : close;
      let block = w.slice(open.index, end);
      for (const name of dropped) {
        block = block
          .replace(new RegExp(`\\s*<(xsd?):element\\b[^>]*\\bname="${name}"[^>]*/>`, 'g'), '')
          .replace(new RegExp(`\\s*<(xsd?):element\\b[^>]*\\bname="${name}"[^>]*[^/]>[\\s\\S]*?</\\1:element>`, 'g'), '');
      }
      if (enterpriseUser) {
        const p = open[1];
        block = block.replace(
          new RegExp(`<${p}:sequence\\s*>`),
          (seq) => `${seq}<${p}:element minOccurs="0" name="userName" nillable="true" type="${p}:string"/><${p}:element minOccurs="0" name="password" nillable="true" type="${p}:string"/>`,
        );
      }
      w = w.slice(0, open.index) + block + w.slice(end);
    }
  }
  // Operation names as whole tokens (also in their Response/Result elements and SOAP actions), and inside
  // WCF's message names (`IContract_Operation_InputMessage`).
  for (const op of [...basicOps].sort((a, b) => b.length - a.length)) {
    const renamed = nameOf(op);
    w = w.replace(new RegExp(`(?<![A-Za-z0-9])${escape(op)}(Response|Result)?(?![A-Za-z0-9])`, 'g'), (_m, tail: string | undefined) => `${renamed}${tail ?? ''}`);
  }
  w = w.replace(new RegExp(`(?<![A-Za-z0-9])${escape(contract)}(?![A-Za-z0-9])`, 'g'), newContract);
  // SOAP 1.2 binding with the variant's policy.
  w = w.replace(/<(\/?)soap:(binding|operation|body|fault|header|address)\b/g, '<$1soap12:$2');
  if (!/xmlns:soap12=/.test(w.slice(0, w.indexOf('>', w.indexOf('<wsdl:definitions'))))) {
    w = w.replace('<wsdl:definitions ', '<wsdl:definitions xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" ');
  }
  const bindingName = `CustomBinding_${newContract}`;
  w = w.replace(new RegExp(`BasicHttpBinding_${escape(newContract)}`, 'g'), bindingName);
  w = w.replace(/<wsp:Policy\s+wsu:Id="[^"]*_policy">[\s\S]*?<\/wsp:Policy>\s*(?=<wsdl:types>)/, `${policy(`${bindingName}_policy`, variant)}\n    `);
  if (!w.includes(`URI="#${bindingName}_policy"`)) w = w.replace(/(<wsdl:binding\b[^>]*>)/, `$1\n        <wsp:PolicyReference URI="#${bindingName}_policy"/>`);
  const rename = (name: string) => (name.includes('Basic') ? name.replace('Basic', SUFFIX[variant]) : `${name}${SUFFIX[variant]}`);
  w = w.replace(/<wsdl:service\s+name="([^"]+)"/, (_m, name: string) => `<wsdl:service name="${rename(name)}"`);
  w = w.replace(/(<wsdl:definitions\b[^>]*\bname=")([^"]+)(")/, (_m, a: string, name: string, c: string) => `${a}${rename(name)}${c}`);
  return { wsdl: w, operations };
}
