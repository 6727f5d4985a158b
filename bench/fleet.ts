import { loadConfig } from '../src/config.js';
import { parseFaultRules } from '../src/emulator/faults/rules.js';
import { cpuMs, type GatewayProcess, startGatewayProcess } from './gateway-process.js';
import { machine, runLine, writeResults } from './machine.js';
import { metricSum, scrapeMetrics } from './metrics.js';
import type { PacedLoadRequest, PacedLoadResult } from './paced-load.js';
import { forkTs, nextMessage, sleep, stopChild } from './processes.js';
import { seededRandom } from './random.js';
import { startRedisServer } from './redis-server.js';
import { APP, environmentIds, recordedSeed } from './seed.js';
import { busiestWindow } from './stats.js';
import { type Column, fixed, markdownTable } from './table.js';
import { startBenchUpstream, type UpstreamRequest } from './upstream.js';

/**
 * `npm run bench:fleet [-- --quick]` (issue #12): does a fleet keep within AppConfig's quotas when it
 * is asked for ten times what its budget allows? Three gateway replicas (src/main.ts, each a process
 * of its own) share one Redis (a redis-server of this run's own, for their cache and their budget),
 * against the emulator enforcing AWS's quotas with some latency. Open-loop load, in a process of its
 * own, asks them in turn for many distinct deployments and deployment lists, with cache lifetimes of
 * 1 s so that most reads reach AppConfig. Two designs, one after the other, each on a fresh Redis,
 * emulator and fleet, asked the same requests in the same order:
 *
 * - fleet budget: the defaults, APPCONFIG_GET_RATE=50 and APPCONFIG_LIST_RATE=5 per second for the
 *   whole fleet, shared through Redis;
 * - per-process cap: the rates at their maximum (100 000, beyond any demand), so that only
 *   APPCONFIG_MAX_CONCURRENCY bounds each process, as before the budget.
 *
 * Measured at the emulator (its request log): Get* and List* calls in the busiest sliding second and
 * on average, and throttled answers; from the replicas' metrics: the 429s they received and the
 * budget's decisions; from /proc: their CPU; at the clients: how each top-level field (one AppConfig
 * read) was answered, requests unanswered or answered 5xx, and latency. Writes bench/results/fleet.json
 * (fleet-quick.json with --quick). Nothing leaves loopback.
 */
const quick = process.argv.includes('--quick');
/**
 * The demand: ten times the fleet's budget of each class, in few HTTP requests that each name many
 * resources (aliases), so that the replicas' CPU goes to AppConfig calls rather than to parsing
 * requests: on a small shared machine, many small requests would saturate the replicas before
 * AppConfig's quotas ever came into play.
 */
const settings = {
  replicas: 3,
  environments: 100,
  deploymentsEach: 30,
  /** Distinct deployments (one GetDeployment each) per deployment request. */
  deploymentsPerRequest: 50,
  /** Environments' lists (one ListDeployments each) per list request. */
  listsPerRequest: 10,
  getRequestsPerSecond: 10,
  listRequestsPerSecond: 5,
  loadSeconds: quick ? 6 : 30,
};
/** AWS's control-plane quotas (100 Get* and 10 List* calls a second for the account), and AppConfig some tens of milliseconds away. */
const FAULTS = 'latency=10-30; throttle above=100/s op=Get*; throttle above=10/s op=List*';
const budget = loadConfig({}).appConfig.rates;
const COMMON_ENV = {
  NODE_ENV: 'production',
  AUTH_MODE: 'none',
  // Access lines and the warning for every throttled answer cost a shared 2-core machine more than answering does.
  LOG_LEVEL: 'error',
  // Cold-ish reads: every cached deployment and list page expires after a second (stale-if-error keeps them a day).
  CACHE_FINAL_TTL_SECONDS: '1',
  CACHE_ACTIVE_TTL_SECONDS: '1',
  CACHE_LIST_TTL_SECONDS: '1',
};
const DESIGNS = [
  { name: 'fleet budget', description: `APPCONFIG_GET_RATE=${budget.get}, APPCONFIG_LIST_RATE=${budget.list} shared through Redis`, env: {} },
  {
    name: 'per-process cap',
    description: 'APPCONFIG_GET_RATE=APPCONFIG_LIST_RATE=100000: only APPCONFIG_MAX_CONCURRENCY per process',
    env: { APPCONFIG_GET_RATE: '100000', APPCONFIG_LIST_RATE: '100000' },
  },
] as const;
/** A client gives up after this long: past REQUEST_TIMEOUT_MS (20 s), so the gateway's own bound shows first. */
const CLIENT_TIMEOUT_MS = 30_000;

interface DesignResult extends PacedLoadResult {
  readonly design: string;
  readonly description: string;
  readonly getCallsMaxPerSecond: number;
  readonly listCallsMaxPerSecond: number;
  readonly getCallsMeanPerSecond: number;
  readonly listCallsMeanPerSecond: number;
  /** Get* and List* calls in each second of the run, counted from its start: what a plot would show. */
  readonly getCallsEachSecond: readonly number[];
  readonly listCallsEachSecond: readonly number[];
  readonly throttledByAppConfig: number;
  /** From the replicas' metrics, summed. */
  readonly budgetAdmissions: Readonly<Record<'admitted' | 'delayed' | 'refused', number>>;
  readonly throttledAttempts: number;
  readonly staleCacheLookups: number;
  /** CPU the replicas used together from the load's start to its last answer, in cores (CPU time ÷ wall time). */
  readonly replicasCpuCores: number;
}

/** Bodies per kind of request, drawn from at random as the load runs: enough that few repeat within a cache lifetime. */
const POOL_SIZE = 2000;

/**
 * The load: requests for `deploymentsPerRequest` deployments by number (one GetDeployment each when not
 * cached), and for the newest ten deployments of `listsPerRequest` environments (one ListDeployments each).
 * Drawn by a seeded generator, so that both designs are asked the same.
 */
function loadMix(environments: readonly string[]): PacedLoadRequest['mix'] {
  const random = seededRandom(12);
  const pick = <T>(values: readonly T[], count: number): T[] => {
    const picked = new Set<T>();
    while (picked.size < count) picked.add(values[Math.floor(random() * values.length)]!);
    return [...picked];
  };
  const keys = environments.flatMap((environment) => Array.from({ length: settings.deploymentsEach }, (_, i) => [environment, i + 1] as const));
  const body = (fields: readonly string[]) => JSON.stringify({ query: `{ ${fields.join(' ')} }` });
  const deploymentRequest = () =>
    body(
      pick(keys, settings.deploymentsPerRequest).map(
        ([environment, number], i) =>
          `d${i}: deployment(applicationId: "${APP}", environmentId: "${environment}", deploymentNumber: ${number}) { deploymentNumber state percentageComplete }`,
      ),
    );
  const listRequest = () =>
    body(
      pick(environments, settings.listsPerRequest).map(
        (environment, i) =>
          `l${i}: deployments(applicationId: "${APP}", environmentId: "${environment}", first: 10) { edges { node { deploymentNumber state } } }`,
      ),
    );
  return [
    { weight: settings.getRequestsPerSecond, bodies: Array.from({ length: POOL_SIZE }, deploymentRequest) },
    { weight: settings.listRequestsPerSecond, bodies: Array.from({ length: POOL_SIZE }, listRequest) },
  ];
}

async function measureDesign(design: (typeof DESIGNS)[number], load: ReturnType<typeof forkTs>): Promise<DesignResult> {
  const environments = environmentIds(settings.environments);
  const redis = await startRedisServer();
  const upstream = await startBenchUpstream(recordedSeed(environments, settings.deploymentsEach), parseFaultRules(FAULTS), { recordRequests: true });
  const replicas: GatewayProcess[] = [];
  try {
    const env = { ...COMMON_ENV, REDIS_URL: redis.url, ...design.env };
    replicas.push(...(await Promise.all(Array.from({ length: settings.replicas }, () => startGatewayProcess(upstream.endpoint, env)))));
    for (const replica of replicas) await verify(replica, environments[0]!);
    // The emulator's quotas count a sliding second: the checks above must not count against the load.
    await sleep(1500);
    const cpuBefore = replicas.map((replica) => cpuMs(replica.pid));

    const request: PacedLoadRequest = {
      kind: 'paced',
      urls: replicas.map((replica) => replica.url.href),
      mix: loadMix(environments),
      ratePerSecond: settings.getRequestsPerSecond + settings.listRequestsPerSecond,
      durationSeconds: settings.loadSeconds,
      timeoutMs: CLIENT_TIMEOUT_MS,
      seed: 7,
    };
    const answers = await nextMessage<PacedLoadResult>(load, request);
    const end = Date.now();
    const replicasCpuMs = replicas.reduce((sum, replica, i) => sum + cpuMs(replica.pid) - cpuBefore[i]!, 0);
    const during = upstream.requests.filter((call) => call.receivedAt >= answers.startedAt && call.receivedAt <= end);
    const times = (prefix: string) => during.filter((call) => call.operation.startsWith(prefix)).map((call) => call.receivedAt);
    const seconds = (end - answers.startedAt) / 1000;
    const metrics = (await Promise.all(replicas.map((replica) => scrapeMetrics(replica.metricsUrl)))).flat();
    const admissions = (outcome: string) => metricSum(metrics, 'appconfig_graph_budget_admissions_total', { outcome });
    return {
      design: design.name,
      description: design.description,
      ...answers,
      getCallsMaxPerSecond: busiestWindow(times('Get'), 1000),
      listCallsMaxPerSecond: busiestWindow(times('List'), 1000),
      getCallsMeanPerSecond: times('Get').length / seconds,
      listCallsMeanPerSecond: times('List').length / seconds,
      getCallsEachSecond: eachSecond(during, 'Get', answers.startedAt, end),
      listCallsEachSecond: eachSecond(during, 'List', answers.startedAt, end),
      throttledByAppConfig: upstream.throttledAt.filter((at) => at >= answers.startedAt && at <= end).length,
      budgetAdmissions: { admitted: admissions('admitted'), delayed: admissions('delayed'), refused: admissions('refused') },
      throttledAttempts: metricSum(metrics, 'appconfig_graph_appconfig_throttled_attempts_total'),
      staleCacheLookups: metricSum(metrics, 'appconfig_graph_cache_lookups_total', { result: 'stale' }),
      replicasCpuCores: replicasCpuMs / (end - answers.startedAt),
    };
  } finally {
    await Promise.all(replicas.map((replica) => stopChild(replica.child)));
    await redis.stop();
    await upstream.close();
  }
}

/** Refuses to measure a replica that does not answer (one deployment: one call, well within the budget). */
async function verify(replica: GatewayProcess, environment: string): Promise<void> {
  const body = JSON.stringify({ query: `{ deployment(applicationId: "${APP}", environmentId: "${environment}", deploymentNumber: 1) { state } }` });
  const response = await fetch(replica.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const result = (await response.json()) as { data?: unknown; errors?: unknown };
  if (!result.data || result.errors) throw new Error(`a replica answers wrongly: ${JSON.stringify(result).slice(0, 300)}`);
}

function eachSecond(calls: readonly UpstreamRequest[], prefix: string, start: number, end: number): number[] {
  const counts = Array.from({ length: Math.ceil((end - start) / 1000) }, () => 0);
  for (const call of calls) if (call.operation.startsWith(prefix)) counts[Math.floor((call.receivedAt - start) / 1000)]! += 1;
  return counts;
}

async function main(): Promise<void> {
  const measuredOn = machine();
  const load = forkTs('./load-process.ts');
  await nextMessage(load);
  const results: DesignResult[] = [];
  try {
    for (const design of DESIGNS) {
      process.stderr.write(`fleet: ${design.name}, ${settings.replicas} replicas, ${settings.loadSeconds} s…\n`);
      results.push(await measureDesign(design, load));
    }
  } finally {
    await stopChild(load);
  }
  const file = quick ? 'fleet-quick.json' : 'fleet.json';
  writeResults(file, { date: new Date().toISOString(), quick, settings, faults: FAULTS, budget, gatewayEnv: COMMON_ENV, machine: measuredOn, results });

  const fieldCount = (row: DesignResult) =>
    row.fields.data + row.fields.stale + row.fields.throttled + Object.values(row.fields.otherErrors).reduce((sum, count) => sum + count, 0);
  const share = (row: DesignResult, count: number) => `${fixed((100 * count) / Math.max(1, fieldCount(row)), 1)} %`;
  const columns: ReadonlyArray<Column<DesignResult>> = [
    ['design', false, (row) => row.design],
    [`Get calls/s, busiest second (budget ${budget.get})`, true, (row) => String(row.getCallsMaxPerSecond)],
    [`List calls/s, busiest second (budget ${budget.list})`, true, (row) => String(row.listCallsMaxPerSecond)],
    // Calendar seconds, beside the sliding ones: a burst that straddles two seconds shows in one figure only.
    ['Get / List calls, busiest clock second', true, (row) => `${Math.max(...row.getCallsEachSecond)} / ${Math.max(...row.listCallsEachSecond)}`],
    ['Get / List calls/s, mean', true, (row) => `${fixed(row.getCallsMeanPerSecond, 1)} / ${fixed(row.listCallsMeanPerSecond, 1)}`],
    ['429s sent by AppConfig', true, (row) => String(row.throttledByAppConfig)],
    ['429s received by replicas', true, (row) => String(row.throttledAttempts)],
    ['requests', true, (row) => String(row.sent)],
    ['fields', true, (row) => String(fieldCount(row))],
    ['data', true, (row) => share(row, row.fields.data)],
    ['stale', true, (row) => share(row, row.fields.stale)],
    ['UPSTREAM_THROTTLED', true, (row) => share(row, row.fields.throttled)],
    ['other errors', true, (row) => share(row, fieldCount(row) - row.fields.data - row.fields.stale - row.fields.throttled)],
    ['unanswered or 5xx', true, (row) => String(row.unanswered + row.http5xx)],
    ['p50 ms', true, (row) => fixed(row.p50Ms, 0)],
    ['p99 ms', true, (row) => fixed(row.p99Ms, 0)],
    ["replicas' CPU, cores", true, (row) => fixed(row.replicasCpuCores, 2)],
  ];
  console.log(`\n${runLine(measuredOn)}:\n\n${markdownTable(columns, results)}`);
  console.log(
    `\n${settings.replicas} replicas sharing one Redis; for ${settings.loadSeconds} s, ${settings.getRequestsPerSecond} requests a second for ${settings.deploymentsPerRequest} deployments each ` +
      `and ${settings.listRequestsPerSecond} for ${settings.listsPerRequest} environments' lists each (${settings.getRequestsPerSecond * settings.deploymentsPerRequest} Get and ` +
      `${settings.listRequestsPerSecond * settings.listsPerRequest} List calls a second uncached), over ${settings.environments * settings.deploymentsEach} deployments in ${settings.environments} environments; ` +
      `AppConfig: "${FAULTS}". Written to bench/results/${file}.`,
  );
  for (const row of results) {
    const otherCodes = Object.entries(row.fields.otherErrors).map(([code, count]) => `${code} ${count}`);
    if (otherCodes.length > 0) console.log(`${row.design}: other errors: ${otherCodes.join(', ')}`);
    console.log(
      `${row.design}: budget admitted ${row.budgetAdmissions.admitted}, delayed ${row.budgetAdmissions.delayed}, refused ${row.budgetAdmissions.refused}; ` +
        `throttled attempts ${row.throttledAttempts}; stale cache answers ${row.staleCacheLookups}`,
    );
  }
  const failed = results.filter((row) => row.unanswered + row.http5xx > 0);
  if (failed.length > 0) {
    console.error(`Requests unanswered or answered 5xx in: ${failed.map((row) => row.design).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
