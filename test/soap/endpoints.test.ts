// Every SOAP endpoint Tinn mounts (Basic, WS and the certificate variants): its WSDL is served, its schema
// compiles, and its Test operation answers in the binding's SOAP version. Endpoints are built on their first
// call, so this is where a WSDL that does not compile would show.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildCertificateSoapApi } from '../../src/roles/api/build-api.ts';
import { soapEndpoints } from '../../src/roles/api/soap.ts';
import type { HttpApp } from '../../src/platform/index.ts';
import { buildTestTinn, type TestTinn } from '../support/tinn.ts';
import { contractSchema } from './support.ts';

const ENVELOPE = { '1.1': 'http://schemas.xmlsoap.org/soap/envelope/', '1.2': 'http://www.w3.org/2003/05/soap-envelope' } as const;
const TEST_ACTION = 'http://www.altinn.no/services/2009/10/IAltinnContractBase/Test';

describe('every SOAP endpoint', () => {
  let t: TestTinn;
  let tls: HttpApp;
  before(async () => {
    t = await buildTestTinn();
    // inject() needs no TLS: the Test operation asks for no credentials.
    tls = await buildCertificateSoapApi(t.tinn);
  });
  after(async () => {
    await tls.close();
    await t.close();
  });

  it('finds a SOAP path in any letter case, as IIS did (Altinn documents spell PrefillBasic.svc and PreFillBasic.svc)', async () => {
    const wsdl = await t.app.inject({ method: 'GET', url: '/serviceengineexternal/PrefillBasic.svc?wsdl' });
    assert.equal(wsdl.statusCode, 200);
    assert.match(wsdl.body, /SubmitAndInstantiatePrefilledFormTaskBasic/);
    const other = await t.app.inject({ method: 'POST', url: '/API/v1/authn/login', payload: {} });
    assert.equal(other.statusCode, 404, 'REST paths keep their case');
  });

  it('serves its WSDL, whose schema compiles, and answers Test in its SOAP version', async () => {
    const { plain, tls: certificate } = soapEndpoints(t.tinn);
    assert.ok(plain.length >= 12, `${plain.length} plain endpoints`);
    assert.ok(certificate.length >= 4, `${certificate.length} certificate endpoints`);
    const paths = new Set<string>();
    for (const [app, endpoint] of [...plain.map((e) => [t.app, e] as const), ...certificate.map((e) => [tls, e] as const)]) {
      assert.ok(!paths.has(endpoint.path), `${endpoint.path} is mounted once`);
      paths.add(endpoint.path);
      const wsdl = await app.inject({ method: 'GET', url: `${endpoint.path}?wsdl` });
      assert.equal(wsdl.statusCode, 200, endpoint.path);
      contractSchema(wsdl.body, endpoint.version);
      const headers =
        endpoint.version === '1.1' ? { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${TEST_ACTION}"` } : { 'content-type': `application/soap+xml; charset=utf-8; action="${TEST_ACTION}"` };
      const res = await app.inject({
        method: 'POST',
        url: endpoint.path,
        headers,
        payload: `<s:Envelope xmlns:s="${ENVELOPE[endpoint.version]}"><s:Body><Test xmlns="http://www.altinn.no/services/2009/10"/></s:Body></s:Envelope>`,
      });
      assert.equal(res.statusCode, 200, `${endpoint.path}: ${res.body.slice(0, 600)}`);
      assert.match(res.body, /TestResponse/);
      assert.ok(res.body.includes(ENVELOPE[endpoint.version]), `${endpoint.path} answers SOAP ${endpoint.version}`);
    }
  });
});
