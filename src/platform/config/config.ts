import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configKeys, type KeyDefinition, type ROLES } from './keys.ts';

export type Role = (typeof ROLES)[number];
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Tinn's configuration: parsed once at boot, then passed down. Nothing reads the environment after this. */
export interface Config {
  roles: Role[];
  http: { host: string; port: number; publicUrl: string; bodyLimit: number; trustProxy: boolean };
  /** The TLS listener for enterprise-certificate SOAP endpoints; files are resolved paths. */
  soap: { tlsPort: number | undefined; tlsCertFile: string | undefined; tlsKeyFile: string | undefined; clientCaFile: string | undefined };
  db: { url: string | undefined; poolMax: number; dataDir: string; migrateOnStart: boolean };
  /** The SFTP server of the `sftp` role; files are resolved paths. */
  sftp: { host: string; port: number; hostKeyFile: string; workDir: string };
  /** Blob storage: the filesystem store's directory, or an S3 bucket (`s3` is read only when `store` is `s3`). */
  blobs: {
    store: 'filesystem' | 's3';
    dir: string;
    s3: {
      /** Unset: AWS itself. */
      endpoint: string | undefined;
      region: string;
      bucket: string | undefined;
      /** Unset (with the secret): the AWS SDK's default credential chain. */
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
      forcePathStyle: boolean;
      prefix: string | undefined;
    };
  };
  register: { organizationCacheSize: number };
  authn: {
    tokenTtlSeconds: number;
    sessionIdleMinutes: number;
    sessionMaxHours: number;
    codeTtlSeconds: number;
    maxFailures: number;
    lockoutMinutes: number;
    systemChallengeMinutes: number;
    systemChallengeMaxHours: number;
    rateLimitSystemPerMinute: number;
    keyRotationDays: number;
    secureCookie: 'auto' | 'always' | 'never';
    rateLimitIpPerMinute: number;
    rateLimitAccountPerHour: number;
    /** Seals system passwords for PasswordDigest (base64, 32 bytes), when set. */
    credentialsKey: string | undefined;
  };
  log: { level: LogLevel };
  testenv: { enabled: boolean; worldFile: string };
  jobs: { pollIntervalMs: number; batchSize: number; maxAttempts: number; backoffMs: number; leaseMs: number };
  sms: { transport: 'outbox' | 'http'; gatewayUrl: string | undefined; gatewayToken: string | undefined; sender: string; daytimeWindow: string | undefined; timeZone: string };
  mail: { transport: 'outbox' | 'smtp'; smtpUrl: string | undefined; from: string };
  portal: { dir: string; build: boolean };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export interface ConfigSources {
  env: Record<string, string | undefined>;
  /** Values from command-line flags, keyed by env name; they win over everything. */
  overrides?: Record<string, string | undefined>;
  /** Directory relative paths are resolved against. */
  cwd?: string;
}

type Value = string | number | boolean | string[] | undefined;

/** Parses configuration from flags, environment and the optional file; returns every problem at once. */
export function parseConfig(sources: ConfigSources): ConfigResult {
  const problems: string[] = [];
  const cwd = sources.cwd ?? process.cwd();
  const overrides = sources.overrides ?? {};
  const fileValues = readConfigFile(overrides.TINN_CONFIG_FILE ?? sources.env.TINN_CONFIG_FILE, cwd, problems);
  const values = new Map<string, Value>();
  for (const key of configKeys) {
    if (key.env === 'TINN_CONFIG_FILE') continue;
    const raw = overrides[key.env] ?? emptyToUndefined(sources.env[key.env]) ?? fileValues.get(key.path) ?? key.default;
    if (raw === undefined) {
      values.set(key.env, undefined);
      continue;
    }
    const parsed = parseValue(key, raw);
    if (parsed.ok) values.set(key.env, parsed.value);
    else problems.push(`${key.env}: ${parsed.problem}`);
  }
  if (problems.length > 0) return { ok: false, problems };

  const get = <T extends Value>(env: string) => values.get(env) as T;
  const port = get<number>('TINN_HTTP_PORT');
  const dataDir = resolve(cwd, get<string>('TINN_DATA_DIR'));
  const config: Config = {
    roles: get<Role[]>('TINN_ROLES'),
    http: {
      host: get('TINN_HTTP_HOST'),
      port,
      publicUrl: (get<string | undefined>('TINN_PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/$/, ''),
      bodyLimit: get('TINN_HTTP_BODY_LIMIT'),
      trustProxy: get('TINN_TRUST_PROXY'),
    },
    soap: {
      tlsPort: get('TINN_SOAP_TLS_PORT'),
      tlsCertFile: fileIn(cwd, get('TINN_SOAP_TLS_CERT')),
      tlsKeyFile: fileIn(cwd, get('TINN_SOAP_TLS_KEY')),
      clientCaFile: fileIn(cwd, get('TINN_SOAP_CLIENT_CA')),
    },
    db: { url: get('DATABASE_URL'), poolMax: get('TINN_DB_POOL_MAX'), dataDir, migrateOnStart: get('TINN_MIGRATE_ON_START') },
    sftp: {
      host: get('TINN_SFTP_HOST'),
      port: get('TINN_SFTP_PORT'),
      hostKeyFile: resolve(cwd, get<string | undefined>('TINN_SFTP_HOST_KEY') ?? `${dataDir}/sftp_host_ed25519_key`),
      workDir: resolve(cwd, get<string | undefined>('TINN_SFTP_WORK_DIR') ?? `${dataDir}/sftp-work`),
    },
    blobs: {
      store: get('TINN_BLOB_STORE'),
      dir: resolve(cwd, get<string | undefined>('TINN_BLOB_DIR') ?? `${dataDir}/blobs`),
      s3: {
        endpoint: get('TINN_S3_ENDPOINT'),
        region: get('TINN_S3_REGION'),
        bucket: get('TINN_S3_BUCKET'),
        accessKeyId: get('TINN_S3_ACCESS_KEY_ID'),
        secretAccessKey: get('TINN_S3_SECRET_ACCESS_KEY'),
        forcePathStyle: get<boolean | undefined>('TINN_S3_FORCE_PATH_STYLE') ?? get<string | undefined>('TINN_S3_ENDPOINT') !== undefined,
        prefix: get('TINN_S3_PREFIX'),
      },
    },
    register: { organizationCacheSize: get('TINN_REGISTER_CACHE_SIZE') },
    authn: {
      tokenTtlSeconds: get('TINN_AUTHN_TOKEN_TTL_SECONDS'),
      sessionIdleMinutes: get('TINN_AUTHN_SESSION_IDLE_MINUTES'),
      sessionMaxHours: get('TINN_AUTHN_SESSION_MAX_HOURS'),
      codeTtlSeconds: get('TINN_AUTHN_CODE_TTL_SECONDS'),
      maxFailures: get('TINN_AUTHN_MAX_FAILURES'),
      lockoutMinutes: get('TINN_AUTHN_LOCKOUT_MINUTES'),
      systemChallengeMinutes: get('TINN_AUTHN_SYSTEM_CHALLENGE_MINUTES'),
      systemChallengeMaxHours: get('TINN_AUTHN_SYSTEM_CHALLENGE_MAX_HOURS'),
      rateLimitSystemPerMinute: get('TINN_AUTHN_RATE_LIMIT_SYSTEM_PER_MINUTE'),
      keyRotationDays: get('TINN_AUTHN_KEY_ROTATION_DAYS'),
      secureCookie: get('TINN_AUTHN_SECURE_COOKIE'),
      rateLimitIpPerMinute: get('TINN_AUTHN_RATE_LIMIT_IP_PER_MINUTE'),
      rateLimitAccountPerHour: get('TINN_AUTHN_RATE_LIMIT_ACCOUNT_PER_HOUR'),
      credentialsKey: get('TINN_CREDENTIALS_KEY'),
    },
    log: { level: get('TINN_LOG_LEVEL') },
    testenv: { enabled: get('TINN_TESTENV'), worldFile: resolve(cwd, get<string>('TINN_WORLD_FILE')) },
    jobs: {
      pollIntervalMs: get('TINN_JOBS_POLL_INTERVAL_MS'),
      batchSize: get('TINN_JOBS_BATCH_SIZE'),
      maxAttempts: get('TINN_JOBS_MAX_ATTEMPTS'),
      backoffMs: get('TINN_JOBS_BACKOFF_MS'),
      leaseMs: get('TINN_JOBS_LEASE_MS'),
    },
    sms: { transport: get('TINN_SMS_TRANSPORT'), gatewayUrl: get('TINN_SMS_GATEWAY_URL'), gatewayToken: get('TINN_SMS_GATEWAY_TOKEN'), sender: get('TINN_SMS_SENDER'), daytimeWindow: get('TINN_SMS_DAYTIME_WINDOW'), timeZone: get('TINN_SMS_TIME_ZONE') },
    mail: { transport: get('TINN_MAIL_TRANSPORT'), smtpUrl: get('TINN_SMTP_URL'), from: get('TINN_MAIL_FROM') },
    portal: { dir: resolve(cwd, get<string>('TINN_PORTAL_DIR')), build: get('TINN_PORTAL_BUILD') },
  };
  const missing: string[] = [];
  if (config.sms.transport === 'http' && !config.sms.gatewayUrl) missing.push('TINN_SMS_GATEWAY_URL: needed with TINN_SMS_TRANSPORT=http');
  if (config.soap.tlsPort !== undefined) {
    for (const [env, file] of [['TINN_SOAP_TLS_CERT', config.soap.tlsCertFile], ['TINN_SOAP_TLS_KEY', config.soap.tlsKeyFile], ['TINN_SOAP_CLIENT_CA', config.soap.clientCaFile]] as const) {
      if (!file) missing.push(`${env}: needed with TINN_SOAP_TLS_PORT`);
    }
  }
  if (config.mail.transport === 'smtp' && !config.mail.smtpUrl) missing.push('TINN_SMTP_URL: needed with TINN_MAIL_TRANSPORT=smtp');
  if (config.blobs.store === 's3' && !config.blobs.s3.bucket) missing.push('TINN_S3_BUCKET: needed with TINN_BLOB_STORE=s3');
  if (config.blobs.s3.accessKeyId && !config.blobs.s3.secretAccessKey) missing.push('TINN_S3_SECRET_ACCESS_KEY: needed with TINN_S3_ACCESS_KEY_ID');
  if (config.blobs.s3.secretAccessKey && !config.blobs.s3.accessKeyId) missing.push('TINN_S3_ACCESS_KEY_ID: needed with TINN_S3_SECRET_ACCESS_KEY');
  if (config.sms.daytimeWindow) {
    const [start, end] = config.sms.daytimeWindow.split('-').map(Number);
    if (start! >= end!) missing.push('TINN_SMS_DAYTIME_WINDOW: the start hour must be before the end hour');
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: config.sms.timeZone });
  } catch {
    missing.push(`TINN_SMS_TIME_ZONE: unknown time zone ${config.sms.timeZone}`);
  }
  if (missing.length > 0) return { ok: false, problems: missing };
  if (config.roles.length === 0) return { ok: false, problems: ['TINN_ROLES: at least one role is needed'] };
  return { ok: true, config };
}

function fileIn(cwd: string, file: string | undefined): string | undefined {
  return file === undefined ? undefined : resolve(cwd, file);
}

/** The configuration with secrets masked, for printing and logging. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    db: { ...config.db, url: config.db.url === undefined ? undefined : maskUrl(config.db.url) },
    blobs: { ...config.blobs, s3: { ...config.blobs.s3, secretAccessKey: config.blobs.s3.secretAccessKey ? '***' : undefined } },
    authn: { ...config.authn, credentialsKey: config.authn.credentialsKey ? '***' : undefined },
    sms: { ...config.sms, gatewayUrl: config.sms.gatewayUrl === undefined ? undefined : maskUrl(config.sms.gatewayUrl), gatewayToken: config.sms.gatewayToken ? '***' : undefined },
    mail: { ...config.mail, smtpUrl: config.mail.smtpUrl === undefined ? undefined : maskUrl(config.mail.smtpUrl) },
  };
}

function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '***';
  }
}

function emptyToUndefined(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}

function readConfigFile(path: string | undefined, cwd: string, problems: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!path) return out;
  let data: unknown;
  try {
    const text = readFileSync(resolve(cwd, path), 'utf8');
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    problems.push(`TINN_CONFIG_FILE: cannot read ${path} (${(err as Error).message.split('\n')[0]})`);
    return out;
  }
  if (data === null || data === undefined) return out;
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push(`TINN_CONFIG_FILE: ${path} must hold an object`);
    return out;
  }
  const known = new Set(configKeys.map((k) => k.path).filter((p) => p !== ''));
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const p = prefix ? `${prefix}.${k}` : k;
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && !known.has(p)) {
        walk(v as Record<string, unknown>, p);
      } else if (!known.has(p)) {
        problems.push(`${path}: unknown key "${p}"`);
      } else {
        out.set(p, Array.isArray(v) ? v.join(',') : String(v));
      }
    }
  };
  walk(data as Record<string, unknown>, '');
  return out;
}

type Parsed = { ok: true; value: Value } | { ok: false; problem: string };

function parseValue(key: KeyDefinition, raw: string): Parsed {
  const shown = key.secret ? 'the given value' : JSON.stringify(raw);
  const t = key.type;
  switch (t.kind) {
    case 'string':
      if (t.pattern && !t.pattern.test(raw)) return { ok: false, problem: `${shown} is not ${t.patternHint ?? 'valid'}` };
      return { ok: true, value: raw };
    case 'integer': {
      if (!/^-?\d+$/.test(raw.trim())) return { ok: false, problem: `${shown} is not an integer` };
      const n = Number(raw);
      if (n < t.min || n > t.max) return { ok: false, problem: `${shown} is outside ${t.min}–${t.max}` };
      return { ok: true, value: n };
    }
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return { ok: true, value: true };
      if (['false', '0', 'no', 'off'].includes(v)) return { ok: true, value: false };
      return { ok: false, problem: `${shown} is not a boolean (true/false)` };
    }
    case 'enum':
      if (!t.values.includes(raw)) return { ok: false, problem: `${shown} is not one of ${t.values.join(', ')}` };
      return { ok: true, value: raw };
    case 'list': {
      const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = items.filter((i) => !t.values.includes(i));
      if (bad.length > 0) return { ok: false, problem: `unknown ${bad.map((b) => JSON.stringify(b)).join(', ')} (allowed: ${t.values.join(', ')})` };
      return { ok: true, value: [...new Set(items)] };
    }
    case 'url': {
      let u: URL;
      try {
        u = new URL(raw);
      } catch {
        return { ok: false, problem: `${shown} is not a URL` };
      }
      if (!t.protocols.includes(u.protocol)) return { ok: false, problem: `${shown} must use ${t.protocols.join(' or ')}` };
      return { ok: true, value: raw };
    }
  }
}
