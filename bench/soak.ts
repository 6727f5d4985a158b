import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { parseFaultRules } from '../src/emulator/faults/rules.js';
import { readSeedFile, SAMPLE_SEED_FILE } from '../src/emulator/seed.js';
import { rssMiB, startGatewayProcess } from './gateway-process.js';
import { writeResults } from './machine.js';
import { startBenchUpstream } from './upstream.js';

/**
 * `npm run soak -- --seconds N [--clients C]`: the gateway in production mode (NODE_ENV=production,
 * APPCONFIG_SOURCE=aws), in a process of its own, against the emulator with every kind of fault, under
 * mixed valid and faulty traffic from C concurrent clients for N seconds. Prints what was sent and how it
 * was answered, and the gateway's RSS at the start, middle and end; exits 1 if the gateway answered a 5xx,
 * let an internal message or a stack trace out, left a request without an answer, or did not stop cleanly.
 * Nothing leaves loopback; the gateway is ended by its PID. Writes bench/results/soak-<N>s.json.
 */

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  const value = index === -1 ? fallback : Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number ≥ 1`);
  return value;
};
const SECONDS = argument('--seconds', 60);
const CLIENTS = argument('--clients', 8);

/**
 * AppConfig as the soak sees it: tens of milliseconds away, AWS's control-plane quotas enforced, and now
 * and then every other way it can fail. The rates are per call; with the gateway's retries most faults
 * are absorbed, the rest reach clients as UPSTREAM_* codes.
 */
const FAULTS =
  'latency=5-40; throttle above=100/s op=Get*; throttle above=10/s op=List*; 503 rate=0.03; 500 rate=0.02; throttle rate=0.02; reset rate=0.01; malformed rate=0.01; stall rate=0.005';
/** Bounds that keep the run's tail short: a stalled call gives up after 1 s, a request after 5 s. */
const GATEWAY_ENV = {
  NODE_ENV: 'production',
  APPCONFIG_SOURCE: 'aws',
  AUTH_MODE: 'none',
  APPCONFIG_TIMEOUT_MS: '1000',
  REQUEST_TIMEOUT_MS: '5000',
  LOG_LEVEL: 'info',
};
/** A client gives up on an answer this long after the gateway's own bound. */
const CLIENT_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------------------
// The traffic: each kind is one request, sent by any client, picked by weight.

interface Sent {
  readonly status: number;
  readonly text: string;
}

type Send = (url: URL) => Promise<Sent | 'aborted'>;

const post =
  (body: string | Buffer, headers: Record<string, string> = {}): Send =>
  async (url) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    return { status: response.status, text: await response.text() };
  };
const graphql = (query: string, variables?: Record<string, unknown>): Send => post(JSON.stringify({ query, variables }));

const DEPLOYMENT_FIELDS = `deploymentNumber state percentageComplete growthType startedAt completedAt configurationName
  eventLog { eventType triggeredBy description occurredAt actionInvocations { actionName errorCode } }
  appliedExtensions { extensionId parameters { name value } }`;
/** The sample data's deployments (chk2svc/prod7ea 3 and the like are moving, so caches keep them only briefly), and one that does not exist. */
const DEPLOYMENTS = [
  ['339ohji', '54j1r29', 1],
  ['chk2svc', 'prod7ea', 1],
  ['chk2svc', 'prod7ea', 2],
  ['chk2svc', 'prod7ea', 3],
  ['chk2svc', 'stg4kq1', 2],
  ['chk2svc', 'stg4kq1', 3],
  ['srch7ui', 'beta3zz', 2],
  ['srch7ui', 'prod8hh', 1],
  ['srch7ui', 'prod8hh', 9],
] as const;
const ENVIRONMENTS = [...new Set(DEPLOYMENTS.map(([application, environment]) => `${application}/${environment}`))].map(
  (pair) => pair.split('/') as [string, string],
);
const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)]!;
const BY_KEY = 'query($a: String!, $e: String!, $n: Int!) { deployment(applicationId: $a, environmentId: $e, deploymentNumber: $n) { state } }';

const oneDeployment: Send = (url) => {
  const [a, e, n] = pick(DEPLOYMENTS);
  return graphql(
    `query($a: String!, $e: String!, $n: Int!) { deployment(applicationId: $a, environmentId: $e, deploymentNumber: $n) { ${DEPLOYMENT_FIELDS} } }`,
    { a, e, n },
  )(url);
};
const listWithEventLogs: Send = (url) => {
  const [a, e] = pick(ENVIRONMENTS);
  return graphql(
    `query($a: String!, $e: String!) { deployments(applicationId: $a, environmentId: $e, first: 5) { edges { cursor node { ${DEPLOYMENT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
    { a, e },
  )(url);
};
const navigation = graphql(`
  {
    applications(first: 10) {
      edges {
        node {
          id
          name
          environments {
            id
            name
            state
            monitors {
              alarmArn
            }
            latestDeployment {
              deploymentNumber
              state
              percentageComplete
            }
          }
          configurationProfiles {
            id
            name
            type
            validators {
              type
            }
            hostedConfigurationVersions(first: 3) {
              edges {
                node {
                  versionNumber
                }
              }
            }
          }
        }
      }
    }
    deploymentStrategies(first: 10) {
      edges {
        node {
          id
          name
          growthType
        }
      }
    }
    deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 2) {
      application {
        name
      }
      environment {
        name
        state
      }
      deploymentStrategy {
        name
      }
      configurationProfile {
        name
      }
    }
  }
`);
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Deployment { deploymentNumber state eventLog { eventType } } } }';
/** Every deployment of the list twice over, as a router batches references. */
const entities = graphql(ENTITIES, {
  r: [...DEPLOYMENTS, ...DEPLOYMENTS].map(([applicationId, environmentId, deploymentNumber]) => ({
    __typename: 'Deployment',
    applicationId,
    environmentId,
    deploymentNumber,
  })),
});
/** 3 000 distinct deployments: more AppConfig calls than a request may make, refused before any. */
const tooManyEntities = graphql(ENTITIES, {
  r: Array.from({ length: 3000 }, (_, i) => ({ __typename: 'Deployment', applicationId: 'chk2svc', environmentId: 'prod7ea', deploymentNumber: i + 1 })),
});

/** Automatic persisted queries as Apollo Client sends them: the hash alone over GET, the query too when the gateway does not know it yet. */
const PERSISTED = DEPLOYMENTS.map(
  ([a, e, n]) => `{ deployment(applicationId: "${a}", environmentId: "${e}", deploymentNumber: ${n}) { state percentageComplete } }`,
);
const persisted: Send = async (url) => {
  const query = pick(PERSISTED);
  const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } });
  const byHash = new URL(url);
  byHash.searchParams.set('extensions', extensions);
  const response = await fetch(byHash, { headers: { 'apollo-require-preflight': 'true' }, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
  const text = await response.text();
  if (!text.includes('PERSISTED_QUERY_NOT_FOUND')) return { status: response.status, text };
  return post(JSON.stringify({ query, extensions: JSON.parse(extensions) as unknown }))(url);
};

const nested = (depth: number) => `{ application(id: "chk2svc") { ${'environments { application { '.repeat(depth)}name${' } }'.repeat(depth)} } }`;
const VALID_BODY = JSON.stringify({ query: BY_KEY, variables: { a: 'chk2svc', e: 'prod7ea', n: 2 } });
/** 50 MB of spaces in about 50 KB: the gateway must refuse it without inflating it all. */
const BOMB = gzipSync(Buffer.alloc(50 * 1024 * 1024, ' '), { level: 9 });

/** Sends the headers and half a body, then goes away: the gateway must let go of it. */
const aborted: Send = (url) =>
  new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(VALID_BODY.length) } });
    req.on('error', () => undefined);
    req.write(VALID_BODY.slice(0, VALID_BODY.length / 2), () => {
      req.destroy();
      resolve('aborted');
    });
  });

const TRAFFIC: ReadonlyArray<readonly [name: string, weight: number, send: Send]> = [
  // Valid.
  ['one deployment', 20, oneDeployment],
  ['list with event logs', 10, listWithEventLogs],
  ['navigation', 6, navigation],
  ['_entities', 8, entities],
  ['persisted query', 8, persisted],
  ['gzip body', 2, post(gzipSync(VALID_BODY), { 'content-encoding': 'gzip' })],
  ['deflate body', 2, post(deflateSync(VALID_BODY), { 'content-encoding': 'deflate' })],
  ['br body', 2, post(brotliCompressSync(VALID_BODY), { 'content-encoding': 'br' })],
  // Faulty.
  ['variable of the wrong type', 3, graphql(BY_KEY, { a: 'chk2svc', e: 'prod7ea', n: 'two' })],
  ['missing variable', 3, graphql(BY_KEY, { a: 'chk2svc', e: 'prod7ea' })],
  ['null variable', 3, graphql(BY_KEY, { a: 'chk2svc', e: null, n: 1 })],
  ['over the token limit', 2, graphql(`{ ${Array.from({ length: 2000 }, (_, i) => `f${i}: __typename`).join(' ')} }`)],
  ['nested 30 deep', 2, graphql(nested(15))],
  ['nested 900 deep', 1, graphql(nested(900))],
  ['subscription over POST', 2, graphql('subscription { deployment(applicationId: "a", environmentId: "b", deploymentNumber: 1) { state } }')],
  ['"." and ".." ids', 3, graphql(BY_KEY, { a: '.', e: '..', n: 1 })],
  ['1 MB id', 1, graphql(BY_KEY, { a: 'x'.repeat(1_000_000), e: 'prod7ea', n: 1 })],
  ['compression bomb', 1, post(BOMB, { 'content-encoding': 'gzip' })],
  ['unknown encoding', 2, post(VALID_BODY, { 'content-encoding': 'compress' })],
  ['body that is not JSON', 2, post('{"query": "{ __typename }", ')],
  ['aborted mid-body', 2, aborted],
  ['3 000 representations', 1, tooManyEntities],
];
const TOTAL_WEIGHT = TRAFFIC.reduce((sum, [, weight]) => sum + weight, 0);

function pickTraffic(): (typeof TRAFFIC)[number] {
  let roll = Math.random() * TOTAL_WEIGHT;
  for (const kind of TRAFFIC) {
    roll -= kind[1];
    if (roll < 0) return kind;
  }
  return TRAFFIC[0]!;
}

// ---------------------------------------------------------------------------------------------------
// What the answers say.

interface Tally {
  sent: number;
  abortedOnPurpose: number;
  byStatus: Record<string, number>;
  byCode: Record<string, number>;
  /** Requests the gateway never answered (other than those a client abandoned on purpose), with why. */
  unanswered: Record<string, number>;
  /** Kinds of request that got a 5xx, and how many. */
  gateway5xx: Record<string, number>;
  /** INTERNAL_SERVER_ERROR with another message than "Internal server error", or a stack trace: examples. */
  unmasked: string[];
}

const count = (record: Record<string, number>, key: string) => (record[key] = (record[key] ?? 0) + 1);

const STACK_FRAME = /\bat (?:[\w$.<>]+ )?\(?(?:file:|node:|\/)[^\s)]*:\d+:\d+/;

function record(tally: Tally, kind: string, outcome: Sent): void {
  count(tally.byStatus, String(outcome.status));
  if (outcome.status >= 500) count(tally.gateway5xx, kind);
  let body: unknown;
  try {
    body = JSON.parse(outcome.text);
  } catch {
    count(tally.byCode, '(not JSON)');
  }
  const errors = (body as { errors?: Array<{ message?: unknown; extensions?: { code?: unknown; stacktrace?: unknown } }> } | undefined)?.errors ?? [];
  for (const error of errors) {
    const code = typeof error.extensions?.code === 'string' ? error.extensions.code : '(none)';
    count(tally.byCode, code);
    if ((code === 'INTERNAL_SERVER_ERROR' && error.message !== 'Internal server error') || error.extensions?.stacktrace !== undefined)
      tally.unmasked.push(`${kind}: ${JSON.stringify(error).slice(0, 300)}`);
  }
  if (STACK_FRAME.test(outcome.text)) tally.unmasked.push(`${kind}: a stack frame in ${outcome.text.slice(0, 300)}`);
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const upstream = await startBenchUpstream(readSeedFile(SAMPLE_SEED_FILE), parseFaultRules(FAULTS));
  // Ended by its PID, also if this script fails before it does.
  const gateway = await startGatewayProcess(upstream.endpoint, GATEWAY_ENV);
  const { pid } = gateway;
  const rss = { start: rssMiB(pid), middle: undefined as number | undefined, end: undefined as number | undefined };
  const tally: Tally = { sent: 0, abortedOnPurpose: 0, byStatus: {}, byCode: {}, unanswered: {}, gateway5xx: {}, unmasked: [] };
  process.stderr.write(`soak: ${SECONDS} s, ${CLIENTS} clients, gateway pid ${pid} at ${gateway.url.href}\n`);

  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  const middle = setTimeout(() => (rss.middle = rssMiB(pid)), (SECONDS * 1000) / 2);
  const client = async () => {
    while (Date.now() < deadline) {
      const [kind, , send] = pickTraffic();
      tally.sent += 1;
      try {
        const outcome = await send(gateway.url);
        if (outcome === 'aborted') tally.abortedOnPurpose += 1;
        else record(tally, kind, outcome);
      } catch (error) {
        count(tally.unanswered, `${kind}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  clearTimeout(middle);
  rss.middle ??= rssMiB(pid);
  rss.end = rssMiB(pid);

  gateway.child.kill('SIGTERM');
  const exitCode = await new Promise<number | null>((resolve) =>
    gateway.child.exitCode === null ? gateway.child.once('exit', (code) => resolve(code)) : resolve(gateway.child.exitCode),
  );
  await upstream.close();

  const unanswered = Object.values(tally.unanswered).reduce((sum, n) => sum + n, 0);
  const gateway5xx = Object.values(tally.gateway5xx).reduce((sum, n) => sum + n, 0);
  const figures = {
    seconds: SECONDS,
    clients: CLIENTS,
    faults: FAULTS,
    gatewayEnv: GATEWAY_ENV,
    requestsSent: tally.sent,
    abortedOnPurpose: tally.abortedOnPurpose,
    answersByStatus: tally.byStatus,
    answersByCode: tally.byCode,
    upstreamCalls: upstream.calls,
    faultsInjected: upstream.faultsInjected,
    rssMiB: rss,
    mustBeZero: { gateway5xx, unmaskedInternalErrors: tally.unmasked.length, unanswered },
    gatewayExitCode: exitCode,
  };
  writeResults(`soak-${SECONDS}s.json`, figures);

  const list = (record: Record<string, number>) =>
    Object.entries(record)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, n]) => `${key} ${n}`)
      .join(', ') || 'none';
  const mib = (value: number | undefined) => (value === undefined ? 'unknown' : `${value.toFixed(1)} MiB`);
  console.log(
    [
      `soak: ${SECONDS} s, ${CLIENTS} concurrent clients, gateway (pid ${pid}) with ${Object.entries(GATEWAY_ENV)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
      `AppConfig: the emulator with faults "${FAULTS}"`,
      `requests sent: ${tally.sent} (${tally.abortedOnPurpose} aborted mid-body on purpose), ${(tally.sent / ((Date.now() - started) / 1000)).toFixed(0)} per second`,
      `answers by HTTP status: ${list(tally.byStatus)}`,
      `answers by extensions.code (one per error): ${list(tally.byCode)}`,
      `upstream calls: ${upstream.calls}; faults injected: ${list(upstream.faultsInjected)}`,
      `gateway RSS: start ${mib(rss.start)}, middle ${mib(rss.middle)}, end ${mib(rss.end)}`,
      `gateway 5xx: ${gateway5xx}${gateway5xx > 0 ? ` (${list(tally.gateway5xx)})` : ''}`,
      `unmasked internal errors or stack traces: ${tally.unmasked.length}${tally.unmasked.length > 0 ? `\n  ${tally.unmasked.slice(0, 5).join('\n  ')}` : ''}`,
      `requests without an answer: ${unanswered}${unanswered > 0 ? ` (${list(tally.unanswered)})` : ''}`,
      `gateway exit after SIGTERM: ${exitCode}`,
    ].join('\n'),
  );
  if (gateway5xx > 0 || tally.unmasked.length > 0 || unanswered > 0 || exitCode !== 0) {
    console.error(`FAILED: a must-be-zero figure is not, or the gateway did not stop cleanly. The gateway's last output:\n${gateway.output().slice(-4000)}`);
    process.exitCode = 1;
  }
}

await main();
