// system-token: how many access tokens data systems get per second (system alone, and system + user password
// + one-time code at level 2), and what an agency system's ApiKey header costs per request next to a Bearer
// token of the same system; all against GET /health/live on the same Tinn process, alternately.
import os from 'node:os';
import { ARGON2_REPEATS, argon2VerifyMs } from '../lib/argon2.ts';
import { stopChild, waitUntilReady } from '../lib/children.ts';
import { createClient, type Client } from '../lib/client.ts';
import { runLoad, type LoadNumbers, type LoadRequest, type LoadSettings } from '../lib/load.ts';
import type { GoalCheck, Scenario, ScenarioOutcome } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir, startTinn, type Server } from '../lib/servers.ts';
import { formatInt, median, round } from '../lib/stats.ts';
import { worldDataSystems, worldPersons, worldServiceOwnerSystems, type WorldPerson } from '../lib/world.ts';

const CONNECTIONS = 10;
const ROUNDS = 3;
/** Measured seconds per run: the token runs get longer, since they manage a few dozen requests per second. */
const DURATION_SECONDS = 3;
const TOKEN_DURATION_SECONDS = 5;
const WARMUP_SECONDS = 1;
/** Users of the level-2 tokens: the first people of the world file with a password and a mobile number. */
const LEVEL2_USERS = 4;
const AUTH_METHOD = 'SMSPin';

const LIVE = '/health/live';
const ME = '/api/v1/authn/me';
const SYSTEM_TOKEN = '/api/v1/authn/system/token';
const SYSTEM_CHALLENGE = '/api/v1/authn/system/challenge';
const SERVICE_OWNER_TOKEN = '/api/v1/authn/serviceowner/token';
const OUTBOX = '/api/v1/testenv/outbox';

/** What each run loads, in the order of every round (the reference first). */
const VARIANTS = ['live', 'apiKey', 'bearer', 'systemToken', 'level2Token'] as const;
type Variant = (typeof VARIANTS)[number];

/** argon2id verifications Tinn makes per request of each variant. */
const ARGON2_CHECKS: Record<Variant, number> = { live: 0, apiKey: 0, bearer: 0, systemToken: 1, level2Token: 2 };

const durationOf = (v: Variant) => (ARGON2_CHECKS[v] > 0 ? TOKEN_DURATION_SECONDS : DURATION_SECONDS);

interface Measurement {
  round: number;
  variant: Variant;
  numbers: LoadNumbers;
  /** os.loadavg()[0] right after the run: about 2 is this benchmark alone (Tinn and autocannon); more means company. */
  loadAverage1mAfter: number;
}

interface LoginPerson extends WorldPerson {
  mobile: string;
  password: string;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function fail(what: string, res: { status: number; text: string }): never {
  throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 300)}`);
}

function problems(n: LoadNumbers): number {
  return n.non2xx + n.errors + n.timeouts;
}

type Actor = Record<string, unknown> & { kind?: unknown; securityLevel?: unknown; methods?: unknown; user?: unknown; systemId?: unknown; systemName?: unknown };

/** The newest SMS to `mobile` in the test outbox (its id and 6-digit code), or undefined when there is none. */
async function newestSms(client: Client, mobile: string): Promise<{ messageId: string; code: string | undefined } | undefined> {
  const res = await client.request('GET', `${OUTBOX}?recipient=${encodeURIComponent(mobile)}&channel=sms&limit=1`);
  if (res.status !== 200) fail(`GET ${OUTBOX} for ${mobile}`, res);
  const message = (res.body as { messages?: { messageId?: unknown; body?: unknown }[] } | undefined)?.messages?.[0];
  if (!message || typeof message.messageId !== 'string') return undefined;
  const code = typeof message.body === 'string' ? /\b(\d{6})\b/.exec(message.body)?.[1] : undefined;
  return { messageId: message.messageId, code };
}

/**
 * A challenge for `person` through the data system, and the code of the SMS it sent. Never guesses: five wrong
 * codes or passwords lock the person, so the code must come from a new outbox message or the run stops.
 */
async function challengeCode(client: Client, systemId: number, person: LoginPerson): Promise<string> {
  const before = await newestSms(client, person.mobile);
  const res = await client.request('POST', SYSTEM_CHALLENGE, { json: { systemId, userSsn: person.ssn, userPassword: person.password, authMethod: AUTH_METHOD } });
  if (res.status !== 200 || (res.body as { status?: unknown } | undefined)?.status !== 'Ok') fail(`POST ${SYSTEM_CHALLENGE} for ${person.ssn}`, res);
  const after = await newestSms(client, person.mobile);
  if (!after || after.messageId === before?.messageId || after.code === undefined) throw new Error(`no new SMS with a 6-digit code to ${person.mobile} after the challenge`);
  return after.code;
}

/** One system token through `client`, checked: the right system, level, user and (for level 2) the code's window. */
async function requestSystemToken(client: Client, body: Record<string, unknown>, level: 0 | 2): Promise<{ codeValidTo: string | null; bytes: number }> {
  const res = await client.request('POST', SYSTEM_TOKEN, { json: body });
  const b = res.body as { accessToken?: unknown; expiresIn?: unknown; actor?: Actor; codeValidTo?: unknown } | undefined;
  const a = b?.actor;
  const ok =
    res.status === 200 &&
    typeof b?.accessToken === 'string' &&
    typeof b.expiresIn === 'number' &&
    a?.kind === 'system' &&
    a.systemId === body.systemId &&
    a.securityLevel === level &&
    (level === 0 ? a.user === null && b.codeValidTo === null : a.user !== null && typeof b.codeValidTo === 'string');
  if (!ok) fail(`POST ${SYSTEM_TOKEN} (level ${level}${body.userSsn ? ` for ${String(body.userSsn)}` : ''})`, res);
  return { codeValidTo: (b!.codeValidTo as string | null) ?? null, bytes: Buffer.byteLength(res.text) };
}

/** An agency system's token from its name and password (checked to be that system's). */
async function serviceOwnerToken(client: Client, systemName: string, password: string): Promise<{ accessToken: string; expiresIn: number }> {
  const res = await client.request('POST', SERVICE_OWNER_TOKEN, { json: { systemName, password } });
  const b = res.body as { accessToken?: unknown; expiresIn?: unknown; actor?: Actor } | undefined;
  if (res.status !== 200 || typeof b?.accessToken !== 'string' || typeof b.expiresIn !== 'number' || b.actor?.systemName !== systemName) {
    fail(`POST ${SERVICE_OWNER_TOKEN} for ${systemName}`, res);
  }
  return { accessToken: b.accessToken, expiresIn: b.expiresIn };
}

/** GET /api/v1/authn/me with `headers` must name the agency system, authenticated by `method`; returns the body size. */
async function checkMe(client: Client, headers: Record<string, string>, systemName: string, method: 'apikey' | 'pwd'): Promise<number> {
  const res = await client.request('GET', ME, { headers });
  const a = res.body as Actor | undefined;
  if (res.status !== 200 || a?.kind !== 'serviceOwner' || a.systemName !== systemName || !Array.isArray(a.methods) || a.methods[0] !== method) {
    fail(`GET ${ME} as ${systemName} (${method})`, res);
  }
  return Buffer.byteLength(res.text);
}

function summarize(measurements: Measurement[], variant: Variant) {
  const runs = measurements.filter((m) => m.variant === variant).map((m) => m.numbers);
  return {
    requestsPerSecond: median(runs.map((n) => n.requestsPerSecond)),
    latencyP50Ms: median(runs.map((n) => n.latencyP50Ms)),
    latencyP99Ms: median(runs.map((n) => n.latencyP99Ms)),
    perRound: runs.map((n) => round(n.requestsPerSecond, 1)),
    totalRequests: runs.reduce((a, n) => a + n.totalRequests, 0),
  };
}

const rate = (v: number) => (v < 100 ? v.toFixed(1) : formatInt(v));
/** A ratio with enough decimals to show two significant digits below 0.1. */
const ratioText = (v: number) => v.toFixed(v >= 0.1 ? 2 : v >= 0.01 ? 3 : 4);

async function run(): Promise<ScenarioOutcome> {
  const dataSystem = (await worldDataSystems())[0];
  if (!dataSystem) throw new Error('testdata/world.yaml has no data system with a password');
  const agency = (await worldServiceOwnerSystems()).find((s) => s.password !== null && s.apiKey !== null);
  if (!agency) throw new Error('testdata/world.yaml has no agency system with both a password and an API key');
  const persons = (await worldPersons()).filter((p): p is LoginPerson => p.password !== null && p.mobile !== null).slice(0, LEVEL2_USERS);
  if (persons.length < LEVEL2_USERS) throw new Error(`testdata/world.yaml has ${persons.length} persons with a password and a mobile number; ${LEVEL2_USERS} are needed`);
  // Measured before Tinn starts, on an otherwise idle machine (as in the login scenario).
  const argon2Ms = await argon2VerifyMs(dataSystem.password);
  const cores = os.availableParallelism();

  const dataDir = await makeDataDir();
  let tinn: Server | undefined;
  try {
    tinn = await startTinn(dataDir);
    // Fresh data dir: this first start includes migrations and loading the demo world (and its passwords).
    const tinnFirstStartMs = await waitUntilReady(tinn.child, `${tinn.baseUrl}/health/ready`, 50, 120_000);
    const baseUrl = tinn.baseUrl;

    // Checks and the one-time codes, untimed. One challenge per user: once used, its code keeps working for
    // 30 minutes, renewed on each use, so it serves the whole run.
    const http = createClient(baseUrl);
    const apiKeyHeaders = { apikey: agency.apiKey! };
    const systemBody = { systemId: dataSystem.systemId, systemPassword: dataSystem.password };
    const level2Bodies: Record<string, unknown>[] = [];
    const codeValidTo: string[] = [];
    let sizes: { live: number; meApiKey: number; meBearer: number; systemToken: number; level2Token: number };
    try {
      const live = await http.request('GET', LIVE);
      if (live.status !== 200) fail(`GET ${LIVE}`, live);
      const anonymous = await http.request('GET', ME);
      if (anonymous.status !== 401) fail(`GET ${ME} without credentials (expected 401)`, anonymous);
      const level0 = await requestSystemToken(http, systemBody, 0);
      for (const person of persons) {
        const code = await challengeCode(http, dataSystem.systemId, person);
        const body = { ...systemBody, userSsn: person.ssn, userPassword: person.password, userPinCode: code, authMethod: AUTH_METHOD };
        const first = await requestSystemToken(http, body, 2);
        codeValidTo.push(first.codeValidTo!);
        level2Bodies.push(body);
      }
      // A code used once must work again (the sliding window), or the level-2 load would only see errors.
      const again = await requestSystemToken(http, level2Bodies[0]!, 2);
      const so = await serviceOwnerToken(http, agency.name, agency.password!);
      sizes = {
        live: Buffer.byteLength(live.text),
        meApiKey: await checkMe(http, apiKeyHeaders, agency.name, 'apikey'),
        meBearer: await checkMe(http, { authorization: `Bearer ${so.accessToken}` }, agency.name, 'pwd'),
        systemToken: level0.bytes,
        level2Token: again.bytes,
      };
    } finally {
      http.close();
    }
    const minutesLeft = Math.min(...codeValidTo.map((t) => (Date.parse(t) - Date.now()) / 60_000));
    const runSeconds = ROUNDS * VARIANTS.reduce((a, v) => a + WARMUP_SECONDS + durationOf(v), 0);
    if (minutesLeft * 60 < runSeconds + 60) throw new Error(`the one-time codes keep working only ${minutesLeft.toFixed(1)} more minutes`);

    const post = (body: Record<string, unknown>): LoadRequest => ({ method: 'POST', path: SYSTEM_TOKEN, headers: JSON_HEADERS, body: JSON.stringify(body) });
    const measurements: Measurement[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      // A fresh agency token per round, so no run can outlive its token (15 minutes by default).
      const tokenClient = createClient(baseUrl);
      const so = await serviceOwnerToken(tokenClient, agency.name, agency.password!).finally(() => tokenClient.close());
      if (so.expiresIn < runSeconds / ROUNDS + 60) throw new Error(`agency tokens last only ${so.expiresIn} s`);
      const requests: Record<Variant, (string | LoadRequest)[]> = {
        live: [LIVE],
        apiKey: [{ method: 'GET', path: ME, headers: apiKeyHeaders }],
        bearer: [{ method: 'GET', path: ME, headers: { authorization: `Bearer ${so.accessToken}` } }],
        systemToken: [post(systemBody)],
        level2Token: level2Bodies.map(post),
      };
      for (const variant of VARIANTS) {
        const settings: LoadSettings = { connections: CONNECTIONS, durationSeconds: durationOf(variant), warmupSeconds: WARMUP_SECONDS };
        const numbers = await runLoad(baseUrl, requests[variant], settings);
        measurements.push({ round: r, variant, numbers, loadAverage1mAfter: round(os.loadavg()[0]!, 2) });
        console.log(`  round ${r} ${variant.padEnd(11)} ${rate(numbers.requestsPerSecond)} req/s, p50 ${numbers.latencyP50Ms} ms, p99 ${numbers.latencyP99Ms} ms`);
      }
    }

    const m = Object.fromEntries(VARIANTS.map((v) => [v, summarize(measurements, v)])) as Record<Variant, ReturnType<typeof summarize>>;
    const live = m.live.requestsPerSecond;
    /** Tokens per second if all cores did nothing but the argon2id checks (one verification as timed here). */
    const ceiling = (checks: number) => (cores * 1000) / (argon2Ms * checks);
    const ratios: Record<string, number> = {
      systemTokenPerLive: round(m.systemToken.requestsPerSecond / live, 4),
      level2TokenPerLive: round(m.level2Token.requestsPerSecond / live, 4),
      level2PerSystemToken: round(m.level2Token.requestsPerSecond / m.systemToken.requestsPerSecond, 3),
      systemTokenPerArgon2Ceiling: round(m.systemToken.requestsPerSecond / ceiling(1), 3),
      level2TokenPerArgon2Ceiling: round(m.level2Token.requestsPerSecond / ceiling(2), 3),
      apiKeyPerLive: round(m.apiKey.requestsPerSecond / live, 3),
      bearerPerLive: round(m.bearer.requestsPerSecond / live, 3),
      apiKeyPerBearer: round(m.apiKey.requestsPerSecond / m.bearer.requestsPerSecond, 3),
    };

    const labels: Record<Variant, string> = {
      live: `\`GET ${LIVE}\`, no credentials (reference)`,
      apiKey: `\`GET ${ME}\` with the \`ApiKey\` header (${agency.name})`,
      bearer: `\`GET ${ME}\` with a Bearer token of ${agency.name}`,
      systemToken: `\`POST ${SYSTEM_TOKEN}\`, system alone (level 0)`,
      level2Token: `\`POST ${SYSTEM_TOKEN}\`, system + user password + code (level 2), ${LEVEL2_USERS} users`,
    };
    const columns = [`request (c=${CONNECTIONS})`, 'req/s (median)', 'req/s per run', 'latency p50 (ms)', 'latency p99 (ms)', `÷ GET ${LIVE}`, 'argon2id checks', `÷ argon2id ceiling (${cores} cores)`];
    const rows = VARIANTS.map((v) => {
      const s = m[v];
      const checks = ARGON2_CHECKS[v];
      return [
        labels[v],
        rate(s.requestsPerSecond),
        s.perRound.map(rate).join(', '),
        `${s.latencyP50Ms}`,
        `${s.latencyP99Ms}`,
        v === 'live' ? '1.00' : ratioText(s.requestsPerSecond / live),
        `${checks}`,
        checks > 0 ? `${(s.requestsPerSecond / ceiling(checks)).toFixed(2)} (of ${rate(ceiling(checks))}/s)` : '',
      ];
    });

    const goals: GoalCheck[] = [
      {
        name: `system tokens per second at c=${CONNECTIONS}`,
        goal: 'none set by the issue',
        measured: `${rate(m.systemToken.requestsPerSecond)}/s system alone, ${rate(m.level2Token.requestsPerSecond)}/s level 2`,
        pass: null,
      },
      {
        name: `\`ApiKey\` header per request at c=${CONNECTIONS}`,
        goal: 'none set by the issue',
        measured: `${ratioText(ratios.apiKeyPerLive!)} × GET ${LIVE}, ${ratioText(ratios.apiKeyPerBearer!)} × Bearer (${formatInt(1e6 / m.apiKey.requestsPerSecond)} µs against ${formatInt(1e6 / m.bearer.requestsPerSecond)} µs per request)`,
        pass: null,
      },
    ];

    const us = (rps: number) => 1e6 / rps;
    const tokenMs = (v: Variant) => (CONNECTIONS * 1000) / m[v].requestsPerSecond;
    const argon2Cores = (v: Variant) => (m[v].requestsPerSecond * ARGON2_CHECKS[v] * argon2Ms) / 1000;
    const notes = [
      `Same Tinn process for every row; each of the ${ROUNDS} rounds runs ${VARIANTS.join(', ')} in that order (reference first), each with autocannon at c=${CONNECTIONS}, ${WARMUP_SECONDS} s warm-up (not counted) then ${DURATION_SECONDS} s (${TOKEN_DURATION_SECONDS} s for the token rows); the median of the rounds is shown. ` +
        `The 1-minute load average after each run (about 2 is this benchmark alone) was ${Math.min(...measurements.map((x) => x.loadAverage1mAfter)).toFixed(2)}–${Math.max(...measurements.map((x) => x.loadAverage1mAfter)).toFixed(2)}.`,
      `System tokens: data system ${dataSystem.systemId} of testdata/world.yaml with its password. System alone is one argon2id check (the system password) and about eight database statements (two rate-limit counters, the lockout check and reset, the system and its owner, an audit event), plus an Ed25519 signature. ` +
        `Level 2 adds the user's password (a second argon2id check, with the person's lockout checks) and the SMS code (a transaction that locks the user's challenge row and renews its 30-minute window), cycling over ${persons.map((p) => p.firstName).join(', ')}; ` +
        `each got one \`POST ${SYSTEM_CHALLENGE}\` (${AUTH_METHOD}) before the rounds, and its code was read from the test outbox and used once untimed, then served the whole run. Every answer was checked before loading (system, level, user, code window); no wrong password or code is ever sent, since five lock the system or the person.`,
      `argon2id: one verification with Tinn's parameters (19 MiB, t=2, p=1) takes ${argon2Ms.toFixed(2)} ms in the benchmark process (mean of ${ARGON2_REPEATS}, one after the other, before Tinn started; src/platform/secrets.ts expects 12–19 ms on the project machine). ` +
        `With ${cores} cores doing nothing else that caps tokens at ${rate(ceiling(1))}/s with one check and ${rate(ceiling(2))}/s with two (the "argon2id ceiling"). ` +
        `At the measured rates argon2id alone keeps ${argon2Cores('systemToken').toFixed(2)} cores busy for system-alone tokens and ${argon2Cores('level2Token').toFixed(2)} for level-2 tokens, on a machine whose ${cores} cores also run Tinn's event loop, the embedded database and autocannon. ` +
        `At c=${CONNECTIONS} a token takes ${formatInt(tokenMs('systemToken'))} ms (system alone) and ${formatInt(tokenMs('level2Token'))} ms (level 2) on average, including waiting for libuv's thread pool (4 threads) and the database.`,
      `Level-2 tokens come at ${ratios.level2PerSystemToken!.toFixed(2)} × the rate of system-alone tokens (two argon2id checks against one would give 0.5 if argon2id were all).`,
      `ApiKey: agency system ${agency.name} (service owner ${agency.serviceOwnerCode}, allowed from ${agency.allowedCidrs.join(' and ')}), the demo key from testdata/world.yaml on every request. Each request hashes the key (SHA-256), looks it up with its system in the database and reads the owning party (three queries, none cached), and checks the client address against the allow-list. ` +
        `The Bearer row uses a token of the same system from \`POST ${SERVICE_OWNER_TOKEN}\` (name and password), fetched fresh before each round: checked by its EdDSA signature, cached after the first check, plus the same address check, without the database. ` +
        `Both answer the same actor (${sizes.meApiKey} and ${sizes.meBearer} bytes; \`${LIVE}\` ${sizes.live} bytes).`,
      `Time per request at the measured throughput: ${formatInt(us(live))} µs without credentials, ${formatInt(us(m.bearer.requestsPerSecond))} µs with the Bearer token, ${formatInt(us(m.apiKey.requestsPerSecond))} µs with the ApiKey header ` +
        `(+${formatInt(us(m.apiKey.requestsPerSecond) - us(m.bearer.requestsPerSecond))} µs for the key against the token, on ${cores} cores shared with autocannon).`,
      `Token answers: ${sizes.systemToken} bytes (system alone), ${sizes.level2Token} bytes (level 2). System tokens open no session; ${formatInt(m.systemToken.totalRequests + m.level2Token.totalRequests)} tokens were issued in the timed runs (plus warm-ups), each with an audit event.`,
      `Tinn runs with TINN_AUTHN_RATE_LIMIT_SYSTEM_PER_MINUTE (and the login limits) raised to 1 000 000: the load is one address and one SystemID, far above the default 300 per minute.`,
      `Tinn's first start on the fresh data dir (migrations and demo world included) took ${(tinnFirstStartMs / 1000).toFixed(1)} s, not part of this scenario's numbers. autocannon records latency in whole milliseconds (0 means under 1 ms).`,
    ];
    for (const x of measurements.filter((y) => problems(y.numbers) > 0)) {
      notes.push(`Warning: ${x.variant} round ${x.round} had ${x.numbers.non2xx} non-2xx, ${x.numbers.errors} errors, ${x.numbers.timeouts} timeouts.`);
    }

    return {
      settings: {
        tool: 'autocannon 8 (in the benchmark process)',
        connections: CONNECTIONS,
        durationSeconds: DURATION_SECONDS,
        tokenDurationSeconds: TOKEN_DURATION_SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        rounds: ROUNDS,
        order: `${VARIANTS.join(', ')} in every round`,
        level2Users: LEVEL2_USERS,
        authMethod: AUTH_METHOD,
        database: 'PGlite (embedded), fresh data dir',
        tinnCommand: 'node bin/tinn.js start --testenv --roles api (TINN_LOG_LEVEL=warn, TINN_AUTHN_RATE_LIMIT_SYSTEM_PER_MINUTE=1000000)',
      },
      raw: {
        tinnFirstStartMs: round(tinnFirstStartMs),
        argon2idVerifyMs: round(argon2Ms, 2),
        cores,
        systemId: dataSystem.systemId,
        agencySystem: agency.name,
        level2Persons: persons.map((p) => p.ssn),
        codeMinutesLeftBeforeRounds: round(minutesLeft, 1),
        bodyBytes: sizes,
        medians: m,
        measurements,
      },
      ratios,
      goals,
      table: { columns, rows },
      notes,
    };
  } finally {
    if (tinn) await stopChild(tinn.child);
    await removeDataDir(dataDir);
  }
}

export const systemToken: Scenario = {
  name: 'system-token',
  title: 'data-system tokens and the ApiKey header',
  summary:
    `Access tokens per second from \`POST ${SYSTEM_TOKEN}\` for a data system alone (one argon2id check) and with its user's password and SMS code (level 2, two checks), ` +
    `and requests per second of \`GET ${ME}\` with an agency system's \`ApiKey\` header against a Bearer token of the same system, all against \`GET ${LIVE}\` without credentials on the same Tinn process.`,
  run,
};
