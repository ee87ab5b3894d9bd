import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger, openDb } from '../../src/platform/index.ts';
import { buildApi } from '../../src/roles/api/build-api.ts';
import { composeTinn } from '../../src/roles/compose.ts';
import { buildTestTinn, testConfig, type TestTinn } from '../support/tinn.ts';

describe('HTTP platform', () => {
  let t: TestTinn;
  before(async () => {
    t = await buildTestTinn();
  });
  after(() => t.close());

  it('answers liveness and readiness', async () => {
    const live = await t.app.inject({ method: 'GET', url: '/health/live' });
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ready', checks: { database: { ok: true }, migrations: { ok: true } } });
  });

  it('is not ready while migrations are pending', async () => {
    const db = await openDb({}); // an empty, unmigrated embedded database
    const tinn = composeTinn({ config: testConfig(), db, log: createLogger('silent') });
    const app = await buildApi(tinn);
    try {
      const res = await app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      const body = res.json();
      assert.equal(body.code, 'PLAT-00007');
      assert.equal(body.checks.database.ok, true);
      assert.equal(body.checks.migrations.ok, false);
    } finally {
      await app.close();
      await db.close();
    }
  });

  it('gives every response a request id, keeping a well-formed one from the caller', async () => {
    const own = await t.app.inject({ method: 'GET', url: '/health/live' });
    assert.match(String(own.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const given = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'trace-abc.123' } });
    assert.equal(given.headers['x-request-id'], 'trace-abc.123');
    const hostile = await t.app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'bad id\nwith newline' } });
    assert.notEqual(hostile.headers['x-request-id'], 'bad id\nwith newline');
  });

  it('answers unknown routes with a coded problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const body = res.json();
    assert.equal(body.code, 'PLAT-00002');
    assert.equal(body.type, 'urn:tinn:problem:PLAT-00002');
    assert.equal(body.instance, '/api/v1/nothing-here');
    assert.equal(body.requestId, res.headers['x-request-id']);
  });

  it('answers malformed JSON, wrong media types and oversized bodies with coded problems', async () => {
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/testenv/persons', headers: { 'content-type': 'application/json' }, payload: '{"firstName": ' });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().code, 'PLAT-00003');
    const media = await t.app.inject({ method: 'POST', url: '/api/v1/testenv/persons', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });
    assert.equal(media.statusCode, 415);
    assert.equal(media.json().code, 'PLAT-00005');
    const huge = await t.app.inject({ method: 'POST', url: '/api/v1/testenv/persons', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ firstName: 'x'.repeat(2_000_000) }) });
    assert.equal(huge.statusCode, 413);
    assert.equal(huge.json().code, 'PLAT-00006');
  });

  it('lists every schema violation, unknown fields included', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/testenv/persons',
      payload: { firstName: 7, kind: 'passport', favouriteColour: 'blue', birthDate: '1st of May' },
    });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.code, 'PLAT-00004');
    const paths = body.errors.map((e: { path: string }) => e.path).sort();
    assert.deepEqual(paths, ['body/birthDate', 'body/favouriteColour', 'body/firstName', 'body/kind']);
    assert.equal(body.errors.find((e: { path: string }) => e.path === 'body/favouriteColour').message, 'unknown field');
    assert.equal(body.errors.find((e: { path: string }) => e.path === 'body/kind').message, 'must be one of "fnr", "dnr"');
  });

  it('exposes Prometheus metrics', async () => {
    await t.app.inject({ method: 'GET', url: '/health/live' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.match(res.body, /tinn_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} \d+/);
    assert.match(res.body, /process_resident_memory_bytes/);
  });

  it('publishes OpenAPI 3.1 and interactive docs', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(spec.statusCode, 200);
    const doc = spec.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/organizations/{orgno}']);
    assert.ok(doc.paths['/health/ready']);
    assert.equal(doc.paths['/metrics'], undefined);
    const home = await t.app.inject({ method: 'GET', url: '/' });
    assert.match(String(home.headers['content-type']), /^text\/(html|plain)/, 'the portal (or, unbuilt, a note saying so) is at /');
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(ui.statusCode, 200);
    assert.match(ui.body, /swagger-ui/i);
  });
});
