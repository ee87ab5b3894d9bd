import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeConfig, parseConfig } from './config.ts';
import { configKeys } from './keys.ts';

const cwd = mkdtempSync(join(tmpdir(), 'tinn-config-'));

describe('configuration', () => {
  it('has working defaults: embedded database in ./data, port 8080, test environment off', () => {
    const result = parseConfig({ env: {}, cwd });
    assert.ok(result.ok);
    const c = result.config;
    assert.equal(c.http.port, 8080);
    assert.equal(c.http.publicUrl, 'http://localhost:8080');
    assert.equal(c.db.url, undefined);
    assert.equal(c.db.dataDir, join(cwd, 'data'));
    assert.equal(c.blobs.dir, join(cwd, 'data', 'blobs'));
    assert.deepEqual(c.roles, ['api', 'worker']);
    assert.equal(c.testenv.enabled, false);
  });

  it('reads the environment, and flags win over it', () => {
    const result = parseConfig({
      env: { TINN_HTTP_PORT: '9090', TINN_ROLES: 'worker', TINN_TESTENV: 'yes', DATABASE_URL: 'postgres://u:secret@db:5432/tinn' },
      overrides: { TINN_HTTP_PORT: '7070' },
      cwd,
    });
    assert.ok(result.ok);
    assert.equal(result.config.http.port, 7070);
    assert.deepEqual(result.config.roles, ['worker']);
    assert.equal(result.config.testenv.enabled, true);
    assert.equal(result.config.db.url, 'postgres://u:secret@db:5432/tinn');
    assert.ok(!JSON.stringify(describeConfig(result.config)).includes('secret'));
  });

  it('reports every problem at once, never echoing secrets', () => {
    const result = parseConfig({
      env: { TINN_HTTP_PORT: 'eighty', TINN_ROLES: 'api,sftp-ish', TINN_LOG_LEVEL: 'loud', TINN_TESTENV: 'maybe', DATABASE_URL: 'mysql://root:hunter2@x/db' },
      cwd,
    });
    assert.equal(result.ok, false);
    const problems = (result as { problems: string[] }).problems;
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('TINN_HTTP_PORT:')));
    assert.ok(problems.some((p) => p.startsWith('DATABASE_URL:') && !p.includes('hunter2')));
  });

  it('reads an optional YAML or JSON file keyed by dotted paths, and refuses unknown keys', () => {
    const yaml = join(cwd, 'tinn.yaml');
    writeFileSync(yaml, 'http:\n  port: 8181\njobs:\n  batchSize: 3\n');
    const fromFile = parseConfig({ env: { TINN_CONFIG_FILE: yaml }, cwd });
    assert.ok(fromFile.ok);
    assert.equal(fromFile.config.http.port, 8181);
    assert.equal(fromFile.config.jobs.batchSize, 3);
    const envWins = parseConfig({ env: { TINN_CONFIG_FILE: yaml, TINN_HTTP_PORT: '8282' }, cwd });
    assert.ok(envWins.ok && envWins.config.http.port === 8282);
    const json = join(cwd, 'tinn.json');
    writeFileSync(json, JSON.stringify({ http: { port: 1 }, colour: 'blue' }));
    const bad = parseConfig({ env: { TINN_CONFIG_FILE: json }, cwd });
    assert.equal(bad.ok, false);
    assert.deepEqual((bad as { problems: string[] }).problems, [`${json}: unknown key "colour"`]);
    const missing = parseConfig({ env: { TINN_CONFIG_FILE: join(cwd, 'none.yaml') }, cwd });
    assert.equal(missing.ok, false);
  });

  it('needs the SMTP and gateway addresses when those transports are chosen, and masks them', () => {
    const missing = parseConfig({ env: { TINN_MAIL_TRANSPORT: 'smtp', TINN_SMS_TRANSPORT: 'http' }, cwd });
    assert.equal(missing.ok, false);
    assert.equal((missing as { problems: string[] }).problems.length, 2);
    const ok = parseConfig({
      env: { TINN_MAIL_TRANSPORT: 'smtp', TINN_SMTP_URL: 'smtp://u:mailpw@mx:587', TINN_SMS_TRANSPORT: 'http', TINN_SMS_GATEWAY_URL: 'https://sms.example/send', TINN_SMS_GATEWAY_TOKEN: 'tok-123' },
      cwd,
    });
    assert.ok(ok.ok);
    const shown = JSON.stringify(describeConfig(ok.config));
    assert.ok(!shown.includes('mailpw') && !shown.includes('tok-123'));
  });

  it('keeps blobs on the filesystem by default; S3 needs a bucket, takes keys in pairs and masks the secret', () => {
    const fallback = parseConfig({ env: {}, cwd });
    assert.ok(fallback.ok);
    assert.equal(fallback.config.blobs.store, 'filesystem');
    const noBucket = parseConfig({ env: { TINN_BLOB_STORE: 's3', TINN_S3_ACCESS_KEY_ID: 'AKIA1' }, cwd });
    assert.equal(noBucket.ok, false);
    assert.deepEqual((noBucket as { problems: string[] }).problems, [
      'TINN_S3_BUCKET: needed with TINN_BLOB_STORE=s3',
      'TINN_S3_SECRET_ACCESS_KEY: needed with TINN_S3_ACCESS_KEY_ID',
    ]);
    const badBucket = parseConfig({ env: { TINN_BLOB_STORE: 's3', TINN_S3_BUCKET: 'No_Such' }, cwd });
    assert.ok(!badBucket.ok && badBucket.problems[0]!.startsWith('TINN_S3_BUCKET:'));
    const aws = parseConfig({ env: { TINN_BLOB_STORE: 's3', TINN_S3_BUCKET: 'tinn-blobs', TINN_S3_REGION: 'eu-north-1' }, cwd });
    assert.ok(aws.ok);
    assert.deepEqual(aws.config.blobs.s3, {
      endpoint: undefined,
      region: 'eu-north-1',
      bucket: 'tinn-blobs',
      accessKeyId: undefined,
      secretAccessKey: undefined,
      forcePathStyle: false,
      prefix: undefined,
    });
    const selfHosted = parseConfig({
      env: { TINN_BLOB_STORE: 's3', TINN_S3_BUCKET: 'tinn', TINN_S3_ENDPOINT: 'http://minio:9000', TINN_S3_ACCESS_KEY_ID: 'tinn', TINN_S3_SECRET_ACCESS_KEY: 's3cr3t-key', TINN_S3_PREFIX: 'prod/' },
      cwd,
    });
    assert.ok(selfHosted.ok);
    assert.equal(selfHosted.config.blobs.store, 's3');
    assert.equal(selfHosted.config.blobs.s3.forcePathStyle, true, 'path-style by default with an endpoint');
    assert.equal(selfHosted.config.blobs.s3.prefix, 'prod/');
    assert.ok(!JSON.stringify(describeConfig(selfHosted.config)).includes('s3cr3t-key'));
    const virtualHosted = parseConfig({ env: { TINN_S3_ENDPOINT: 'https://s3.example', TINN_S3_FORCE_PATH_STYLE: 'false' }, cwd });
    assert.ok(virtualHosted.ok && virtualHosted.config.blobs.s3.forcePathStyle === false);
  });

  it('documents every key', () => {
    for (const key of configKeys) {
      assert.ok(key.description.length > 20, key.env);
      assert.match(key.env, /^(TINN_[A-Z][A-Z0-9_]*|DATABASE_URL)$/);
    }
    assert.equal(new Set(configKeys.map((k) => k.env)).size, configKeys.length);
  });
});
