// The enterprise-certificate endpoints (EC: certificate + agency system, AEC: certificate only) on their TLS
// listener: only clients with a certificate from the configured authority get a TLS connection at all; the
// certificate's organisation number says who calls. The test makes its own CA and certificates with openssl.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildCertificateSoapApi } from '../../src/roles/api/build-api.ts';
import type { HttpApp } from '../../src/platform/index.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';
import { makeCertificates, tlsCall, type Pem } from './certificates.ts';
import { contractSchema, faultOf } from './support.ts';

const DQ_EC = '/ArchiveExternal/DownloadQueueExternalEC.svc';
const CORR_AEC = '/ServiceEngineExternal/CorrespondenceAgencyExternalAEC2.svc';

describe('enterprise-certificate endpoints (EC, AEC) on the TLS listener', () => {
  let t: TestTinn;
  let tls: HttpApp;
  let port: number;
  const certs = makeCertificates();

  before(async () => {
    t = await buildTestTinn();
    await t.tinn.testenv!.ensureWorldLoaded();
    tls = await buildCertificateSoapApi(t.tinn, { key: certs.server.key, cert: certs.server.cert, ca: certs.ca });
    const url = await tls.listen({ host: '127.0.0.1', port: 0 });
    port = Number(new URL(url).port);
  });
  after(async () => {
    await tls.close();
    await t.close();
  });

  const call = (path: string, client: Pem | undefined, body?: string, action = '') => tlsCall(port, certs.ca, path, client, body, action);

  const envelope = (body: string) => `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>${body}</s:Body></s:Envelope>`;
  const DQ = 'http://www.altinn.no/services/Archive/DownloadQueue/2012/08';
  const dqItems = (password = 'Ttd-arkiv-2026') =>
    envelope(`<ns:GetDownloadQueueItemsEC xmlns:ns="${DQ}"><ns:systemUserName>TTD_ARKIV</ns:systemUserName><ns:systemPassword>${password}</ns:systemPassword><ns:serviceCode>5002</ns:serviceCode></ns:GetDownloadQueueItemsEC>`);
  const CORR = 'http://www.altinn.no/services/ServiceEngine/Correspondence/2009/10';
  const F = 'http://schemas.altinn.no/services/ServiceEngine/Correspondence/2016/02';
  const statusAec = envelope(
    `<ns:GetCorrespondenceStatusDetailsAECV3 xmlns:ns="${CORR}"><ns:filterCriteria><f:ServiceCode xmlns:f="${F}">5005</f:ServiceCode><f:ServiceEditionCode xmlns:f="${F}">1</f:ServiceEditionCode></ns:filterCriteria></ns:GetCorrespondenceStatusDetailsAECV3>`,
  );

  it('serves the derived EC and AEC contracts at ?wsdl: SOAP 1.2, operations named EC/AEC, no credentials in the AEC body', async () => {
    const aec = await call(`${CORR_AEC}?wsdl`, certs.ttd);
    assert.equal(aec.statusCode, 200);
    assert.match(aec.body, /<soap12:address location="https:\/\/127\.0\.0\.1:\d+\/ServiceEngineExternal\/CorrespondenceAgencyExternalAEC2\.svc"\/>/);
    assert.match(aec.body, /soapAction="http:\/\/www\.altinn\.no\/services\/ServiceEngine\/Correspondence\/2009\/10\/ICorrespondenceAgencyExternalAEC\/InsertCorrespondenceAECV2"/);
    assert.doesNotMatch(aec.body.slice(0, aec.body.indexOf('</wsdl:types>')), /name="InsertCorrespondenceAECV2">[\s\S]{0,400}name="systemPassword"/);
    assert.deepEqual(contractSchema(aec.body, '1.2').validate(statusAec), [], 'the request is valid against the served contract');
  });

  it('AEC: the certificate of a registered service owner alone is enough', async () => {
    const res = await call(CORR_AEC, certs.ttd, statusAec, `${CORR}/ICorrespondenceAgencyExternalAEC/GetCorrespondenceStatusDetailsAECV3`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /GetCorrespondenceStatusDetailsAECV3Result/);
  });

  it("AEC: another organisation's certificate is refused with ErrorID 5, a certificate without an orgno too", async () => {
    const fjordlys = faultOf(await call(CORR_AEC, certs.fjordlys, statusAec, ''));
    assert.deepEqual([fjordlys.ErrorID, fjordlys.AltinnExtendedErrorMessage], ['5', 'AUTN-00030']);
    const none = faultOf(await call(CORR_AEC, certs.noOrgno, statusAec, ''));
    assert.deepEqual([none.ErrorID, none.AltinnExtendedErrorMessage], ['5', 'AUTN-00029']);
  });

  it("EC: the certificate and the agency system's password must both be right and name the same service owner", async () => {
    const ok = await call(DQ_EC, certs.ttd, dqItems(), `${DQ}/IDownloadQueueExternalEC/GetDownloadQueueItemsEC`);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.match(ok.body, /GetDownloadQueueItemsECResult/);
    const wrongPassword = faultOf(await call(DQ_EC, certs.ttd, dqItems('Ttd-arkiv-2025'), ''));
    assert.deepEqual([wrongPassword.ErrorID, wrongPassword.AltinnExtendedErrorMessage.split('\n')[0]], ['989', 'AUTN-00021']);
    const otherOrganisation = faultOf(await call(DQ_EC, certs.fjordlys, dqItems(), ''));
    assert.deepEqual([otherOrganisation.ErrorID, otherOrganisation.AltinnExtendedErrorMessage.split('\n')[0]], ['5', 'AUTN-00031']);
  });

  it('admits no connection without a certificate or with one from another authority', async () => {
    await assert.rejects(call(DQ_EC, undefined, dqItems()), (err: NodeJS.ErrnoException) => /certificate|ECONNRESET|socket hang up|alert/i.test(`${err.code} ${err.message}`));
    await assert.rejects(call(DQ_EC, certs.foreign, dqItems()), (err: NodeJS.ErrnoException) => /certificate|ECONNRESET|socket hang up|alert/i.test(`${err.code} ${err.message}`));
  });

  it('keeps the certificate endpoints off the plain listener', async () => {
    const res = await t.app.inject({ method: 'POST', url: CORR_AEC, headers: { 'content-type': 'application/soap+xml' }, payload: statusAec });
    assert.equal(res.statusCode, 404);
  });
});
