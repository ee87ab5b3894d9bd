// The broker service (formidling) over REST: a sender initiates a file transfer to two recipients, uploads
// it in chunks (resumable), the content is checked against its checksum before anyone sees it, the
// recipients download it (whole and by range) and confirm, the sender follows each recipient, and the
// transfer expires after the service's retention. Bad input is refused with a code and nothing published;
// nobody outside the transfer sees it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { MIN_STAGED_PART_BYTES, SettableClock } from '../../src/platform/index.ts';
import { createBroker, UploadHashes } from '../../src/modules/broker/index.ts';
import { createWorker } from '../../src/roles/worker/start-worker.ts';
import { allowOnBrokerService } from '../support/broker.ts';
import { buildTestTinn, countRows, type TestTinn } from '../support/tinn.ts';

const KARI = '14837501777'; // DAGL of Fjordlys: sends
const SIGRID = '09857904610'; // DAGL of Nordlys Bygg: receives
const TORE = '24927105906'; // DAGL of Havbris Fisk: receives
const HEDDA = '18850164351'; // no roles anywhere
const FJORDLYS = '310000116';
const NORDLYS = '310000124';
const HAVBRIS = '310000132';
const KYSTLINJE = '310000140'; // not allowed to receive in the SRR

/** Deterministic bytes of any size. */
function bytes(size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >>> 16;
  }
  return b;
}
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('broker file transfers over REST', () => {
  let t: TestTinn;
  const clock = new SettableClock(new Date('2026-11-25T08:00:00Z'));
  const tokens = new Map<string, string>();
  before(async () => {
    t = await buildTestTinn({ clock });
    await t.tinn.testenv!.ensureWorldLoaded();
    await allowOnBrokerService(t.app, [FJORDLYS], [NORDLYS, HAVBRIS]);
  });
  after(() => t.close());

  const as = async (ssn: string) => {
    if (!tokens.has(ssn)) tokens.set(ssn, (await t.app.inject({ method: 'POST', url: '/api/v1/testenv/login', payload: { ssn, securityLevel: 2 } })).json().accessToken);
    return { authorization: `Bearer ${tokens.get(ssn)}` };
  };
  let seq = 0;
  const initiate = async (ssn: string, overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/broker/files',
      headers: { ...(await as(ssn)), ...headers },
      payload: { serviceCode: '5003', serviceEditionCode: 1, reportee: FJORDLYS, sendersReference: `ref-${++seq}`, fileName: 'lonnsdata.zip', recipients: [NORDLYS, HAVBRIS], ...overrides },
    });
  const upload = async (ssn: string, ref: string, body: Buffer, range?: string) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/broker/files/${ref}/content`,
      headers: { ...(await as(ssn)), 'content-type': 'application/octet-stream', ...(range ? { 'content-range': range } : {}) },
      payload: body,
    });
  const get = async (ssn: string, url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { ...(await as(ssn)), ...headers } });
  const post = async (ssn: string, url: string) => t.app.inject({ method: 'POST', url, headers: await as(ssn) });
  const listed = async (ssn: string, query: string) => (await get(ssn, `/api/v1/broker/files?${query}`)).json().files.map((f: { fileReference: string }) => f.fileReference);

  it('carries a file from the sender to two recipients, published only after its checksum holds', async () => {
    const content = bytes(MIN_STAGED_PART_BYTES + 123_457);
    const started = await initiate(KARI, { checksum: sha256(content), properties: { period: '2026-10' } });
    assert.equal(started.statusCode, 201, started.body);
    const file = started.json();
    assert.equal(file.status, 'Initialized');
    assert.equal(file.viewer, 'sender');
    assert.deepEqual(file.recipients.map((r: { reporteeNumber: string; status: string }) => `${r.reporteeNumber}:${r.status}`), [`${NORDLYS}:Initialized`, `${HAVBRIS}:Initialized`]);
    const ref = file.fileReference;

    // First chunk: 5 MiB. The file is Uploading, and still invisible to the recipients.
    const first = await upload(KARI, ref, content.subarray(0, MIN_STAGED_PART_BYTES), `bytes 0-${MIN_STAGED_PART_BYTES - 1}/${content.length}`);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().status, 'Uploading');
    assert.equal(first.json().uploadedBytes, MIN_STAGED_PART_BYTES);
    assert.deepEqual(await listed(SIGRID, `reportee=${NORDLYS}`), []);
    assert.equal((await get(SIGRID, `/api/v1/broker/files/${ref}?reportee=${NORDLYS}`)).statusCode, 404);
    assert.equal((await get(SIGRID, `/api/v1/broker/files/${ref}/content`)).json().code, 'BRK-00005');

    // A chunk that does not start where the upload stands is refused with where it stands.
    const skipped = await upload(KARI, ref, content.subarray(MIN_STAGED_PART_BYTES + 10), `bytes ${MIN_STAGED_PART_BYTES + 10}-${content.length - 1}/${content.length}`);
    assert.equal(skipped.statusCode, 409);
    assert.equal(skipped.json().code, 'BRK-00009');
    assert.equal(skipped.json().uploadedBytes, MIN_STAGED_PART_BYTES);

    const last = await upload(KARI, ref, content.subarray(MIN_STAGED_PART_BYTES), `bytes ${MIN_STAGED_PART_BYTES}-${content.length - 1}/${content.length}`);
    assert.equal(last.statusCode, 200, last.body);
    assert.equal(last.json().status, 'Published');
    assert.equal(last.json().checksum, sha256(content));
    assert.equal(last.json().fileSize, content.length);
    assert.equal((await upload(KARI, ref, content)).json().code, 'BRK-00006', 'a published file takes no more content');

    // Each recipient lists it, sees only itself, downloads it whole and by range.
    assert.deepEqual(await listed(SIGRID, `reportee=${NORDLYS}&serviceCode=5003&status=Published`), [ref]);
    const seen = (await get(SIGRID, `/api/v1/broker/files/${ref}`)).json();
    assert.equal(seen.viewer, 'recipient');
    assert.deepEqual(seen.recipients.map((r: { reporteeNumber: string }) => r.reporteeNumber), [NORDLYS]);
    assert.equal(seen.history, null);
    assert.deepEqual(seen.properties, { period: '2026-10' });
    const whole = await get(SIGRID, `/api/v1/broker/files/${ref}/content?reportee=${NORDLYS}`);
    assert.equal(whole.statusCode, 200);
    assert.equal(whole.headers['x-content-sha256'], sha256(content));
    assert.equal(whole.headers['accept-ranges'], 'bytes');
    assert.ok(whole.rawPayload.equals(content), 'byte-identical');
    const tail = await get(TORE, `/api/v1/broker/files/${ref}/content`, { range: 'bytes=5000000-' });
    assert.equal(tail.statusCode, 206);
    assert.equal(tail.headers['content-range'], `bytes 5000000-${content.length - 1}/${content.length}`);
    assert.ok(tail.rawPayload.equals(content.subarray(5_000_000)));
    assert.equal((await get(TORE, `/api/v1/broker/files/${ref}/content`, { range: `bytes=${content.length}-` })).statusCode, 416);

    // Confirmations: each recipient's own, seen by the sender with the history.
    const confirmed = await post(SIGRID, `/api/v1/broker/files/${ref}/confirm-download?reportee=${NORDLYS}`);
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().recipients[0].status, 'Downloaded');
    assert.equal((await post(SIGRID, `/api/v1/broker/files/${ref}/confirm-download`)).statusCode, 200, 'confirming again changes nothing');
    assert.deepEqual(await listed(SIGRID, `reportee=${NORDLYS}&status=Downloaded`), [ref]);
    assert.deepEqual(await listed(SIGRID, `reportee=${NORDLYS}&status=Published`), []);
    const sender = (await get(KARI, `/api/v1/broker/files/${ref}`)).json();
    assert.deepEqual(sender.recipients.map((r: { status: string; lastDownloadedAt: string | null }) => `${r.status}:${r.lastDownloadedAt !== null}`), ['Downloaded:true', 'Published:false']);
    assert.deepEqual(sender.history.map((e: { event: string }) => e.event), ['Initialized', 'UploadStarted', 'Published', 'Downloaded', 'DownloadConfirmed']);
    await post(TORE, `/api/v1/broker/files/${ref}/confirm-download`);
    assert.ok((await get(KARI, `/api/v1/broker/files/${ref}`)).json().history.some((e: { event: string }) => e.event === 'AllConfirmedDownloaded'));
    assert.deepEqual(await listed(KARI, `reportee=${FJORDLYS}&status=Published`), [ref], 'the sender lists what it sent');

    // The recipients were told, with the owner's template.
    await createWorker(t.tinn).drain();
    const notices = await sql<{ reportee_number: string }>`select reportee_number from notifications.notification where notification_type = 'NyFil' order by reportee_number`.execute(t.db.kysely);
    assert.deepEqual(notices.rows.map((r) => r.reportee_number), [NORDLYS, HAVBRIS].sort());

    // Thirty days on, the transfer expires: no content, the record stays.
    clock.advance(31 * 86_400_000);
    tokens.clear();
    assert.ok((await t.tinn.broker.expireFiles()).expired >= 1);
    const expired = await get(TORE, `/api/v1/broker/files/${ref}/content`);
    assert.equal(expired.statusCode, 410);
    assert.equal(expired.json().code, 'BRK-00011');
    assert.equal((await get(KARI, `/api/v1/broker/files/${ref}`)).json().status, 'Expired');
    assert.equal(await t.tinn.blobs.stat(`broker/${ref}`), undefined, 'content deleted');
  });

  it('fails a transfer whose content does not match its checksum, and never shows it to the recipients', async () => {
    const ref = (await initiate(KARI, { checksum: sha256(Buffer.from('what was promised')) })).json().fileReference;
    const sent = await upload(KARI, ref, Buffer.from('something else'));
    assert.equal(sent.statusCode, 400);
    assert.equal(sent.json().code, 'BRK-00007');
    const file = (await get(KARI, `/api/v1/broker/files/${ref}`)).json();
    assert.equal(file.status, 'Failed');
    assert.match(file.failure, /^BRK-00007/);
    assert.deepEqual(await listed(SIGRID, `reportee=${NORDLYS}`).then((l: string[]) => l.filter((r) => r === ref)), []);
    assert.equal(await t.tinn.blobs.stat(`broker/${ref}`), undefined);
    assert.equal((await upload(KARI, ref, Buffer.from('what was promised'))).json().code, 'BRK-00006', 'a failed transfer is over');
  });

  it('refuses bad transfers whole, with every problem listed and nothing stored', async () => {
    const before = await countRows(t.db, 'broker.file');
    const unknown = await initiate(KARI, { recipients: [NORDLYS, '999999999', KYSTLINJE] });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().code, 'BRK-00004');
    assert.deepEqual(unknown.json().errors.map((e: { path: string; rule: string }) => `${e.path}:${e.rule}`), ['recipients/1:unknown', 'recipients/2:srr']);
    const bad = await initiate(KARI, { fileName: '../etc/passwd', checksum: 'abc', recipients: [NORDLYS, NORDLYS] });
    assert.equal(bad.json().code, 'BRK-00001');
    assert.deepEqual(bad.json().errors.map((e: { path: string }) => e.path), ['fileName', 'checksum', 'recipients/1']);
    const noRight = await initiate(HEDDA);
    assert.equal(noRight.statusCode, 403);
    assert.equal(noRight.json().code, 'BRK-00003');
    assert.equal((await initiate(KARI, { serviceCode: '5001' })).json().code, 'BRK-00002', 'not a broker service');
    assert.equal(await countRows(t.db, 'broker.file'), before);

    const ref = (await initiate(KARI)).json().fileReference;
    const tooBig = await upload(KARI, ref, Buffer.alloc(10), 'bytes 0-9/3000000000');
    assert.equal(tooBig.statusCode, 413);
    assert.equal(tooBig.json().code, 'BRK-00008');
    assert.equal((await upload(KARI, ref, Buffer.alloc(10), 'bytes 0-9/20')).json().code, 'BRK-00015', 'a chunk before the last has 5 MiB');
    assert.equal((await upload(KARI, ref, Buffer.alloc(10), 'bytes 0-19/20')).json().code, 'BRK-00010', 'the range and the body disagree');
    assert.equal((await upload(KARI, ref, Buffer.alloc(10), 'bytes=0-9')).json().code, 'BRK-00010');
    assert.equal((await upload(KARI, ref, Buffer.alloc(0))).json().code, 'BRK-00014');
    assert.equal((await get(KARI, `/api/v1/broker/files/${ref}`)).json().uploadedBytes, 0);
  });

  it('keeps a transfer invisible to everyone outside it, and lets only the sender upload and cancel', async () => {
    const ref = (await initiate(KARI, { recipients: [NORDLYS] })).json().fileReference;
    assert.equal((await upload(SIGRID, ref, Buffer.from('x'))).statusCode, 404, 'a recipient does not upload');
    assert.equal((await upload(KARI, ref, Buffer.from('payload'))).json().status, 'Published');
    for (const ssn of [HEDDA, TORE]) {
      assert.equal((await get(ssn, `/api/v1/broker/files/${ref}`)).statusCode, 404);
      assert.equal((await get(ssn, `/api/v1/broker/files/${ref}/content`)).statusCode, 404);
      assert.equal((await post(ssn, `/api/v1/broker/files/${ref}/confirm-download`)).statusCode, 404);
    }
    const named = await get(TORE, `/api/v1/broker/files/${ref}?reportee=${NORDLYS}`);
    assert.equal(named.statusCode, 403, 'naming a recipient one does not act for gets the reasons');
    assert.equal(named.json().code, 'BRK-00012');
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/broker/files/${ref}`, headers: await as(SIGRID) })).statusCode, 404);
    const cancelled = await t.app.inject({ method: 'DELETE', url: `/api/v1/broker/files/${ref}`, headers: await as(KARI) });
    assert.equal(cancelled.json().status, 'Cancelled');
    assert.equal((await get(SIGRID, `/api/v1/broker/files/${ref}/content`)).json().code, 'BRK-00011');
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/broker/files/${ref}`, headers: await as(KARI) })).json().code, 'BRK-00013');
  });

  it('answers the first transfer again for a retry with the same Idempotency-Key', async () => {
    const a = await initiate(KARI, { sendersReference: 'same' }, { 'idempotency-key': 'broker-retry-1' });
    const b = await initiate(KARI, { sendersReference: 'same' }, { 'idempotency-key': 'broker-retry-1' });
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 200);
    assert.equal(b.json().fileReference, a.json().fileReference);
  });

  it('resumes an upload cut off mid-chunk, and verifies content whose running checksum another process holds', async () => {
    const content = bytes(2 * MIN_STAGED_PART_BYTES + 99, 7);
    const ref = (await initiate(KARI, { checksum: sha256(content) })).json().fileReference;
    const actor = { kind: 'person', partyId: (await t.tinn.register.uncheckedGetPersonBySsn(KARI)).partyId, securityLevel: 2, methods: ['pwd'] } as const;
    // The connection breaks after 3 MiB of the first chunk: nothing of it counts.
    const broken = new Readable({
      read() {
        this.push(content.subarray(0, 3 * 1024 * 1024));
        this.destroy(new Error('connection reset'));
      },
    });
    await assert.rejects(t.tinn.broker.uploadFile(actor as never, ref, { range: { start: 0, end: MIN_STAGED_PART_BYTES - 1, total: content.length }, length: MIN_STAGED_PART_BYTES }, broken), /connection reset/);
    assert.equal((await get(KARI, `/api/v1/broker/files/${ref}`)).json().uploadedBytes, 0);
    assert.equal((await upload(KARI, ref, content.subarray(0, MIN_STAGED_PART_BYTES), `bytes 0-${MIN_STAGED_PART_BYTES - 1}/${content.length}`)).json().uploadedBytes, MIN_STAGED_PART_BYTES);

    // The rest goes through "another process" (its own running checksums): it reads the content back to verify.
    const other = createBroker({ db: t.db.kysely, clock, random: t.tinn.random, blobs: t.tinn.blobs, register: t.tinn.register, authz: t.tinn.authz, catalog: t.tinn.catalog, notifications: t.tinn.notifications, hashes: new UploadHashes(), testEnvironment: true });
    const rest = (from: number, to: number) => other.uploadFile(actor as never, ref, { range: { start: from, end: to - 1, total: content.length }, length: to - from }, Readable.from([content.subarray(from, to)]));
    await rest(MIN_STAGED_PART_BYTES, 2 * MIN_STAGED_PART_BYTES);
    const done = await rest(2 * MIN_STAGED_PART_BYTES, content.length);
    assert.equal(done.status, 'Published');
    assert.ok((await get(SIGRID, `/api/v1/broker/files/${ref}/content`)).rawPayload.equals(content));
  });
});
