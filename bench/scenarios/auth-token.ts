// auth-token: the per-request cost of checking a Bearer token. GET /api/v1/authn/me with a valid access
// token against GET /health/live without credentials, on the same Tinn process; plus how many tokens
// POST /api/v1/testenv/login issues per second.
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { stopChild, waitUntilReady } from '../lib/children.ts';
import { createClient, type Client } from '../lib/client.ts';
import { runLoad, type LoadNumbers, type LoadRequest, type LoadSettings } from '../lib/load.ts';
import type { GoalCheck, Scenario, ScenarioOutcome } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir, startTinn, type Server } from '../lib/servers.ts';
import { formatInt, median, round } from '../lib/stats.ts';
import { worldPersons } from '../lib/world.ts';

const CONNECTIONS = 10;
const ROUNDS = 2;
const DURATION_SECONDS = 8;
const WARMUP_SECONDS = 2;
const ISSUE_DURATION_SECONDS = 5;
const ISSUE_WARMUP_SECONDS = 1;
const SECURITY_LEVEL = 2;
const GOAL_RATIO = 0.8;
/** In-process Ed25519 verifications timed for the note on what one signature check costs. */
const VERIFY_REPEATS = 2000;

const LIVE = '/health/live';
const ME = '/api/v1/authn/me';
const TEST_LOGIN = '/api/v1/testenv/login';

type Variant = 'unauthenticated' | 'authenticated';

interface Measurement {
  round: number;
  variant: Variant;
  numbers: LoadNumbers;
}

interface Token {
  accessToken: string;
  expiresIn: number;
  partyId: number;
}

/** A token from the test-environment login (no password, no code): a session and an access token. */
async function testLogin(client: Client, ssn: string): Promise<Token> {
  const res = await client.request('POST', TEST_LOGIN, { json: { ssn, securityLevel: SECURITY_LEVEL } });
  const body = res.body as Partial<Token> | undefined;
  if (res.status !== 200 || typeof body?.accessToken !== 'string' || typeof body.expiresIn !== 'number' || typeof body.partyId !== 'number') {
    throw new Error(`POST ${TEST_LOGIN} for ${ssn} answered ${res.status}: ${res.text.slice(0, 300)}`);
  }
  return { accessToken: body.accessToken, expiresIn: body.expiresIn, partyId: body.partyId };
}

/** Checks what both routes answer before loading them; returns the body sizes in bytes. */
async function checkRoutes(client: Client, token: Token): Promise<{ liveBytes: number; meBytes: number }> {
  const live = await client.request('GET', LIVE);
  if (live.status !== 200) throw new Error(`GET ${LIVE} answered ${live.status}: ${live.text.slice(0, 300)}`);
  const anonymous = await client.request('GET', ME);
  if (anonymous.status !== 401) throw new Error(`GET ${ME} without a token answered ${anonymous.status}, expected 401: ${anonymous.text.slice(0, 300)}`);
  const me = await client.request('GET', ME, { headers: { authorization: `Bearer ${token.accessToken}` } });
  const who = me.body as { partyId?: unknown; securityLevel?: unknown } | undefined;
  if (me.status !== 200 || who?.partyId !== token.partyId || who.securityLevel !== SECURITY_LEVEL) {
    throw new Error(`GET ${ME} with a token for party ${token.partyId} answered ${me.status}: ${me.text.slice(0, 300)}`);
  }
  return { liveBytes: Buffer.byteLength(live.text), meBytes: Buffer.byteLength(me.text) };
}

/**
 * Microseconds per Ed25519 signature check of a real Tinn token with Tinn's published key, in the benchmark
 * process (node:crypto, as Tinn's verifyJwt does it): the floor of what the token check adds per request.
 */
async function verifyMicroseconds(client: Client, accessToken: string): Promise<number> {
  const [h, p, s] = accessToken.split('.') as [string, string, string];
  const { kid } = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { kid: string };
  const jwks = await client.request('GET', '/.well-known/jwks.json');
  const jwk = (jwks.body as { keys?: (JsonWebKey & { kid?: string })[] } | undefined)?.keys?.find((k) => k.kid === kid);
  if (jwks.status !== 200 || !jwk) throw new Error(`GET /.well-known/jwks.json (${jwks.status}) does not list key ${kid}`);
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  for (let i = 0; i < 200; i++) verify(null, data, key, signature);
  const started = performance.now();
  for (let i = 0; i < VERIFY_REPEATS; i++) {
    if (!verify(null, data, key, signature)) throw new Error('the token signature does not verify with the published key');
  }
  return ((performance.now() - started) * 1000) / VERIFY_REPEATS;
}

function summarize(measurements: Measurement[], variant: Variant) {
  const runs = measurements.filter((m) => m.variant === variant).map((m) => m.numbers);
  return {
    requestsPerSecond: median(runs.map((n) => n.requestsPerSecond)),
    latencyP50Ms: median(runs.map((n) => n.latencyP50Ms)),
    latencyP99Ms: median(runs.map((n) => n.latencyP99Ms)),
    perRound: runs.map((n) => round(n.requestsPerSecond)),
  };
}

function problems(n: LoadNumbers): number {
  return n.non2xx + n.errors + n.timeouts;
}

async function run(): Promise<ScenarioOutcome> {
  const persons = await worldPersons();
  const subject = persons[0]!;
  const dataDir = await makeDataDir();
  let tinn: Server | undefined;
  try {
    tinn = await startTinn(dataDir);
    // Fresh data dir: this first start includes migrations and loading the demo world.
    const tinnFirstStartMs = await waitUntilReady(tinn.child, `${tinn.baseUrl}/health/ready`, 50, 120_000);
    const http = createClient(tinn.baseUrl);
    let sizes: { liveBytes: number; meBytes: number };
    let verifyUs: number;
    try {
      // Every demo person can get a token (the issue load below cycles through all of them).
      for (const p of persons) await testLogin(http, p.ssn);
      const first = await testLogin(http, subject.ssn);
      sizes = await checkRoutes(http, first);
      verifyUs = await verifyMicroseconds(http, first.accessToken);
    } finally {
      http.close();
    }

    const settings: LoadSettings = { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, warmupSeconds: WARMUP_SECONDS };
    const measurements: Measurement[] = [];
    const tokenAgesAtEndS: number[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      // A fresh token per round, so no run can outlive its token (15 minutes by default).
      const tokenClient = createClient(tinn.baseUrl);
      const token = await testLogin(tokenClient, subject.ssn).finally(() => tokenClient.close());
      const tokenIssuedAt = performance.now();
      if (token.expiresIn < 2 * (WARMUP_SECONDS + DURATION_SECONDS) + 60) throw new Error(`access tokens last only ${token.expiresIn} s`);
      const authorized: LoadRequest = { method: 'GET', path: ME, headers: { authorization: `Bearer ${token.accessToken}` } };
      for (const [variant, requests] of [['unauthenticated', [LIVE]], ['authenticated', [authorized]]] as const) {
        const numbers = await runLoad(tinn.baseUrl, [...requests], settings);
        measurements.push({ round: r, variant, numbers });
        console.log(`  round ${r} ${variant.padEnd(15)} ${formatInt(numbers.requestsPerSecond)} req/s, p50 ${numbers.latencyP50Ms} ms, p99 ${numbers.latencyP99Ms} ms`);
      }
      tokenAgesAtEndS.push(round((performance.now() - tokenIssuedAt) / 1000, 1));
    }

    // Token issue: every request opens a session (database) and signs a token; cycles through all demo persons.
    const issueRequests: LoadRequest[] = persons.map((p) => ({
      method: 'POST',
      path: TEST_LOGIN,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ssn: p.ssn, securityLevel: SECURITY_LEVEL }),
    }));
    const issue = await runLoad(tinn.baseUrl, issueRequests, { connections: CONNECTIONS, durationSeconds: ISSUE_DURATION_SECONDS, warmupSeconds: ISSUE_WARMUP_SECONDS });
    console.log(`  token issue (${TEST_LOGIN}) ${formatInt(issue.requestsPerSecond)} req/s, p50 ${issue.latencyP50Ms} ms, p99 ${issue.latencyP99Ms} ms`);

    const unauth = summarize(measurements, 'unauthenticated');
    const auth = summarize(measurements, 'authenticated');
    const ratio = auth.requestsPerSecond / unauth.requestsPerSecond;
    const issueRatio = issue.requestsPerSecond / unauth.requestsPerSecond;

    const columns = [`request (c=${CONNECTIONS})`, 'req/s (median)', 'req/s per run', 'latency p50 (ms)', 'latency p99 (ms)', `÷ GET ${LIVE}`];
    const rows = [
      [`\`GET ${LIVE}\`, no credentials (reference)`, formatInt(unauth.requestsPerSecond), unauth.perRound.map(formatInt).join(', '), `${unauth.latencyP50Ms}`, `${unauth.latencyP99Ms}`, '1.00'],
      [`\`GET ${ME}\` with a Bearer token`, formatInt(auth.requestsPerSecond), auth.perRound.map(formatInt).join(', '), `${auth.latencyP50Ms}`, `${auth.latencyP99Ms}`, ratio.toFixed(2)],
      [`\`POST ${TEST_LOGIN}\` (issues a session and a token)`, formatInt(issue.requestsPerSecond), `${formatInt(issue.requestsPerSecond)} (1 run)`, `${issue.latencyP50Ms}`, `${issue.latencyP99Ms}`, issueRatio.toFixed(2)],
    ];
    const goals: GoalCheck[] = [
      { name: `throughput ratio authenticated ÷ unauthenticated at c=${CONNECTIONS}`, goal: `≥ ${GOAL_RATIO}`, measured: ratio.toFixed(2), pass: ratio >= GOAL_RATIO },
    ];

    const usPerRequestAuth = 1e6 / auth.requestsPerSecond;
    const usPerRequestUnauth = 1e6 / unauth.requestsPerSecond;
    const notes = [
      `Same Tinn process for all rows, runs alternating unauthenticated, authenticated in each of ${ROUNDS} rounds; the token (person ${subject.ssn}, level ${SECURITY_LEVEL}) comes from \`POST ${TEST_LOGIN}\` just before each round and is checked by its EdDSA signature alone, without the database.`,
      `Response bodies: \`${LIVE}\` ${sizes.liveBytes} bytes, \`${ME}\` ${sizes.meBytes} bytes. The difference between the rows is the token check plus the larger response (schema serialisation of five fields) and the \`Authorization\` header the requests carry.`,
      `Time per request at the measured throughput: ${formatInt(usPerRequestUnauth)} µs without credentials, ${formatInt(usPerRequestAuth)} µs with a token (+${formatInt(usPerRequestAuth - usPerRequestUnauth)} µs, on 2 cores shared with autocannon). One Ed25519 verification of the same token with Tinn's published key costs ${verifyUs.toFixed(1)} µs in the benchmark process (node:crypto, mean of ${VERIFY_REPEATS}, idle server). ` +
        `The goal ratio ${GOAL_RATIO} allows an authenticated request at most ${formatInt(usPerRequestUnauth / GOAL_RATIO)} µs here, ${formatInt(usPerRequestUnauth / GOAL_RATIO - usPerRequestUnauth)} µs more than one without credentials; ` +
        `${verifyUs > usPerRequestUnauth / GOAL_RATIO - usPerRequestUnauth ? 'a signature check on every request alone takes more than that' : 'one signature check per request fits in that'}.`,
      `Token issue: \`POST ${TEST_LOGIN}\` (test environment only: no password, no code) cycling through the ${persons.length} persons of testdata/world.yaml at c=${CONNECTIONS}, ${ISSUE_WARMUP_SECONDS} s warm-up then ${ISSUE_DURATION_SECONDS} s, measured once after the rounds. Each call writes a session row and an audit event to the database and signs a token, so it measures session + token issue, not a real login (see the \`login\` scenario).`,
      `Tinn's first start on the fresh data dir (migrations and demo world included) took ${(tinnFirstStartMs / 1000).toFixed(1)} s, not part of this scenario's numbers.`,
      'autocannon records latency in whole milliseconds (0 means under 1 ms); with 2 rounds the median is the mean of both.',
    ];
    for (const m of measurements.filter((x) => problems(x.numbers) > 0)) {
      notes.push(`Warning: ${m.variant} round ${m.round} had ${m.numbers.non2xx} non-2xx, ${m.numbers.errors} errors, ${m.numbers.timeouts} timeouts.`);
    }
    if (problems(issue) > 0) notes.push(`Warning: token issue had ${issue.non2xx} non-2xx, ${issue.errors} errors, ${issue.timeouts} timeouts.`);

    return {
      settings: {
        tool: 'autocannon 8 (in the benchmark process)',
        connections: CONNECTIONS,
        durationSeconds: DURATION_SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        rounds: ROUNDS,
        order: 'unauthenticated, authenticated alternately in every round; token issue once at the end',
        issueDurationSeconds: ISSUE_DURATION_SECONDS,
        issueWarmupSeconds: ISSUE_WARMUP_SECONDS,
        securityLevel: SECURITY_LEVEL,
        database: 'PGlite (embedded), fresh data dir',
        tinnCommand: 'node bin/tinn.js start --testenv --roles api (TINN_LOG_LEVEL=warn)',
      },
      raw: {
        tinnFirstStartMs: round(tinnFirstStartMs),
        bodyBytes: { live: sizes.liveBytes, me: sizes.meBytes },
        ed25519VerifyMicroseconds: round(verifyUs, 2),
        tokenAgesAtEndOfRoundSeconds: tokenAgesAtEndS,
        medians: { unauthenticated: unauth, authenticated: auth },
        measurements,
        tokenIssue: issue,
      },
      ratios: { authenticatedRequestsPerSecond: round(ratio, 3), tokenIssueRequestsPerSecond: round(issueRatio, 4) },
      goals,
      table: { columns, rows },
      notes,
    };
  } finally {
    if (tinn) await stopChild(tinn.child);
    await removeDataDir(dataDir);
  }
}

export const authToken: Scenario = {
  name: 'auth-token',
  title: 'cost of checking an access token',
  summary:
    `Requests per second and latency of \`GET ${ME}\` with a valid Bearer token (checked by its EdDSA signature alone) against ` +
    `\`GET ${LIVE}\` without credentials on the same Tinn process, and how many tokens \`POST ${TEST_LOGIN}\` issues per second.`,
  run,
};
