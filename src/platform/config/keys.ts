/**
 * Every configuration key Tinn reads, in one table. `docs/configuration.md` is generated from it
 * (see generate-docs.ts) and a test keeps the file fresh.
 */
export type KeyType =
  | { kind: 'string'; pattern?: RegExp; patternHint?: string }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'list'; values: readonly string[] }
  | { kind: 'url'; protocols: readonly string[] };

export interface KeyDefinition {
  /** Environment variable name. */
  env: string;
  /** Dotted path used in a config file (`http.port`). */
  path: string;
  type: KeyType;
  /** Default as it would be written in the environment; undefined = unset. */
  default?: string;
  description: string;
  /** Secret values are never printed, logged or echoed in errors. */
  secret?: boolean;
}

export const ROLES = ['api', 'worker', 'sftp'] as const;

export const configKeys: readonly KeyDefinition[] = [
  {
    env: 'TINN_CONFIG_FILE',
    path: '',
    type: { kind: 'string' },
    description:
      'Optional JSON or YAML file with configuration, keyed by the dotted paths in this table (`http: { port: 8080 }`). Environment variables win over the file; command-line flags win over both.',
  },
  {
    env: 'TINN_ROLES',
    path: 'roles',
    type: { kind: 'list', values: ROLES },
    default: 'api,worker',
    description: 'Comma-separated roles this process runs: `api` (REST, docs, health, metrics), `worker` (claims jobs) and `sftp` (the SFTP batch channel on `TINN_SFTP_PORT`). `tinn start --roles` overrides it.',
  },
  {
    env: 'TINN_HTTP_HOST',
    path: 'http.host',
    type: { kind: 'string' },
    default: '127.0.0.1',
    description: 'Interface the HTTP server binds to. Use `0.0.0.0` to accept connections from other machines (in a container, say).',
  },
  {
    env: 'TINN_HTTP_PORT',
    path: 'http.port',
    type: { kind: 'integer', min: 0, max: 65535 },
    default: '8080',
    description: 'TCP port of the HTTP server; 0 picks a free port.',
  },
  {
    env: 'TINN_PUBLIC_URL',
    path: 'http.publicUrl',
    type: { kind: 'url', protocols: ['http:', 'https:'] },
    description: 'Address users reach Tinn at (printed at start, used in links and OpenAPI, and the issuer of every access token). Defaults to `http://localhost:<port>`. With several API processes set it, the same for all (the address of the load balancer): a token is accepted only by processes with its issuer.',
  },
  {
    env: 'TINN_HTTP_BODY_LIMIT',
    path: 'http.bodyLimit',
    type: { kind: 'integer', min: 1024, max: 1073741824 },
    default: '1048576',
    description: 'Largest request body in bytes accepted by JSON routes; larger bodies get problem PLAT-00006.',
  },
  {
    env: 'TINN_TRUST_PROXY',
    path: 'http.trustProxy',
    type: { kind: 'boolean' },
    default: 'false',
    description: 'Trust `X-Forwarded-*` headers (set when Tinn runs behind a reverse proxy).',
  },
  {
    env: 'TINN_SOAP_TLS_PORT',
    path: 'soap.tlsPort',
    type: { kind: 'integer', min: 0, max: 65535 },
    description:
      "TCP port of the TLS listener for Altinn II's enterprise-certificate SOAP endpoints (EC/AEC, e.g. `…CorrespondenceAgencyExternalEC2.svc`), on `TINN_HTTP_HOST`. Every client must present a certificate issued by `TINN_SOAP_CLIENT_CA`; its organisation number (subject serialNumber or organizationIdentifier `NTRNO-…`) names the organisation. Unset: no such listener.",
  },
  {
    env: 'TINN_SOAP_TLS_CERT',
    path: 'soap.tlsCertFile',
    type: { kind: 'string' },
    description: "PEM file with the TLS listener's certificate (and chain). Needed with `TINN_SOAP_TLS_PORT`.",
  },
  {
    env: 'TINN_SOAP_TLS_KEY',
    path: 'soap.tlsKeyFile',
    type: { kind: 'string' },
    secret: true,
    description: "PEM file with the TLS listener's private key. Needed with `TINN_SOAP_TLS_PORT`.",
  },
  {
    env: 'TINN_SOAP_CLIENT_CA',
    path: 'soap.clientCaFile',
    type: { kind: 'string' },
    description: 'PEM bundle of the certificate authorities whose enterprise certificates the TLS listener accepts (e.g. Buypass and Commfides in production). Needed with `TINN_SOAP_TLS_PORT`.',
  },
  {
    env: 'TINN_SFTP_PORT',
    path: 'sftp.port',
    type: { kind: 'integer', min: 0, max: 65535 },
    default: '2222',
    description: 'TCP port of the SFTP server (the `sftp` role), on `TINN_SFTP_HOST`: the batch channel for broker shipments. Accounts are data systems (SystemID and password or SSH key), enterprise users (SSH key) and agency systems (name and password or key).',
  },
  {
    env: 'TINN_SFTP_HOST',
    path: 'sftp.host',
    type: { kind: 'string' },
    default: '0.0.0.0',
    description: 'Address the SFTP server listens on.',
  },
  {
    env: 'TINN_SFTP_HOST_KEY',
    path: 'sftp.hostKeyFile',
    type: { kind: 'string' },
    secret: true,
    description: "OpenSSH private key file of the SFTP server's host key. Defaults to `<TINN_DATA_DIR>/sftp_host_ed25519_key`, made (ed25519, mode 0600) on first start. Every process of the `sftp` role must use the same key.",
  },
  {
    env: 'TINN_SFTP_WORK_DIR',
    path: 'sftp.workDir',
    type: { kind: 'string' },
    description: 'Local directory where archives wait while they are uploaded over SFTP (removed once processed). Defaults to `<TINN_DATA_DIR>/sftp-work`. Needs room for the largest archives in flight, whatever the blob store.',
  },
  {
    env: 'TINN_CREDENTIALS_KEY',
    path: 'authn.credentialsKey',
    type: { kind: 'string', pattern: /^[A-Za-z0-9+/]{43}=$/, patternHint: '32 random bytes in base64, e.g. from `openssl rand -base64 32`' },
    secret: true,
    description:
      'Key that seals (AES-256-GCM) the passwords of data systems and agency systems set while it is configured, so WS-Security PasswordDigest (which needs the password itself) can be checked for them. Unset: only argon2id hashes are kept and PasswordDigest is refused (AUTN-00028). Keep it outside the database and its backups.',
  },
  {
    env: 'DATABASE_URL',
    path: 'db.url',
    type: { kind: 'url', protocols: ['postgres:', 'postgresql:'] },
    secret: true,
    description: 'PostgreSQL connection URL. When unset Tinn uses the embedded database (PGlite) in `TINN_DATA_DIR`.',
  },
  {
    env: 'TINN_DB_POOL_MAX',
    path: 'db.poolMax',
    type: { kind: 'integer', min: 1, max: 500 },
    default: '10',
    description: 'Largest number of PostgreSQL connections per process (ignored on the embedded database, which has one).',
  },
  {
    env: 'TINN_MIGRATE_ON_START',
    path: 'db.migrateOnStart',
    type: { kind: 'boolean' },
    default: 'true',
    description: 'Run pending migrations when `tinn start` starts (safe with many processes: the migrator takes a lock). Set to false to run `tinn migrate` as a separate deployment step.',
  },
  {
    env: 'TINN_DATA_DIR',
    path: 'dataDir',
    type: { kind: 'string' },
    default: './data',
    description: 'Directory for the embedded database (`<dir>/pglite`) and, unless `TINN_BLOB_DIR` is set, blobs (`<dir>/blobs`).',
  },
  {
    env: 'TINN_BLOB_DIR',
    path: 'blobs.dir',
    type: { kind: 'string' },
    description: 'Directory of the filesystem blob store. Defaults to `<TINN_DATA_DIR>/blobs`.',
  },
  {
    env: 'TINN_BLOB_STORE',
    path: 'blobs.store',
    type: { kind: 'enum', values: ['filesystem', 's3'] },
    default: 'filesystem',
    description:
      'Where attachments, broker files and other large content are kept: `filesystem` (in `TINN_BLOB_DIR`; every process of an installation must share that directory) or `s3` (a bucket at AWS or any S3-compatible service, `TINN_S3_*`).',
  },
  {
    env: 'TINN_S3_ENDPOINT',
    path: 'blobs.s3.endpoint',
    type: { kind: 'url', protocols: ['http:', 'https:'] },
    description: 'Address of an S3-compatible service (MinIO, Ceph, Garage, the object storage of a cloud provider), with TINN_BLOB_STORE=s3. Unset: AWS S3 itself, its endpoint chosen by TINN_S3_REGION.',
  },
  {
    env: 'TINN_S3_REGION',
    path: 'blobs.s3.region',
    type: { kind: 'string', pattern: /^[a-z0-9-]{1,64}$/, patternHint: 'a region name such as eu-north-1' },
    default: 'us-east-1',
    description: 'Region of the bucket (AWS) or the region name the S3-compatible service expects in signatures (most accept `us-east-1`).',
  },
  {
    env: 'TINN_S3_BUCKET',
    path: 'blobs.s3.bucket',
    type: { kind: 'string', pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, patternHint: 'a bucket name: 3–63 lowercase letters, digits, "." and "-"' },
    description: 'The bucket blobs are kept in, with TINN_BLOB_STORE=s3 (needed then). Tinn does not create it.',
  },
  {
    env: 'TINN_S3_ACCESS_KEY_ID',
    path: 'blobs.s3.accessKeyId',
    type: { kind: 'string' },
    description:
      "Access key id for the bucket, with TINN_S3_SECRET_ACCESS_KEY. Unset: the AWS SDK's default credential chain (`AWS_ACCESS_KEY_ID`…, shared config files, container or instance role).",
  },
  {
    env: 'TINN_S3_SECRET_ACCESS_KEY',
    path: 'blobs.s3.secretAccessKey',
    type: { kind: 'string' },
    secret: true,
    description: 'Secret access key belonging to TINN_S3_ACCESS_KEY_ID.',
  },
  {
    env: 'TINN_S3_FORCE_PATH_STYLE',
    path: 'blobs.s3.forcePathStyle',
    type: { kind: 'boolean' },
    description:
      'Address the bucket in the path (`https://host/bucket/key`) rather than in the host name (`https://bucket.host/key`). Defaults to true when TINN_S3_ENDPOINT is set (what most self-hosted services need) and false for AWS.',
  },
  {
    env: 'TINN_S3_PREFIX',
    path: 'blobs.s3.prefix',
    type: { kind: 'string', pattern: /^[A-Za-z0-9_.\/-]{1,256}$/, patternHint: 'up to 256 letters, digits, "_", ".", "-" and "/"' },
    description: 'Put before every key in the bucket, e.g. `tinn/`, so one bucket can serve several installations. Unset: none.',
  },
  {
    env: 'TINN_REGISTER_CACHE_SIZE',
    path: 'register.organizationCacheSize',
    type: { kind: 'integer', min: 0, max: 10000000 },
    default: '10000',
    description:
      'Organisations kept in memory per process for lookups. Changes reach every process through PostgreSQL NOTIFY when they commit; while that connection is down the cache is bypassed. 0 turns it off.',
  },
  {
    env: 'TINN_AUTHN_TOKEN_TTL_SECONDS',
    path: 'authn.tokenTtlSeconds',
    type: { kind: 'integer', min: 60, max: 86400 },
    default: '900',
    description: 'Lifetime of the signed JWTs the API accepts (they are not revoked before they expire: keep them short).',
  },
  {
    env: 'TINN_AUTHN_SESSION_IDLE_MINUTES',
    path: 'authn.sessionIdleMinutes',
    type: { kind: 'integer', min: 1, max: 1440 },
    default: '30',
    description: 'A portal session ends after this long without use (Altinn II: 30 minutes, renewed on use).',
  },
  {
    env: 'TINN_AUTHN_SESSION_MAX_HOURS',
    path: 'authn.sessionMaxHours',
    type: { kind: 'integer', min: 1, max: 168 },
    default: '8',
    description: 'A portal session ends this long after login however much it is used (Altinn II: 8 hours).',
  },
  {
    env: 'TINN_AUTHN_CODE_TTL_SECONDS',
    path: 'authn.codeTtlSeconds',
    type: { kind: 'integer', min: 30, max: 3600 },
    default: '300',
    description: 'How long a one-time login code sent by SMS stays valid.',
  },
  {
    env: 'TINN_AUTHN_MAX_FAILURES',
    path: 'authn.maxFailures',
    type: { kind: 'integer', min: 1, max: 100 },
    default: '5',
    description: 'Wrong passwords (or wrong one-time codes) in a row before the account is locked.',
  },
  {
    env: 'TINN_AUTHN_LOCKOUT_MINUTES',
    path: 'authn.lockoutMinutes',
    type: { kind: 'integer', min: 1, max: 10080 },
    default: '15',
    description: 'How long a locked account stays locked.',
  },
  {
    env: 'TINN_AUTHN_KEY_ROTATION_DAYS',
    path: 'authn.keyRotationDays',
    type: { kind: 'integer', min: 1, max: 3650 },
    default: '30',
    description: 'Age at which the token-signing key is replaced by a new one; old public keys stay in the JWKS until the tokens they signed have expired.',
  },
  {
    env: 'TINN_AUTHN_RATE_LIMIT_IP_PER_MINUTE',
    path: 'authn.rateLimitIpPerMinute',
    type: { kind: 'integer', min: 1, max: 1000000 },
    default: '30',
    description: 'Login attempts (and, twice this, code checks) one IP address may make per minute before getting AUTN-00013 with Retry-After.',
  },
  {
    env: 'TINN_AUTHN_RATE_LIMIT_ACCOUNT_PER_HOUR',
    path: 'authn.rateLimitAccountPerHour',
    type: { kind: 'integer', min: 1, max: 1000000 },
    default: '20',
    description: 'Login attempts per national id or user name per hour (each sends an SMS when the password is right), whether or not the account exists.',
  },
  {
    env: 'TINN_AUTHN_SYSTEM_CHALLENGE_MINUTES',
    path: 'authn.systemChallengeMinutes',
    type: { kind: 'integer', min: 1, max: 1440 },
    default: '30',
    description: 'How long a one-time code, once used by a data system, keeps working; each use renews it (Altinn II: 30 minutes).',
  },
  {
    env: 'TINN_AUTHN_SYSTEM_CHALLENGE_MAX_HOURS',
    path: 'authn.systemChallengeMaxHours',
    type: { kind: 'integer', min: 1, max: 24 },
    default: '8',
    description: 'Longest a data system may keep using one one-time code, however often it renews it (Altinn II: 8 hours).',
  },
  {
    env: 'TINN_AUTHN_RATE_LIMIT_SYSTEM_PER_MINUTE',
    path: 'authn.rateLimitSystemPerMinute',
    type: { kind: 'integer', min: 1, max: 1000000 },
    default: '300',
    description: 'Token and challenge requests per minute for data systems and agency systems (servers acting for many users), per IP address and per SystemID or agency-system name, before AUTN-00013.',
  },
  {
    env: 'TINN_AUTHN_SECURE_COOKIE',
    path: 'authn.secureCookie',
    type: { kind: 'enum', values: ['auto', 'always', 'never'] },
    default: 'auto',
    description: '`Secure` flag of the session cookie: `auto` sets it when the request came over TLS (behind a proxy, with TINN_TRUST_PROXY).',
  },
  {
    env: 'TINN_PORTAL_DIR',
    path: 'portal.dir',
    type: { kind: 'string' },
    default: 'portal',
    description: 'The web portal: its sources (index.html, src/) and, in `dist/`, its build, which the api role serves at `/`.',
  },
  {
    env: 'TINN_PORTAL_BUILD',
    path: 'portal.build',
    type: { kind: 'boolean' },
    default: 'true',
    description:
      'Build the portal (Vite) at start when `dist/` is missing or older than its sources (about 2 s). Set false where the build is shipped ready-made; without a build the portal is not served.',
  },
  {
    env: 'TINN_LOG_LEVEL',
    path: 'log.level',
    type: { kind: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    default: 'info',
    description: 'Lowest level written to the JSON log on standard output.',
  },
  {
    env: 'TINN_TESTENV',
    path: 'testenv.enabled',
    type: { kind: 'boolean' },
    default: 'false',
    description:
      'Turns the self-service test environment on: synthetic national ids are accepted, `/api/v1/testenv/*` exists, and an empty database is loaded with the world file. Never enable in production.',
  },
  {
    env: 'TINN_WORLD_FILE',
    path: 'testenv.worldFile',
    type: { kind: 'string' },
    default: 'testdata/world.yaml',
    description: 'World file loaded on first start and on reset when the test environment is on.',
  },
  {
    env: 'TINN_JOBS_POLL_INTERVAL_MS',
    path: 'jobs.pollIntervalMs',
    type: { kind: 'integer', min: 10, max: 600000 },
    default: '500',
    description: 'How long an idle worker waits before looking for due jobs again, in milliseconds.',
  },
  {
    env: 'TINN_JOBS_BATCH_SIZE',
    path: 'jobs.batchSize',
    type: { kind: 'integer', min: 1, max: 1000 },
    default: '10',
    description: 'Jobs a worker claims at once.',
  },
  {
    env: 'TINN_JOBS_MAX_ATTEMPTS',
    path: 'jobs.maxAttempts',
    type: { kind: 'integer', min: 1, max: 100 },
    default: '8',
    description: 'Attempts before a failing job is moved to the dead state (an enqueue may set its own).',
  },
  {
    env: 'TINN_JOBS_BACKOFF_MS',
    path: 'jobs.backoffMs',
    type: { kind: 'integer', min: 1, max: 3600000 },
    default: '1000',
    description: 'Delay before the first retry in milliseconds; each later retry doubles it (capped at one hour).',
  },
  {
    env: 'TINN_JOBS_LEASE_MS',
    path: 'jobs.leaseMs',
    type: { kind: 'integer', min: 1000, max: 86400000 },
    default: '300000',
    description: 'How long a claimed job stays reserved; a job whose worker died is claimed again after this.',
  },
  {
    env: 'TINN_SMS_TRANSPORT',
    path: 'sms.transport',
    type: { kind: 'enum', values: ['outbox', 'http'] },
    default: 'outbox',
    description: 'Where SMS go. `outbox` stores every message in the database (shown by the test environment); `http` POSTs JSON `{to, text, sender}` to TINN_SMS_GATEWAY_URL.',
  },
  {
    env: 'TINN_SMS_GATEWAY_URL',
    path: 'sms.gatewayUrl',
    type: { kind: 'url', protocols: ['http:', 'https:'] },
    secret: true,
    description: 'The SMS gateway endpoint, with TINN_SMS_TRANSPORT=http.',
  },
  {
    env: 'TINN_SMS_GATEWAY_TOKEN',
    path: 'sms.gatewayToken',
    type: { kind: 'string' },
    secret: true,
    description: 'Bearer token for the SMS gateway (optional).',
  },
  {
    env: 'TINN_SMS_SENDER',
    path: 'sms.sender',
    type: { kind: 'string', pattern: /^[A-Za-z0-9 ]{1,11}$/, patternHint: '1–11 letters, digits or spaces' },
    default: 'Tinn',
    description: 'Sender name shown on the phone for SMS from Tinn itself (login codes).',
  },
  {
    env: 'TINN_SMS_DAYTIME_WINDOW',
    path: 'sms.daytimeWindow',
    type: { kind: 'string', pattern: /^([01]\d|2[0-3])-([01]\d|2[0-4])$/, patternHint: 'HH-HH, e.g. 08-21' },
    description:
      'Hours (start inclusive, end exclusive, in TINN_SMS_TIME_ZONE) when notification SMS may go out, e.g. `08-21`; an SMS due outside them waits for the next start. Unset: any time. Login codes are never held back.',
  },
  {
    env: 'TINN_SMS_TIME_ZONE',
    path: 'sms.timeZone',
    type: { kind: 'string', pattern: /^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/, patternHint: 'an IANA time zone, e.g. Europe/Oslo' },
    default: 'Europe/Oslo',
    description: 'Time zone of TINN_SMS_DAYTIME_WINDOW.',
  },
  {
    env: 'TINN_MAIL_TRANSPORT',
    path: 'mail.transport',
    type: { kind: 'enum', values: ['outbox', 'smtp'] },
    default: 'outbox',
    description: 'Where e-mail goes. `outbox` stores every message in the database; `smtp` sends through TINN_SMTP_URL with a connection pool.',
  },
  {
    env: 'TINN_SMTP_URL',
    path: 'mail.smtpUrl',
    type: { kind: 'url', protocols: ['smtp:', 'smtps:'] },
    secret: true,
    description: 'SMTP server, with TINN_MAIL_TRANSPORT=smtp: `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://…:465`.',
  },
  {
    env: 'TINN_MAIL_FROM',
    path: 'mail.from',
    type: { kind: 'string' },
    default: 'Tinn <no-reply@localhost>',
    description: 'Default sender of e-mail from Tinn.',
  },
];
