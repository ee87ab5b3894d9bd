import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childOf, parseXmlTree } from '../../platform/xml/index.ts';
import type { ArchivedFormTask } from './archive.ts';
import { dataBatchXml } from './batch-delivery.ts';

const archived = (formData: string): ArchivedFormTask => ({
  archiveReference: 'AR1000042',
  archivedAt: new Date('2026-11-24T10:00:00Z'),
  reporteeElementId: 1000042,
  contentSha256: 'ab'.repeat(32),
  serviceCode: '5001',
  serviceEditionCode: 1,
  serviceOwnerCode: 'TTD',
  serviceName: { nb: 'Test', nn: 'Test', en: 'Test' },
  reportee: { partyId: 1, type: 'organization', orgno: '310000116', name: 'Fjordlys' },
  caseId: null,
  externalShipmentReference: null,
  forms: [{ formId: 1, dataFormatId: '6101', dataFormatVersion: 1, isMain: true, endUserSystemReference: 'hoved', parentReference: null, formData }],
  attachments: [],
  signingSteps: [],
});

describe('dataBatchXml', () => {
  it('carries the form exactly as stored: blank lines, carriage returns, markup and a CDATA end', () => {
    const formData = '<melding>\r\n\r\n  <tekst>a ]]> b &amp; "c"</tekst>\n\n</melding>';
    const xml = dataBatchXml(archived(formData), { batchReference: '7', previousReference: null, renderedAt: new Date('2026-11-24T10:00:01Z') });
    const batch = parseXmlTree(xml);
    assert.equal(batch.attributes.previousReference, '0');
    const unit = childOf(childOf(batch, 'DataUnits'), 'DataUnit')!;
    assert.deepEqual(childOf(unit, 'Approvers')!.children, []);
    const form = childOf(childOf(unit, 'FormTask'), 'Form')!;
    assert.equal(childOf(form, 'FormData')!.text, formData.trim());
    assert.ok(xml.toString('utf8').includes('&lt;melding&gt;&#13;\n&#13;\n  &lt;tekst&gt;'), 'the blank lines are kept');
  });
});
