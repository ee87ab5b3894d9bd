// Enterprise users (virksomhetsbrukere): an organisation's administrator creates a user for its enterprise
// certificate, roles are delegated to it like to a person, and software holding the certificate logs in as
// that user on the end-user EC2 endpoints (IntermediaryInboundExternalEC2, ReporteeElementListEC2, …) on the
// TLS listener. What was delegated to the organisation reaches its enterprise users too (Altinn's ECKEYROLE).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildCertificateSoapApi } from '../../src/roles/api/build-api.ts';
import type { HttpApp } from '../../src/platform/index.ts';
import { TTD_KEY } from '../support/correspondence.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';
import { FJORDLYS, makeCertificates, tlsCall, type Pem } from './certificates.ts';
import { contractSchema, faultOf } from './support.ts';

const KARI = '14837501777'; // DAGL of Fjordlys Regnskap AS
const INGRID = '21876803140'; // works at Fjordlys, no role
const SIGRID = '09857904610'; // DAGL of Nordlys Bygg AS, a client of Fjordlys
const NORDLYS = '310000124';
const SKOGHEIM = '310000167'; // nothing to do with Fjordlys
const USER = 'fjordlys-lonn';
const PASSWORD = 'Lonn-system-2026';

const SUBMIT_EC = '/IntermediaryExternal/IntermediaryInboundExternalEC2.svc';
const LIST_EC = '/ServiceEngineExternal/ReporteeElementListEC2.svc';
const II = 'http://www.altinn.no/services/Intermediary/Shipment/IntermediaryInbound/2009/10';
const SUBMIT_ACTION = `${II}/IIntermediaryInboundExternalEC/SubmitFormTaskEC`;
const SAMPLE = readFileSync(join(import.meta.dirname, '../../wsdl/samples/SubmitFormTaskBasic.xml'), 'utf8');

let seq = 0;
const reference = () => `ec-${process.pid}-${Date.now()}-${++seq}`;

/** The Basic sample turned into SubmitFormTaskEC: SOAP 1.2, the enterprise user's name and password first. */
function submitEc(values: { reportee: string; userName?: string; password?: string; shipment?: string }) {
  return SAMPLE.replace('http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope')
    .replaceAll('SubmitFormTaskBasic>', 'SubmitFormTaskEC>')
    .replace('<ns:systemUserName>SYSTEM_ID</ns:systemUserName>', `<ns:userName>${values.userName ?? USER}</ns:userName>`)
    .replace('<ns:systemPassword>SYSTEM_PASSWORD</ns:systemPassword>', `<ns:password>${values.password ?? PASSWORD}</ns:password>`)
    .replace('<ns:Reportee>REPORTEE', `<ns:Reportee>${values.reportee}`)
    .replaceAll('>REPORTEE<', `>${values.reportee}<`)
    .replace('SHIPMENT_REFERENCE', values.shipment ?? reference());
}

describe('enterprise users: management, delegation and the end-user EC2 endpoints', () => {
  let t: TestTinn;
  let tls: HttpApp;
  let port: number;
  const certs = makeCertificates();
  const tokens = new Map<string, string>();

  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    tls = await buildCertificateSoapApi(t.tinn, { key: certs.server.key, cert: certs.server.cert, ca: certs.ca });
    port = Number(new URL(await tls.listen({ host: '127.0.0.1', port: 0 })).port);
  });
  after(async () => {
    await tls.close();
    await t.close();
  });

  const as = async (ssn: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, level = 2) => {
    const key = `${ssn}:${level}`;
    if (!tokens.has(key)) tokens.set(key, (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: level } })).json().accessToken);
    return t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens.get(key)}` }, ...(payload ? { payload } : {}) });
  };
  const ec = (path: string, client: Pem, body: string, action: string) => tlsCall(port, certs.ca, path, client, body, action);
  const submit = (reportee: string, values: { userName?: string; password?: string; client?: Pem } = {}) => ec(SUBMIT_EC, values.client ?? certs.fjordlys, submitEc({ reportee, ...values }), SUBMIT_ACTION);
  const receiptStatus = (body: string) => /<(?:\w+:)?ReceiptStatusCode>(\w+)</.exec(body)?.[1];

  it("lets the organisation's administrator create an enterprise user, and refuses bad names, weak passwords, persons and non-administrators", async () => {
    const created = await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users`, { userName: USER, password: PASSWORD });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().user.userName, USER);
    assert.equal(created.json().user.organization.orgno, FJORDLYS);
    assert.equal(created.json().secret, undefined, 'a chosen password is never echoed');

    const generated = await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users`, { userName: 'fjordlys-arkiv' });
    assert.equal(generated.statusCode, 201, generated.body);
    assert.match(generated.json().secret, /^[A-Za-z0-9_-]{32}$/, 'without a password Tinn generates one and answers it once');
    const listed = await as(KARI, 'GET', `/api/v1/reportees/${FJORDLYS}/enterprise-users`);
    assert.deepEqual(listed.json().enterpriseUsers.map((u: { userName: string }) => u.userName), ['fjordlys-arkiv', USER]);
    assert.doesNotMatch(listed.body, /secret|password"/i);

    const code = (res: { json(): { code: string } }) => res.json().code;
    const users = await countRows(t.db, 'register.enterprise_user');
    assert.equal(code(await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users`, { userName: 'FJORDLYS-LONN', password: PASSWORD })), 'REG-00025', 'names are unique in any letter case');
    assert.equal(code(await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users`, { userName: '12345', password: PASSWORD })), 'REG-00024');
    assert.equal(code(await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users`, { userName: 'fjordlys-ny', password: 'kort1' })), 'SYS-00016');
    assert.equal(code(await as(KARI, 'POST', '/api/v1/reportees/me/enterprise-users', { userName: 'kari-selv', password: PASSWORD })), 'SYS-00017');
    assert.equal(code(await as(INGRID, 'POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users`, { userName: 'ingrid-sin', password: PASSWORD })), 'SYS-00005');
    assert.equal(code(await as(INGRID, 'GET', `/api/v1/reportees/${FJORDLYS}/enterprise-users`)), 'SYS-00005', 'the list is for administrators only');
    assert.equal(code(await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users`, { userName: 'fjordlys-niva1', password: PASSWORD }, 1)), 'PLAT-00018');
    assert.equal(await countRows(t.db, 'register.enterprise_user'), users, 'nothing was half-written');
    assert.equal(code(await as(SIGRID, 'GET', `/api/v1/reportees/${NORDLYS}/enterprise-users/${USER}`)), 'SYS-00015', "another organisation's user is not found");
    assert.equal(code(await as(SIGRID, 'PUT', `/api/v1/reportees/${NORDLYS}/enterprise-users/${USER}/password`, {})), 'SYS-00015', 'nor can its password be changed');
    assert.equal(code(await as(SIGRID, 'DELETE', `/api/v1/reportees/${NORDLYS}/enterprise-users/${USER}`)), 'SYS-00015', 'nor can it be deleted');
    assert.equal(code(await as(SIGRID, 'DELETE', `/api/v1/reportees/${FJORDLYS}/enterprise-users/${USER}`)), 'SYS-00005', "through the user's own organisation neither");
    assert.equal((await as(KARI, 'GET', `/api/v1/reportees/${FJORDLYS}/enterprise-users/${USER}`)).statusCode, 200, 'the user is still there');
  });

  it('serves the EC2 contract: SOAP 1.2, operations named as Altinn named them, the enterprise user first in the body', async () => {
    const res = await tlsCall(port, certs.ca, `${LIST_EC}?wsdl`, certs.fjordlys);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /soapAction="[^"]*\/IReporteeElementListExternalEC\/GetReporteeElementListEC"/);
    const element = /<(xsd?):element name="GetReporteeElementListEC">[\s\S]*?<\/\1:element>\n/.exec(res.body)?.[0] ?? '';
    assert.match(element, /<(xsd?):sequence><\1:element minOccurs="0" name="userName"[^>]*\/><\1:element minOccurs="0" name="password"/);
    assert.doesNotMatch(element, /systemUserName|userSSN|userPinCode/);
    const submitWsdl = await tlsCall(port, certs.ca, `${SUBMIT_EC}?wsdl`, certs.fjordlys);
    assert.deepEqual(contractSchema(submitWsdl.body, '1.2').validate(submitEc({ reportee: FJORDLYS })), [], 'the request is valid against the served contract');
  });

  it('submits only what the roles delegated to the user allow, and the submission reaches the download queue', async () => {
    const rows = await countRows(t.db, 'submissions.reportee_element');
    const before = faultOf(await submit(FJORDLYS));
    assert.deepEqual([before.ErrorID, before.AltinnExtendedErrorMessage.split('\n')[0], before.UserId], ['14', 'SUB-00003', USER], 'a new user holds no role');
    assert.equal(await countRows(t.db, 'submissions.reportee_element'), rows);

    const delegated = await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/delegations`, { roleCode: 'LOPER', to: { userName: USER } });
    assert.equal(delegated.statusCode, 201, delegated.body);
    assert.deepEqual(delegated.json().recipient, { type: 'enterpriseUser', partyId: delegated.json().recipient.partyId, name: USER, organization: { orgno: FJORDLYS, name: 'Fjordlys Regnskap AS' } });

    const res = await submit(FJORDLYS);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(receiptStatus(res.body), 'OK');
    const archiveReference = /<(?:\w+:)?ReferenceTypeName>ArchiveReference<\/(?:\w+:)?ReferenceTypeName><(?:\w+:)?ReferenceValue>(AR\d+)</.exec(res.body)?.[1];
    assert.ok(archiveReference, res.body);
    const queue = await t.app.inject({ method: 'GET', url: '/api/v1/serviceowner/downloadqueue?serviceCode=5002', headers: { apikey: TTD_KEY }, remoteAddress: '127.0.0.1' });
    assert.ok((queue.json().items as { archiveReference: string }[]).some((i) => i.archiveReference === archiveReference));
  });

  it("acts for another organisation with what that organisation delegated to the user's organisation (ECKEYROLE), and for no one else", async () => {
    assert.equal(faultOf(await submit(NORDLYS)).AltinnExtendedErrorMessage.split('\n')[0], 'SUB-00003', 'the REGN role alone gives nothing');
    const toFirm = await as(SIGRID, 'POST', `/api/v1/reportees/${NORDLYS}/delegations`, { roleCode: 'LOPER', to: { orgno: FJORDLYS } });
    assert.equal(toFirm.statusCode, 201, toFirm.body);
    assert.equal(receiptStatus((await submit(NORDLYS)).body), 'OK');
    assert.equal(faultOf(await submit(SKOGHEIM)).AltinnExtendedErrorMessage.split('\n')[0], 'SUB-00003');

    const list = await ec(
      LIST_EC,
      certs.fjordlys,
      `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><ns:GetReporteeElementListEC xmlns:ns="http://www.altinn.no/services/ServiceEngine/ReporteeElementList/2009/10" xmlns:a="http://schemas.altinn.no/services/Archive/ReporteeArchive/2009/10"><ns:userName>${USER}</ns:userName><ns:password>${PASSWORD}</ns:password><ns:searchBE><a:Reportee>${NORDLYS}</a:Reportee></ns:searchBE><ns:languageID>1044</ns:languageID></ns:GetReporteeElementListEC></s:Body></s:Envelope>`,
      'http://www.altinn.no/services/ServiceEngine/ReporteeElementList/2009/10/IReporteeElementListExternalEC/GetReporteeElementListEC',
    );
    assert.equal(list.statusCode, 200, list.body);
    assert.match(list.body, /GetReporteeElementListECResult/);
    assert.match(list.body, /A-melding/, 'the archived payroll report is in the list');
  });

  it("refuses a wrong password (ErrorID 5, the user's lockout counts), another organisation's certificate and a deleted user", async () => {
    const wrong = faultOf(await submit(FJORDLYS, { password: 'Feil-passord-2026' }));
    assert.deepEqual([wrong.ErrorID, wrong.AltinnExtendedErrorMessage.split('\n')[0]], ['5', 'AUTN-00032']);
    const unknown = faultOf(await submit(FJORDLYS, { userName: 'ingen-slik' }));
    assert.deepEqual([unknown.ErrorID, unknown.AltinnExtendedErrorMessage.split('\n')[0]], ['5', 'AUTN-00032'], 'an unknown user gets the same answer');
    const lockout = await sql<{ failures: number }>`select failures from authn.lockout where subject like 'enterprise-user:%'`.execute(t.db.kysely);
    assert.deepEqual(lockout.rows, [{ failures: 1 }], "the known user's wrong password counts towards its lockout");

    const ttdCertificate = faultOf(await submit(FJORDLYS, { client: certs.ttd }));
    assert.deepEqual([ttdCertificate.ErrorID, ttdCertificate.AltinnExtendedErrorMessage.split('\n')[0]], ['5', 'AUTN-00034']);

    const rotated = await as(KARI, 'PUT', `/api/v1/reportees/${FJORDLYS}/enterprise-users/${USER}/password`, {});
    assert.equal(rotated.statusCode, 200, rotated.body);
    assert.equal(faultOf(await submit(FJORDLYS)).AltinnExtendedErrorMessage.split('\n')[0], 'AUTN-00032', 'the old password stops working at once');
    assert.equal(receiptStatus((await submit(FJORDLYS, { password: rotated.json().secret })).body), 'OK');

    const toUser = async () =>
      ((await as(KARI, 'GET', `/api/v1/reportees/${FJORDLYS}/delegations`)).json().delegations as { recipient: { name: string } }[]).filter((d) => d.recipient.name === USER);
    assert.equal((await toUser()).length, 1, 'the LOPER delegation is listed');
    assert.equal((await as(KARI, 'DELETE', `/api/v1/reportees/${FJORDLYS}/enterprise-users/${USER}`)).statusCode, 204);
    assert.deepEqual(await toUser(), [], "deleting the user revokes what was delegated to it, so the reportee's list keeps nothing that grants nothing");
    assert.equal(faultOf(await submit(FJORDLYS, { password: rotated.json().secret })).AltinnExtendedErrorMessage.split('\n')[0], 'AUTN-00032');
    const again = await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/enterprise-users`, { userName: USER, password: PASSWORD });
    assert.equal(again.json().code, 'REG-00025', 'a deleted name is not handed out again');
    const delegations = await as(KARI, 'POST', `/api/v1/reportees/${FJORDLYS}/delegations`, { roleCode: 'LOPER', to: { userName: USER } });
    assert.equal(delegations.json().code, 'AUTZ-00003', 'nothing is delegated to a deleted user');
  });
});
