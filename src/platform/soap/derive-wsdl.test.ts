// The WS variant derived from Altinn's Basic correspondence WSDL against Altinn's own WS WSDL of the same
// service: the same operations, SOAP actions and request/response elements.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deriveWsdl } from './derive-wsdl.ts';
import { buildSchemaModel, qkey } from './schema-model.ts';
import { wsdlSchemaFiles } from './wsdl-schema.ts';

const WSDL = join(import.meta.dirname, '../../../wsdl');
const basic = readFileSync(join(WSDL, 'CorrespondenceAgencyExternalBasic.svc.wsdl'), 'utf8');
const real = readFileSync(join(WSDL, 'CorrespondenceAgencyExternal.svc.wsdl'), 'utf8');
const NS = 'http://www.altinn.no/services/ServiceEngine/Correspondence/2009/10';

const actions = (wsdl: string) => [...wsdl.matchAll(/soapAction="([^"]+)"/g)].map((m) => m[1]!);
const children = (wsdl: string, element: string) => {
  const model = buildSchemaModel(wsdlSchemaFiles(wsdl, '1.2').files);
  const type = model.elements.get(qkey(NS, element));
  assert.ok(type?.kind === 'complex', element);
  return model.complexTypes.get(type.key)!.map((p) => `${p.name}${p.min === 0 ? '?' : ''}`);
};

describe('deriving the WS variant of a Basic WSDL', () => {
  const derived = deriveWsdl(basic, 'ws');

  it("names operations and SOAP actions as Altinn's own WS contract does", () => {
    assert.deepEqual(derived.operations, { GetCorrespondenceStatusDetailsV3: 'GetCorrespondenceStatusDetailsBasicV3', InsertCorrespondenceV2: 'InsertCorrespondenceBasicV2' });
    const realActions = new Set(actions(real));
    for (const action of actions(derived.wsdl)) assert.ok(realActions.has(action), action);
    assert.match(derived.wsdl, /<soap12:binding /);
    assert.doesNotMatch(derived.wsdl, /<soap:(binding|operation|body|address)\b/);
  });

  it('leaves the credentials out of the requests and keeps everything else in order', () => {
    for (const element of ['InsertCorrespondenceV2', 'InsertCorrespondenceV2Response', 'GetCorrespondenceStatusDetailsV3', 'GetCorrespondenceStatusDetailsV3Response']) {
      assert.deepEqual(children(derived.wsdl, element), children(real, element), element);
    }
  });

  it('keeps the credentials in the body for EC and drops them for AEC', () => {
    const ec = deriveWsdl(basic, 'ec');
    assert.deepEqual(children(ec.wsdl, 'InsertCorrespondenceECV2').slice(0, 2), ['systemUserName', 'systemPassword']);
    const aec = deriveWsdl(basic, 'aec');
    assert.deepEqual(children(aec.wsdl, 'InsertCorrespondenceAECV2'), children(real, 'InsertCorrespondenceV2'));
  });
});
