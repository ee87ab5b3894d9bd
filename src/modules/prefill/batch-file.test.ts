import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../platform/index.ts';
import { readPrefillBatch } from './batch-file.ts';

const NS = 'http://schemas.altinn.no/services/intermediary/serviceinitiation/2009/10';
const bytes = (xml: string) => new TextEncoder().encode(xml);
const FORM = '<?xml version="1.0"?><melding xmlns="urn:no:tinn:ttd:a-melding:v1"><beloep>52000.00</beloep></melding>';
const ATTACHMENT = Buffer.from('vedlegg <1>');

const formTask = (sendersReference: string | null, extra = '') => `<FormTask>
  <ExternalServiceCode>5002</ExternalServiceCode><ExternalServiceEditionCode>1</ExternalServiceEditionCode>
  <ValidFrom>2026-11-01</ValidFrom><ValidTo>2027-11-01</ValidTo><IdentityFieldHashCode>abc</IdentityFieldHashCode>
  ${sendersReference === null ? '' : `<SendersReference>${sendersReference}</SendersReference>`}<ReceiversReference>mottaker-1</ReceiversReference>
  <IdentifyingFields><IdentifyingField>2026</IdentifyingField><IdentifyingField>10</IdentifyingField></IdentifyingFields>
  <Attachments><Attachment><AttachmentName>Lønnsslipp</AttachmentName><FileName>slipp.pdf</FileName><AttachmentData>${ATTACHMENT.toString('base64')}</AttachmentData><SendersReference>a-1</SendersReference><Encrypted>false</Encrypted><SigningLocked>true</SigningLocked></Attachment></Attachments>
  <Form><DataFormatId>6101</DataFormatId><DataFormatVersion>1</DataFormatVersion><SendersReference>hoved</SendersReference><FormData><![CDATA[${FORM}]]></FormData><SignedByDefault>true</SignedByDefault></Form>
  ${extra}
</FormTask>`;

const file = (reportees: string, header = '<SequenceNo>4</SequenceNo><ExternalShipmentReference>prefill-okt</ExternalShipmentReference>') =>
  bytes(`<?xml version="1.0" encoding="UTF-8"?><ServiceOwner xmlns="${NS}"><ServiceOwnerName>TTD</ServiceOwnerName><Prefill>${header}${reportees}</Prefill></ServiceOwner>`);

describe('reading a prefill batch file', () => {
  it('reads the header inside Prefill and maps each FormTask to the store input, reference scoped by reportee and service', () => {
    const batch = readPrefillBatch(file(`<Reportee><Id>310000116</Id>${formTask('SKD-2026-10')}</Reportee><Reportee Id="14837501777">${formTask('SKD-2026-10')}</Reportee>`));
    assert.equal(batch.kind, 'prefill');
    assert.deepEqual(batch.header, { ownerCode: 'TTD', shipmentReference: 'prefill-okt', sequenceNo: 4 });
    assert.deepEqual(
      batch.items.map((i) => [i.position, i.reference, i.reportee, 'input' in i && i.input.externalShipmentReference]),
      [
        [1, 'SKD-2026-10', '310000116', '310000116/5002/1/SKD-2026-10'],
        [2, 'SKD-2026-10', '14837501777', '14837501777/5002/1/SKD-2026-10'],
      ],
    );
    const item = batch.items[0]!;
    assert.ok('input' in item);
    const { input } = item;
    assert.deepEqual([input.serviceCode, input.serviceEditionCode, input.reportee, input.sendersReference, input.receiversReference], ['5002', 1, '310000116', 'SKD-2026-10', 'mottaker-1']);
    assert.deepEqual([input.validFrom, input.validTo], ['2026-11-01', '2027-11-01']);
    assert.deepEqual(input.forms, [{ dataFormatId: '6101', dataFormatVersion: 1, formDataXml: FORM, sendersReference: 'hoved', signedByDefault: true, signingLocked: undefined }]);
    const [a] = input.attachments!;
    assert.deepEqual([a!.name, a!.fileName, a!.sendersReference, a!.signingLocked, Buffer.from(a!.data)], ['Lønnsslipp', 'slipp.pdf', 'a-1', true, ATTACHMENT]);
    assert.deepEqual(input.identityFields, [
      { index: 1, value: '2026' },
      { index: 2, value: '10' },
    ]);
  });

  it('lets the file reference and position stand in for a missing SendersReference, and takes the header directly under ServiceOwner', () => {
    const xml = `<ServiceOwner xmlns="${NS}"><ServiceOwnerName>TTD-LON</ServiceOwnerName><SequenceNo>9</SequenceNo><ExternalShipmentReference>f-1</ExternalShipmentReference><Prefill><Reportee><Id>310000116</Id>${formTask(null)}${formTask(null)}</Reportee></Prefill></ServiceOwner>`;
    const batch = readPrefillBatch(bytes(xml));
    assert.deepEqual(batch.header, { ownerCode: 'TTD-LON', shipmentReference: 'f-1', sequenceNo: 9 });
    assert.deepEqual(batch.items.map((i) => 'input' in i && i.input.externalShipmentReference), ['f-1/1', 'f-1/2']);
  });

  it('refuses field-based prefill item by item (PLAT-00031) and unreadable form tasks with every problem (PREF-00001)', () => {
    const fields = '<Field><Id>navn</Id><ValidFrom>2026-11-01</ValidFrom><ValidTo>2027-11-01</ValidTo><Value>Kari</Value></Field><Field><Id>alder</Id><Value>40</Value></Field>';
    const broken = `<FormTask><ExternalServiceCode>5002</ExternalServiceCode><ExternalServiceEditionCode>x</ExternalServiceEditionCode><SendersReference>b</SendersReference><Form><DataFormatId>6101</DataFormatId><DataFormatVersion>1</DataFormatVersion><FormData><melding/></FormData></Form></FormTask>`;
    const batch = readPrefillBatch(file(`<Reportee><Id>310000116</Id>${formTask('ok')}${fields}</Reportee><Reportee><Id>14837501777</Id>${broken}</Reportee>`));
    assert.deepEqual(
      batch.items.map((i) => [i.position, 'problem' in i ? i.problem.code : 'input']),
      [
        [1, 'input'],
        [2, 'PLAT-00031'],
        [3, 'PREF-00001'],
      ],
    );
    const field = batch.items[1]!;
    assert.ok('problem' in field);
    assert.deepEqual(field.errors.map((e) => e.path), ['Prefill/Reportee[1]/Field[1]', 'Prefill/Reportee[1]/Field[2]']);
    assert.equal(field.reference, 'navn,alder');
    const bad = batch.items[2]!;
    assert.ok('problem' in bad);
    assert.deepEqual(bad.errors.map((e) => e.path), ['Prefill/Reportee[2]/FormTask[1]/ExternalServiceEditionCode', 'Prefill/Reportee[2]/FormTask[1]/Form[1]/FormData']);
  });

  it('refuses subscriptions and other roots (PLAT-00026) and a header without ServiceOwnerName (PLAT-00030)', () => {
    assert.throws(() => readPrefillBatch(bytes(`<ServiceOwner xmlns="${NS}"><ServiceOwnerName>TTD</ServiceOwnerName><Subscription/></ServiceOwner>`)), (e) => isAppError(e) && e.problem.code === 'PLAT-00026' && /Subscription/.test(e.detail ?? ''));
    assert.throws(() => readPrefillBatch(bytes('<Correspondences/>')), (e) => isAppError(e) && e.problem.code === 'PLAT-00026');
    assert.throws(() => readPrefillBatch(bytes(`<ServiceOwner xmlns="${NS}"><Prefill><SequenceNo>-1</SequenceNo></Prefill></ServiceOwner>`)), (e) => isAppError(e) && e.problem.code === 'PLAT-00030' && e.errors!.length === 2);
  });
});
