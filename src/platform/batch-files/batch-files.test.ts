import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openTestDb, type TestDb } from '../../../test/support/db.ts';
import { SettableClock } from '../clock.ts';
import { isAppError } from '../errors/index.ts';
import { isOwnBatch } from './batch-file.ts';
import { claimBatchSequence, findLastBatchSequence, listBatchFiles, recordBatchFile, removeBatchReceipt, type BatchFileRecord } from './batch-files.ts';

describe('batch file bookkeeping', () => {
  let db: TestDb;
  const clock = new SettableClock('2026-11-26T10:00:00Z');
  before(async () => {
    db = await openTestDb();
  });
  after(() => db.close());

  const owner = () => `T${randomUUID().slice(0, 6)}`;
  const claim = (serviceOwnerCode: string, sequenceNo: number | null, kind: 'correspondence' | 'prefill' = 'correspondence') => claimBatchSequence(db.kysely, clock, { serviceOwnerCode, kind, sequenceNo });

  it('starts a series with the first SequenceNo, then takes only the last plus one (PLAT-00028 names the expected number)', async () => {
    const so = owner();
    assert.equal(await findLastBatchSequence(db.kysely, so, 'correspondence'), null);
    await claim(so, 41);
    await claim(so, 42);
    for (const wrong of [42, 44, 1]) {
      await assert.rejects(claim(so, wrong), (e) => isAppError(e) && e.problem.code === 'PLAT-00028' && e.data?.expected === 43 && /expected 43/.test(e.detail ?? ''));
    }
    await claim(so, null);
    assert.equal(await findLastBatchSequence(db.kysely, so, 'correspondence'), 42, 'a file without a number changes nothing');
    await claim(so, 43);
  });

  it('keeps one series per service owner and kind', async () => {
    const [a, b] = [owner(), owner()];
    await claim(a, 5);
    await claim(a, 1, 'prefill');
    await claim(b, 100);
    await claim(a, 6);
    await claim(a, 2, 'prefill');
    assert.deepEqual([await findLastBatchSequence(db.kysely, a, 'correspondence'), await findLastBatchSequence(db.kysely, a, 'prefill'), await findLastBatchSequence(db.kysely, b, 'correspondence')], [6, 2, 100]);
  });

  it('lets only one of two files with the same number through at once', async () => {
    const so = owner();
    await claim(so, 1);
    const results = await Promise.allSettled([claim(so, 2), claim(so, 2)]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  });

  it("lists an account's receipts, one per file name (the newest), and removes them without forgetting the files", async () => {
    const so = owner();
    const record = (account: string, fileName: string, result: BatchFileRecord['result'], receipt: string) =>
      recordBatchFile(db.kysely, clock, { account, serviceOwnerCode: so, kind: 'prefill', fileName, receivedAt: clock.now(), sequenceNo: 1, shipmentReference: 'r', result, code: null, itemCount: 1, okCount: 1, receipt });
    await record(`${so}/A`, 'a.xml', 'Failed', '<first/>');
    clock.advance(1000);
    await record(`${so}/A`, 'b.xml', 'OK', '<b/>');
    await record(`${so}/A`, 'a.xml', 'OK', '<second/>');
    await record(`${so}/B`, 'a.xml', 'OK', '<other account/>');
    const listed = await listBatchFiles(db.kysely, `${so}/A`);
    assert.deepEqual(listed.map((f) => [f.fileName, f.result, f.receipt]), [
      ['b.xml', 'OK', '<b/>'],
      ['a.xml', 'OK', '<second/>'],
    ]);
    assert.equal(await removeBatchReceipt(db.kysely, clock, `${so}/A`, 'a.xml'), true);
    assert.equal(await removeBatchReceipt(db.kysely, clock, `${so}/A`, 'a.xml'), false);
    assert.deepEqual((await listBatchFiles(db.kysely, `${so}/A`)).map((f) => f.fileName), ['b.xml']);
    assert.deepEqual((await listBatchFiles(db.kysely, `${so}/B`)).map((f) => f.fileName), ['a.xml']);
  });

  it("matches a header's owner code with or without a department", () => {
    const header = (ownerCode: string) => ({ ownerCode, shipmentReference: undefined, sequenceNo: null });
    assert.ok(['TTD', 'ttd', 'TTD-ARK', 'TTD_ARKIV'].every((c) => isOwnBatch(header(c), 'TTD')));
    assert.ok(!['TTDX', 'NAV', 'NAV-TTD', ''].some((c) => isOwnBatch(header(c), 'TTD')));
  });
});
