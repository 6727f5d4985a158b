import { loadConfig } from '../src/config.js';
import { plannedEvents } from '../src/emulator/simulation.js';
import type { DeploymentKey } from '../src/model/deployment.js';
import { cpuMs, type GatewayProcess, rssMiB, startGatewayProcess } from './gateway-process.js';
import { heapAfterCollectionMiB, INSPECT_OPTION } from './inspector.js';
import type { ClientsReport, ClientsStarted, Sighting, StartClients } from './live-clients.js';
import { POLL_QUERY } from './live-clients.js';
import { machine, runLine, writeResults } from './machine.js';
import { metricSum, scrapeMetrics } from './metrics.js';
import { forkTs, nextMessage, sleep, stopChild } from './processes.js';
import { APP, environmentIds, MOVING_STRATEGY, movingSeed } from './seed.js';
import { percentile } from './stats.js';
import { type Column, fixed, markdownTable } from './table.js';
import { type BenchUpstream, startBenchUpstream } from './upstream.js';

/**
 * `npm run bench:live [-- --quick]` (issue #13): what live updates cost one gateway process, beside
 * the same clients polling. The gateway runs as in production (src/main.ts, NODE_ENV=production,
 * APPCONFIG_SOURCE=aws) against the emulator, whose simulated clock stands still while the clients
 * connect, then runs fast enough that its deployments move a step (1 %) at least twice a watch
 * interval. Three modes, one after the other, each on a fresh gateway and emulator:
 *
 * - subscribe: each client opens a graphql-ws connection and subscribes to one of the deployments;
 * - poll: each client asks for the same fields over HTTP every interval, on a keep-alive connection
 *   of its own, through the gateway's default caches (the whole-response cache and the 5 s data cache);
 * - poll, cache of one interval: the same with the caches of a moving deployment cut to the interval, so that
 *   pollers see changes about as soon as subscribers do, at the same AppConfig cost.
 *
 * Measured in a window after every client has its first value: AppConfig calls per interval (at the
 * emulator), the gateway's CPU time per interval and its RSS growth per client (from /proc) and heap
 * growth per client after a full collection (through its inspector, on loopback), staleness
 * (from each change, as the emulator's simulation dates it, to each client first seeing it or a newer
 * value), and for subscriptions the delivery time from the poll that saw a change (the emulator's
 * arrival time of that GetDeployment) to each, and the last, subscriber receiving it.
 * Writes bench/results/live.json (live-quick.json with --quick). Nothing leaves loopback.
 */
const quick = process.argv.includes('--quick');
/**
 * One interval of 2 s: short, so that a run takes minutes, yet a thousand pollers ask 500 times a
 * second, which one process on a shared 2-core machine can still answer (at 1 s it could not).
 */
const settings = quick
  ? { clients: 100, deployments: 10, intervalSeconds: 2, settleIntervals: 1, measureSeconds: 6 }
  : { clients: 1000, deployments: 10, intervalSeconds: 2, settleIntervals: 2, measureSeconds: 30 };
const intervalMs = settings.intervalSeconds * 1000;
const defaultActiveTtlSeconds = loadConfig({}).cache.ttl.active;

interface Mode {
  readonly name: string;
  readonly clients: StartClients['mode'];
  /** Beside GATEWAY_ENV. */
  readonly env: Readonly<Record<string, string>>;
  /** How long a moving deployment's answer may be cached: a poller sees a change within this and an interval. */
  readonly cacheSeconds: number;
}

const MODES: readonly Mode[] = [
  { name: 'subscribe', clients: 'subscribe', env: {}, cacheSeconds: 0 },
  { name: 'poll', clients: 'poll', env: {}, cacheSeconds: defaultActiveTtlSeconds },
  {
    name: `poll, ${settings.intervalSeconds} s cache`,
    clients: 'poll',
    env: { CACHE_ACTIVE_TTL_SECONDS: String(settings.intervalSeconds), HTTP_MAX_AGE_ACTIVE_SECONDS: String(settings.intervalSeconds) },
    cacheSeconds: settings.intervalSeconds,
  },
];
/**
 * How long clients keep watching after the window, so that changes late in it are seen too: a
 * subscriber within an interval or two, a poller once the cached answer it gets has expired.
 */
const tailMsOf = (mode: Mode) => (2 * settings.intervalSeconds + mode.cacheSeconds) * 1000;
const GATEWAY_ENV = {
  NODE_ENV: 'production',
  AUTH_MODE: 'none',
  WATCH_INTERVAL_SECONDS: String(settings.intervalSeconds),
  // On loopback, for the heap after a collection (bench/inspector.ts); idle while nothing is attached.
  NODE_OPTIONS: INSPECT_OPTION,
};
const longestTailMs = Math.max(...MODES.map(tailMsOf));

/**
 * The deployments stand still while clients connect, then move: their 100 steps (MOVING_STRATEGY) spread
 * over the settling, the window and the longest tail with half as much again to spare, and never
 * less often than two a watch interval, so that every poll sees a change.
 */
const stepMs = Math.min(intervalMs / 2, Math.floor((1.5 * (settings.settleIntervals * intervalMs + settings.measureSeconds * 1000 + longestTailMs)) / 100));
/** MOVING_STRATEGY steps once a simulated minute. */
const timeScale = 60_000 / stepMs;

interface ModeResult {
  readonly mode: string;
  readonly clientKind: StartClients['mode'];
  readonly clients: number;
  readonly clientsStarted: ClientsStarted;
  readonly windowMs: number;
  readonly getDeploymentCallsPerInterval: number;
  readonly allCallsPerInterval: number;
  readonly cpuMsPerInterval: number;
  readonly rssBeforeMiB: number;
  readonly rssAfterMiB: number;
  readonly kibPerClient: number;
  /**
   * V8's heap in use right after a full collection, before the clients and after the window: RSS also
   * holds garbage and what the collector has not returned to the system, this only what is held.
   */
  readonly heapBeforeMiB: number;
  readonly heapAfterMiB: number;
  readonly heapKibPerClient: number;
  readonly staleness: Percentiles & { readonly samples: number; readonly missed: number };
  /** Subscriptions only: from the poll that saw a change to the last subscriber of its deployment receiving it, and to each. */
  readonly deliveryToLast: (Percentiles & { readonly changes: number; readonly deliveredToAll: number }) | null;
  readonly deliveryToEach: (Percentiles & { readonly receipts: number }) | null;
  readonly graphqlRequestsPerSecond: number;
  /** Polls only: the share of HTTP answers that came from the whole-response cache. */
  readonly responseCacheHitShare: number | null;
  readonly subscriptionsActive: number;
  readonly watchersActive: number;
  readonly answers: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
}

interface Percentiles {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const percentiles = (values: readonly number[]): Percentiles => ({ p50Ms: percentile(values, 50), p99Ms: percentile(values, 99) });

async function measureMode(mode: Mode, clients: ReturnType<typeof forkTs>): Promise<ModeResult> {
  const environments = environmentIds(settings.deployments);
  // Simulated time stands still until every client follows the deployments.
  const upstream = await startBenchUpstream(movingSeed(environments), [], { timeScale: 0, recordRequests: true });
  const gateway = await startGatewayProcess(upstream.endpoint, { ...GATEWAY_ENV, ...mode.env });
  // Where its inspector listens, printed as it starts (the output kept later is the last 64 KB only).
  const inspectorOutput = gateway.output();
  try {
    const targets: DeploymentKey[] = environments.map((environmentId) => ({ applicationId: APP, environmentId, deploymentNumber: 1 }));
    await warmUp(gateway, targets[0]!);
    // Both baselines after a collection, so that start-up's garbage is not taken for the clients' memory.
    const heapBeforeMiB = await heapAfterCollectionMiB(inspectorOutput);
    const rssBeforeMiB = rssMiB(gateway.pid) ?? Number.NaN;
    const start: StartClients = { mode: mode.clients, url: gateway.url.href, targets, clients: settings.clients, intervalMs };
    const connecting = Date.now();
    const clientsStarted = await nextMessage<ClientsStarted>(clients, start);
    process.stderr.write(`live: ${mode.name}: ${clientsStarted.started} clients had their first value after ${Date.now() - connecting} ms\n`);
    upstream.setTimeScale(timeScale);
    await sleep(settings.settleIntervals * intervalMs);

    const metricsBefore = await scrapeMetrics(gateway.metricsUrl);
    const windowStart = Date.now();
    const cpuBefore = cpuMs(gateway.pid);
    await sleep(settings.measureSeconds * 1000);
    const cpuAfter = cpuMs(gateway.pid);
    const windowEnd = Date.now();
    const rssAfterMiB = rssMiB(gateway.pid) ?? Number.NaN;
    const metricsAfter = await scrapeMetrics(gateway.metricsUrl);
    const heapAfterMiB = await heapAfterCollectionMiB(inspectorOutput);
    await sleep(tailMsOf(mode));
    const completesAt = upstream.realTimeOf(upstream.seededAt + MOVING_STRATEGY.DeploymentDurationInMinutes * 60_000);
    if (Date.now() > completesAt) throw new Error(`the deployments completed before the ${mode.name} run's tail ended`);
    const report = await nextMessage<ClientsReport>(clients, 'stop');

    const window = { start: windowStart, end: windowEnd };
    const intervals = (windowEnd - windowStart) / intervalMs;
    const inWindow = upstream.requests.filter((request) => request.receivedAt >= windowStart && request.receivedAt < windowEnd);
    const delta = (name: string, labels: Record<string, string> = {}) => metricSum(metricsAfter, name, labels) - metricSum(metricsBefore, name, labels);
    const responseHits = delta('appconfig_graph_cache_lookups_total', { kind: 'response', result: 'hit' });
    const responseLookups = responseHits + delta('appconfig_graph_cache_lookups_total', { kind: 'response', result: 'miss' });
    const delivery = mode.clients === 'subscribe' ? deliveryTimes(report.sightings, targets, upstream, window) : null;
    return {
      mode: mode.name,
      clientKind: mode.clients,
      clients: settings.clients,
      clientsStarted,
      windowMs: windowEnd - windowStart,
      getDeploymentCallsPerInterval: inWindow.filter((request) => request.operation === 'GetDeployment').length / intervals,
      allCallsPerInterval: inWindow.length / intervals,
      cpuMsPerInterval: (cpuAfter - cpuBefore) / intervals,
      rssBeforeMiB,
      rssAfterMiB,
      kibPerClient: ((rssAfterMiB - rssBeforeMiB) * 1024) / settings.clients,
      heapBeforeMiB,
      heapAfterMiB,
      heapKibPerClient: ((heapAfterMiB - heapBeforeMiB) * 1024) / settings.clients,
      staleness: stalenessOf(report.sightings, upstream, window),
      deliveryToLast: delivery?.toLast ?? null,
      deliveryToEach: delivery?.toEach ?? null,
      graphqlRequestsPerSecond: delta('appconfig_graph_graphql_request_duration_seconds_count') / ((windowEnd - windowStart) / 1000),
      responseCacheHitShare: mode.clients === 'poll' && responseLookups > 0 ? responseHits / responseLookups : null,
      subscriptionsActive: metricSum(metricsAfter, 'appconfig_graph_subscriptions_active'),
      watchersActive: metricSum(metricsAfter, 'appconfig_graph_watchers_active'),
      answers: report.answers,
      errors: report.errors,
      errorSamples: report.errorSamples,
    };
  } finally {
    await stopChild(gateway.child);
    await upstream.close();
  }
}

/** One query before the baseline is read, so that what any first request sets up is not counted against the clients. */
async function warmUp(gateway: GatewayProcess, target: DeploymentKey): Promise<void> {
  const body = JSON.stringify({ query: POLL_QUERY, variables: { a: target.applicationId, e: target.environmentId, n: target.deploymentNumber } });
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const result = (await response.json()) as { data?: unknown; errors?: unknown };
  if (!result.data || result.errors) throw new Error(`the gateway answers the live query wrongly: ${JSON.stringify(result).slice(0, 300)}`);
  await sleep(1000);
}

interface Window {
  readonly start: number;
  readonly end: number;
}

/**
 * For each step of the deployments that happened in the window (every deployment moves on the same
 * plan from the same start), and each client: how long until the client first saw that step or a
 * later one. A step no client-side sighting covers by the end of the tail is missed.
 */
function stalenessOf(sightings: ReadonlyArray<readonly Sighting[]>, upstream: BenchUpstream, window: Window): ModeResult['staleness'] {
  const plan = {
    durationMinutes: MOVING_STRATEGY.DeploymentDurationInMinutes,
    growthType: MOVING_STRATEGY.GrowthType,
    growthFactor: MOVING_STRATEGY.GrowthFactor,
    finalBakeMinutes: MOVING_STRATEGY.FinalBakeTimeInMinutes,
  };
  const changes = plannedEvents(plan, upstream.seededAt)
    .map((event) => ({ simulatedAt: event.at, realAt: upstream.realTimeOf(event.at) }))
    .filter((change) => change.realAt >= window.start && change.realAt < window.end);
  const samples: number[] = [];
  let missed = 0;
  for (const client of sightings) {
    for (const change of changes) {
      const seen = client.find(([, newest]) => newest >= change.simulatedAt);
      if (seen) samples.push(seen[0] - change.realAt);
      else missed += 1;
    }
  }
  return { ...percentiles(samples), samples: samples.length, missed };
}

/**
 * For subscriptions: each value a deployment's subscribers received first in the window came from
 * the last poll of that deployment the emulator received before the first of them had it (polls are
 * an interval apart, delivery takes far less). From that poll's arrival to each receipt, and to the last.
 */
function deliveryTimes(sightings: ReadonlyArray<readonly Sighting[]>, targets: readonly DeploymentKey[], upstream: BenchUpstream, window: Window) {
  const toEach: number[] = [];
  const toLast: number[] = [];
  let deliveredToAll = 0;
  targets.forEach((target, t) => {
    const polls = upstream.requests
      .filter((request) => request.operation === 'GetDeployment' && request.labels['EnvironmentId'] === target.environmentId)
      .map((request) => request.receivedAt);
    const followers = sightings.filter((_, client) => client % targets.length === t);
    const receipts = new Map<number, number[]>();
    for (const [seenAt, newest] of followers.flat()) receipts.set(newest, [...(receipts.get(newest) ?? []), seenAt]);
    for (const times of receipts.values()) {
      const first = Math.min(...times);
      if (first < window.start || first >= window.end) continue;
      const poll = polls.filter((at) => at <= first).at(-1);
      if (poll === undefined) continue;
      toEach.push(...times.map((at) => at - poll));
      toLast.push(Math.max(...times) - poll);
      if (times.length === followers.length) deliveredToAll += 1;
    }
  });
  return {
    toEach: { ...percentiles(toEach), receipts: toEach.length },
    toLast: { ...percentiles(toLast), changes: toLast.length, deliveredToAll },
  };
}

async function main(): Promise<void> {
  const measuredOn = machine();
  const clients = forkTs('./live-clients.ts');
  const results: ModeResult[] = [];
  try {
    for (const mode of MODES) {
      process.stderr.write(`live: ${mode.name}, ${settings.clients} clients over ${settings.deployments} deployments…\n`);
      results.push(await measureMode(mode, clients));
    }
  } finally {
    await stopChild(clients);
  }
  const file = quick ? 'live-quick.json' : 'live.json';
  writeResults(file, {
    date: new Date().toISOString(),
    quick,
    settings,
    stepMs,
    timeScale,
    modes: MODES.map((mode) => ({ ...mode, tailMs: tailMsOf(mode) })),
    gatewayEnv: GATEWAY_ENV,
    machine: measuredOn,
    results,
  });

  const ms = (value: number | undefined) => fixed(value, 0);
  const columns: ReadonlyArray<Column<ModeResult>> = [
    ['mode', false, (row) => row.mode],
    ['GetDeployment / interval', true, (row) => fixed(row.getDeploymentCallsPerInterval, 1)],
    ['poll → last subscriber p50 / p99 ms', true, (row) => (row.deliveryToLast ? `${ms(row.deliveryToLast.p50Ms)} / ${ms(row.deliveryToLast.p99Ms)}` : '—')],
    ['poll → each subscriber p50 / p99 ms', true, (row) => (row.deliveryToEach ? `${ms(row.deliveryToEach.p50Ms)} / ${ms(row.deliveryToEach.p99Ms)}` : '—')],
    ['staleness p50 / p99 ms', true, (row) => `${ms(row.staleness.p50Ms)} / ${ms(row.staleness.p99Ms)}`],
    ['CPU ms / interval', true, (row) => fixed(row.cpuMsPerInterval, 0)],
    ['RSS Δ MiB', true, (row) => fixed(row.rssAfterMiB - row.rssBeforeMiB, 1)],
    ['RSS KiB / client', true, (row) => fixed(row.kibPerClient, 1)],
    ['heap after GC, KiB / client', true, (row) => fixed(row.heapKibPerClient, 1)],
    ['HTTP req/s', true, (row) => fixed(row.graphqlRequestsPerSecond, 0)],
    ['from response cache', true, (row) => (row.responseCacheHitShare === null ? '—' : `${fixed(row.responseCacheHitShare * 100, 1)} %`)],
  ];
  console.log(`\n${runLine(measuredOn)}:\n\n${markdownTable(columns, results)}`);
  console.log(
    `\n${settings.deployments} deployments moving a step every ${stepMs} ms (EMULATOR_TIME_SCALE ${fixed(timeScale, 1)}), WATCH_INTERVAL_SECONDS=${settings.intervalSeconds}, ` +
      `a ${settings.measureSeconds} s window after every client had its first value. Written to bench/results/${file}.`,
  );
  for (const result of results) {
    const problems = [
      result.clientsStarted.failed > 0 && `${result.clientsStarted.failed} clients could not start`,
      result.errors > 0 && `${result.errors} errors (${result.errorSamples.join('; ')})`,
      result.staleness.missed > 0 && `${result.staleness.missed} changes never seen`,
    ].filter(Boolean);
    if (problems.length > 0) {
      console.error(`${result.mode}: ${problems.join(', ')}`);
      process.exitCode = 1;
    }
  }
}

await main();
