// login: full person logins (password → one-time code from the test outbox → verify) per second, one user
// and several users in parallel, against the same number of round trips of three GET /health/live each,
// sent through the same client code to the same Tinn process.
import { performance } from 'node:perf_hooks';
import { ARGON2_REPEATS, argon2VerifyMs } from '../lib/argon2.ts';
import { stopChild, waitUntilReady } from '../lib/children.ts';
import { createClient, type Client } from '../lib/client.ts';
import type { Scenario, ScenarioOutcome } from '../lib/scenario.ts';
import { makeDataDir, removeDataDir, startTinn, type Server } from '../lib/servers.ts';
import { formatInt, median, percentile, round } from '../lib/stats.ts';
import { worldPersons, type WorldPerson } from '../lib/world.ts';

/** Users logging in at the same time, each a different demo person on its own keep-alive connection. */
const USERS = [1, 4];
const ROUNDS = 2;
/** Timed login per round; the reference then does as many round trips as the logins managed. */
const ROUND_SECONDS = 5;
/** Untimed round trips per user before the first round (login and reference). */
const WARMUP_ROUND_TRIPS = 2;
/** HTTP requests in one login round trip (password, outbox, verify), and so in one reference round trip. */
const REQUESTS_PER_ROUND_TRIP = 3;

const LIVE = '/health/live';
const LOGIN = '/api/v1/authn/login';
const VERIFY = '/api/v1/authn/login/verify';
const OUTBOX = '/api/v1/testenv/outbox';
/** Tinn's routes whose server-side time is read from /metrics, in round-trip order. */
const STEPS = [
  { name: 'password', method: 'POST', route: LOGIN },
  { name: 'outbox', method: 'GET', route: OUTBOX },
  { name: 'verify', method: 'POST', route: VERIFY },
] as const;

type Kind = 'login' | 'reference';

interface LoginPerson extends WorldPerson {
  mobile: string;
  password: string;
}

interface User {
  person: LoginPerson;
  client: Client;
  /** The outbox message whose code was used last: the next login must bring a new one. */
  lastMessageId: string | null;
}

interface Run {
  users: number;
  round: number;
  kind: Kind;
  roundTrips: number;
  perUser: number[];
  elapsedMs: number;
  roundTripsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** Login runs only: Tinn's mean server time per step during the run (its request-duration histogram). */
  serverMeanMs?: Record<string, number>;
}

function fail(what: string, res: { status: number; text: string }): never {
  throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 300)}`);
}

/** One full login. Never guesses: a wrong password or code counts towards the lockout, so anything odd stops the run. */
async function loginRoundTrip(user: User): Promise<void> {
  const { person, client } = user;
  const started = await client.request('POST', LOGIN, { json: { ssn: person.ssn, password: person.password } });
  const challengeId = (started.body as { challengeId?: unknown } | undefined)?.challengeId;
  if (started.status !== 200 || typeof challengeId !== 'string') fail(`POST ${LOGIN} for ${person.ssn}`, started);

  const outbox = await client.request('GET', `${OUTBOX}?recipient=${encodeURIComponent(person.mobile)}&limit=1`);
  const message = (outbox.body as { messages?: { messageId?: unknown; body?: unknown }[] } | undefined)?.messages?.[0];
  const code = typeof message?.body === 'string' ? /\b(\d{6})\b/.exec(message.body)?.[1] : undefined;
  if (outbox.status !== 200 || code === undefined || typeof message?.messageId !== 'string' || message.messageId === user.lastMessageId) {
    fail(`GET ${OUTBOX} for ${person.mobile} (no new message with a 6-digit code)`, outbox);
  }
  user.lastMessageId = message.messageId;

  const verified = await client.request('POST', VERIFY, { json: { challengeId, code } });
  const accessToken = (verified.body as { accessToken?: unknown } | undefined)?.accessToken;
  if (verified.status !== 200 || typeof accessToken !== 'string' || verified.headers['set-cookie'] === undefined) {
    fail(`POST ${VERIFY} for ${person.ssn} (expected an access token and a session cookie)`, verified);
  }
}

/** The reference round trip: as many requests as a login, to the trivial route, through the same client. */
async function referenceRoundTrip(user: User): Promise<void> {
  for (let i = 0; i < REQUESTS_PER_ROUND_TRIP; i++) {
    const res = await user.client.request('GET', LIVE);
    if (res.status !== 200 || (res.body as { status?: unknown } | undefined)?.status !== 'ok') fail(`GET ${LIVE}`, res);
  }
}

/**
 * Runs `step` on every user in parallel, each sequentially, until `more(userIndex, done)` says stop; a
 * failure stops every user. Returns the round-trip durations and how many each user completed.
 */
async function drive(users: User[], step: (u: User) => Promise<void>, more: (i: number, done: number) => boolean) {
  const durationsMs: number[] = [];
  let failed = false;
  const started = performance.now();
  const perUser = await Promise.all(
    users.map(async (user, i) => {
      let done = 0;
      try {
        while (!failed && more(i, done)) {
          const t = performance.now();
          await step(user);
          durationsMs.push(performance.now() - t);
          done++;
        }
      } catch (err) {
        failed = true;
        throw err;
      }
      return done;
    }),
  );
  return { durationsMs, perUser, elapsedMs: performance.now() - started };
}

/** Cumulative sum (seconds) and count of Tinn's request-duration histogram for each step's 200 answers. */
async function serverTotals(client: Client): Promise<Record<string, { sum: number; count: number }>> {
  const res = await client.request('GET', '/metrics');
  if (res.status !== 200) fail('GET /metrics', res);
  const totals: Record<string, { sum: number; count: number }> = {};
  for (const s of STEPS) totals[s.name] = { sum: 0, count: 0 };
  const line = /^tinn_http_request_duration_seconds_(sum|count)\{([^}]*)\} (\S+)$/;
  for (const text of res.text.split('\n')) {
    const m = line.exec(text);
    if (!m) continue;
    const labels = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
    const s = STEPS.find((x) => x.method === labels.method && x.route === labels.route);
    if (!s || labels.status !== '200') continue;
    totals[s.name]![m[1] as 'sum' | 'count'] += Number(m[3]);
  }
  return totals;
}

function describe(users: number, roundNo: number, kind: Kind, d: Awaited<ReturnType<typeof drive>>): Run {
  const roundTrips = d.durationsMs.length;
  return {
    users,
    round: roundNo,
    kind,
    roundTrips,
    perUser: d.perUser,
    elapsedMs: round2(d.elapsedMs),
    roundTripsPerSecond: round((roundTrips / d.elapsedMs) * 1000, 1),
    p50Ms: round2(percentile(d.durationsMs, 50)),
    p99Ms: round2(percentile(d.durationsMs, 99)),
    meanMs: round2(d.durationsMs.reduce((a, b) => a + b, 0) / roundTrips),
    maxMs: round2(Math.max(...d.durationsMs)),
  };
}

const round2 = (v: number) => round(v, 2);
/** Milliseconds with two decimals below 10 ms, one above. */
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const rate = (v: number) => (v < 100 ? v.toFixed(1) : formatInt(v));

function summarize(runs: Run[], users: number, kind: Kind) {
  const rs = runs.filter((r) => r.users === users && r.kind === kind);
  return {
    roundTripsPerSecond: median(rs.map((r) => r.roundTripsPerSecond)),
    p50Ms: median(rs.map((r) => r.p50Ms)),
    p99Ms: median(rs.map((r) => r.p99Ms)),
    perRound: rs.map((r) => r.roundTripsPerSecond),
    roundTrips: rs.reduce((a, r) => a + r.roundTrips, 0),
  };
}

async function run(): Promise<ScenarioOutcome> {
  const persons = (await worldPersons()).filter((p): p is LoginPerson => p.password !== null && p.mobile !== null);
  const maxUsers = Math.max(...USERS);
  if (persons.length < maxUsers) throw new Error(`testdata/world.yaml has ${persons.length} persons with a password and a mobile number; ${maxUsers} are needed`);
  // Measured before Tinn starts, on an otherwise idle machine.
  const argon2Ms = await argon2VerifyMs(persons[0]!.password);
  const dataDir = await makeDataDir();
  let tinn: Server | undefined;
  const users: User[] = [];
  let metrics: Client | undefined;
  try {
    tinn = await startTinn(dataDir);
    // Fresh data dir: this first start includes migrations and loading the demo world (and its passwords).
    const tinnFirstStartMs = await waitUntilReady(tinn.child, `${tinn.baseUrl}/health/ready`, 50, 120_000);
    const baseUrl = tinn.baseUrl;
    for (const person of persons.slice(0, maxUsers)) users.push({ person, client: createClient(baseUrl), lastMessageId: null });
    metrics = createClient(baseUrl);

    // Warm-up, untimed: every user logs in and reaches the reference route a few times.
    await drive(users, loginRoundTrip, (_i, done) => done < WARMUP_ROUND_TRIPS);
    await drive(users, referenceRoundTrip, (_i, done) => done < WARMUP_ROUND_TRIPS);

    const runs: Run[] = [];
    for (const n of USERS) {
      const group = users.slice(0, n);
      for (let r = 1; r <= ROUNDS; r++) {
        const before = await serverTotals(metrics);
        const deadline = performance.now() + ROUND_SECONDS * 1000;
        const logins = await drive(group, loginRoundTrip, () => performance.now() < deadline);
        const after = await serverTotals(metrics);
        const login = describe(n, r, 'login', logins);
        login.serverMeanMs = Object.fromEntries(
          STEPS.map((s) => {
            const count = after[s.name]!.count - before[s.name]!.count;
            return [s.name, count > 0 ? round2(((after[s.name]!.sum - before[s.name]!.sum) / count) * 1000) : 0];
          }),
        );
        // The reference does exactly as many round trips per user as the logins just did.
        const reference = describe(n, r, 'reference', await drive(group, referenceRoundTrip, (i, done) => done < logins.perUser[i]!));
        runs.push(login, reference);
        console.log(
          `  users ${n} round ${r}: login ${rate(login.roundTripsPerSecond)}/s (p50 ${ms(login.p50Ms)} ms, p99 ${ms(login.p99Ms)} ms), ` +
            `reference ${rate(reference.roundTripsPerSecond)}/s (p50 ${ms(reference.p50Ms)} ms, p99 ${ms(reference.p99Ms)} ms)`,
        );
      }
    }

    const columns = ['users', 'measure', 'login round trip', `reference (${REQUESTS_PER_ROUND_TRIP} × GET ${LIVE})`, 'login ÷ reference', 'difference'];
    const rows: string[][] = [];
    const ratios: Record<string, number> = {};
    const medians: Record<string, unknown> = {};
    const stepMeans: Record<string, Record<string, number>> = {};
    for (const n of USERS) {
      const l = summarize(runs, n, 'login');
      const ref = summarize(runs, n, 'reference');
      const ratio = l.roundTripsPerSecond / ref.roundTripsPerSecond;
      ratios[`roundTripsPerSecondUsers${n}`] = round(ratio, 4);
      medians[`users${n}`] = { login: l, reference: ref };
      const loginRuns = runs.filter((r) => r.users === n && r.kind === 'login');
      stepMeans[`users${n}`] = Object.fromEntries(STEPS.map((s) => [s.name, round2(median(loginRuns.map((r) => r.serverMeanMs![s.name]!)))]));
      rows.push(
        [`${n}`, `round trips/s, median of ${ROUNDS}`, rate(l.roundTripsPerSecond), rate(ref.roundTripsPerSecond), ratio.toFixed(3), ''],
        [`${n}`, 'round trips/s per round', l.perRound.map(rate).join(', '), ref.perRound.map(rate).join(', '), '', ''],
        [`${n}`, 'round trip p50 (ms)', ms(l.p50Ms), ms(ref.p50Ms), (l.p50Ms / ref.p50Ms).toFixed(1), `+${ms(l.p50Ms - ref.p50Ms)} ms`],
        [`${n}`, 'round trip p99 (ms)', ms(l.p99Ms), ms(ref.p99Ms), (l.p99Ms / ref.p99Ms).toFixed(1), `+${ms(l.p99Ms - ref.p99Ms)} ms`],
        [`${n}`, 'round trips measured', formatInt(l.roundTrips), formatInt(ref.roundTrips), '', ''],
      );
    }
    const one = summarize(runs, USERS[0]!, 'login');
    const many = summarize(runs, maxUsers, 'login');
    const stepText = (n: number) =>
      STEPS.map((s) => `${s.name} ${ms(stepMeans[`users${n}`]![s.name]!)} ms`).join(', ');

    const notes = [
      `A login round trip is what a person's browser does: \`POST ${LOGIN}\` (national id and password; argon2id verification, a challenge and an SMS written to the outbox), ` +
        `\`GET ${OUTBOX}?recipient=…&limit=1\` (the test environment's stand-in for reading the phone), and \`POST ${VERIFY}\` (the code; opens a session, sets the cookie, signs an access token). ` +
        `Every step's answer is checked; a wrong password or code is never sent, since five failures lock the account.`,
      `Reference: for each login run, the same users do exactly as many round trips of ${REQUESTS_PER_ROUND_TRIP} sequential \`GET ${LIVE}\` each (the same number of HTTP exchanges) ` +
        `through the same client code (node:http, one keep-alive connection per user, JSON parsing) to the same Tinn process, right after it. ` +
        'So the difference is the server work of logging in, and the ratio shows how far that is from the HTTP floor. An in-process argon2id verification would leave out the HTTP stack, the database and the outbox, so it is not used as the reference.',
      `Users: ${persons
        .slice(0, maxUsers)
        .map((p) => p.firstName)
        .join(', ')} from testdata/world.yaml (the people with a password), one per parallel user, each logging in repeatedly. The single user is ${persons[0]!.firstName}.`,
      `Tinn's own mean time per step (its request-duration histogram on /metrics, over the timed login runs, median of rounds): 1 user ${stepText(USERS[0]!)}; ${maxUsers} users ${stepText(maxUsers)}. ` +
        `One argon2id verification with Tinn's parameters (19 MiB, t=2, p=1) takes ${ms(argon2Ms)} ms in the benchmark process (mean of ${ARGON2_REPEATS}, one after the other; src/platform/secrets.ts expects 12–19 ms on the project machine), the floor of the password step; argon2 runs on libuv's thread pool, so parallel logins can use both cores.`,
      `${maxUsers} users manage ${(many.roundTripsPerSecond / one.roundTripsPerSecond).toFixed(2)} × the round trips per second of one user, on 2 cores shared with the benchmark process.`,
      `${ROUND_SECONDS} s per timed run after ${WARMUP_ROUND_TRIPS} untimed round trips per user; runs alternate login, reference. Latency is timed in the benchmark process around the whole round trip (sub-millisecond resolution); p50 and p99 by nearest rank over all round trips of a run, then the median of the ${ROUNDS} rounds. With a few hundred round trips per run, p99 is close to the slowest few.`,
      `Every login opens a session (${formatInt(runs.filter((r) => r.kind === 'login').reduce((a, r) => a + r.roundTrips, 0))} in the timed runs); they are not ended.`,
      `Tinn's first start on the fresh data dir (migrations and demo world included) took ${(tinnFirstStartMs / 1000).toFixed(1)} s, not part of this scenario's numbers.`,
    ];

    return {
      settings: {
        users: USERS,
        rounds: ROUNDS,
        roundSeconds: ROUND_SECONDS,
        warmupRoundTripsPerUser: WARMUP_ROUND_TRIPS,
        order: 'login, reference alternately in every round',
        client: 'node:http, one keep-alive connection per user (bench/lib/client.ts)',
        reference: `${REQUESTS_PER_ROUND_TRIP} × GET ${LIVE} per round trip, as many round trips per user as the login run before it`,
        database: 'PGlite (embedded), fresh data dir',
        tinnCommand: 'node bin/tinn.js start --testenv --roles api (TINN_LOG_LEVEL=warn)',
      },
      raw: {
        tinnFirstStartMs: round(tinnFirstStartMs),
        argon2idVerifyMs: round2(argon2Ms),
        persons: persons.slice(0, maxUsers).map((p) => p.ssn),
        medians,
        serverMeanMsPerStep: stepMeans,
        runs,
      },
      ratios,
      goals: [
        {
          name: 'login round trips per second',
          goal: 'none set',
          measured: `${rate(one.roundTripsPerSecond)}/s (1 user), ${rate(many.roundTripsPerSecond)}/s (${maxUsers} users)`,
          pass: null,
        },
      ],
      table: { columns, rows },
      notes,
    };
  } finally {
    for (const u of users) u.client.close();
    metrics?.close();
    if (tinn) await stopChild(tinn.child);
    await removeDataDir(dataDir);
  }
}

export const login: Scenario = {
  name: 'login',
  title: 'person login round trips',
  summary:
    `Full person logins per second (password with argon2id, the one-time code read from the test outbox, verify) and their round-trip latency, ` +
    `for one user and for ${Math.max(...USERS)} users in parallel, against the same number of round trips of ${REQUESTS_PER_ROUND_TRIP} \`GET ${LIVE}\` through the same client to the same Tinn process.`,
  run,
};
