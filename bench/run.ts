import { once } from 'node:events';
import { loadConfig } from '../src/config.js';
import type { LoadRequest, LoadResult } from './load-process.js';
import { machine, runLine, writeResults } from './machine.js';
import { forkTs, nextMessage } from './processes.js';
import { type Scenario, SCENARIOS, upstreamLatencyFloor } from './scenarios.js';
import { benchSeed } from './seed.js';
import { median } from './stats.js';
import { type SystemName, SYSTEMS } from './systems.js';
import { type Column, fixed, markdownTable } from './table.js';
import { type BenchUpstream, latencyOf, startBenchUpstream } from './upstream.js';

/**
 * `npm run bench [-- --quick]`: every scenario against every system, alternating systems within each
 * round (the machines are shared and noisy), medians of the rounds, ratios side by side. Writes
 * bench/results/latest.json (quick.json with --quick). Then the fleet scenario (bench/fleet.ts, also
 * `npm run bench:fleet`), unless the run is narrowed or given `--no-fleet`. Nothing leaves loopback.
 */
const quick = process.argv.includes('--quick');
/** `--scenarios a,b` and `--systems x,y` narrow a run, for profiling one shape. */
const listArgument = (name: string) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1]?.split(',');
};
const onlyScenarios = listArgument('--scenarios');
const onlySystems = listArgument('--systems');
/** The fleet scenario measures replicas, not one system on one shape: a narrowed run leaves it out. */
const withFleet = !onlyScenarios && !onlySystems && !process.argv.includes('--no-fleet');
const scenarios = SCENARIOS.filter((scenario) => !onlyScenarios || onlyScenarios.includes(scenario.name));
const settings = quick
  ? { rounds: 1, warmupSeconds: 1, durationSeconds: 1, connections: 4, upstreamLatenciesMs: [0] }
  : { rounds: 3, warmupSeconds: 1, durationSeconds: 3, connections: 10, upstreamLatenciesMs: [0, 20] };
const maxConcurrency = loadConfig({}).appConfig.maxConcurrency;
/** A smoke run must not overwrite the figures of the last full run. */
const RESULTS_FILE = quick ? 'quick.json' : 'latest.json';
const FLOORS: readonly SystemName[] = ['apollo-floor', 'graphql-js-floor'];

interface Measurement extends LoadResult {
  readonly system: SystemName;
  readonly scenario: string;
  readonly upstreamLatencyMs: number;
  readonly cpuMsPerRequest: number;
  readonly upstreamCallsPerRequest: number;
  readonly soloLatencyMs: number;
  readonly maxUpstreamInFlight: number;
}

async function startSystemProcess(system: SystemName, endpoint: string) {
  const child = forkTs('./system-process.ts', [system, endpoint]);
  const { url } = await nextMessage<{ url: string }>(child);
  return {
    child,
    url,
    cpuMs: async () => {
      const { cpu } = await nextMessage<{ cpu: NodeJS.CpuUsage }>(child, 'cpu');
      return (cpu.user + cpu.system) / 1000;
    },
  };
}

function bodyOf(scenario: Scenario): string {
  return JSON.stringify({ query: scenario.query, variables: scenario.variables });
}

/** Sends one request alone; refuses to measure a system that answers the scenario with errors. */
async function verify(system: SystemName, url: string, scenario: Scenario): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyOf(scenario) });
  const result = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (response.status !== 200 || result.errors || !result.data)
    throw new Error(`${system} answers ${scenario.name} wrongly: ${JSON.stringify(result).slice(0, 300)}`);
}

/**
 * Requests sent one at a time, before the load: their upstream calls are counted exactly (under load,
 * calls of requests cut off at a window's edges would blur the count), and their latency is the one a
 * lone user sees, to compare with the upstream latency floor.
 */
async function probe(
  system: SystemName,
  url: string,
  scenario: Scenario,
  upstream: BenchUpstream,
): Promise<{ callsPerRequest: number; soloLatencyMs: number }> {
  const probes = 5;
  await quiet(upstream);
  upstream.resetCounters();
  const latencies: number[] = [];
  for (let i = 0; i < probes; i += 1) {
    const started = performance.now();
    await verify(system, url, scenario);
    latencies.push(performance.now() - started);
  }
  return { callsPerRequest: upstream.calls / probes, soloLatencyMs: median(latencies) };
}

/**
 * Waits until no upstream call has started for a full second: a system may still be working off
 * requests the load generator abandoned when its window closed, between calls as well as in them.
 */
async function quiet(upstream: BenchUpstream): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = -1;
  let stablePolls = 0;
  while (Date.now() < deadline) {
    stablePolls = upstream.calls === last && upstream.inFlight === 0 ? stablePolls + 1 : 0;
    if (stablePolls >= 4) return;
    last = upstream.calls;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the upstream never went quiet');
}

async function main(): Promise<void> {
  const measuredOn = machine();
  const load = forkTs('./load-process.ts');
  await nextMessage(load);
  const measurements: Measurement[] = [];

  for (const latency of settings.upstreamLatenciesMs) {
    // The emulator, in this process: its CPU is not counted against any system.
    const upstream = await startBenchUpstream(benchSeed(), latencyOf(latency));
    // Floors never call AppConfig: measured once, with no upstream latency.
    const systems = SYSTEMS.filter((system) => (latency === 0 || !FLOORS.includes(system)) && (!onlySystems || onlySystems.includes(system)));
    const running = new Map(await Promise.all(systems.map(async (system) => [system, await startSystemProcess(system, upstream.endpoint)] as const)));

    for (let round = 0; round < settings.rounds; round += 1) {
      for (const scenario of scenarios) {
        // Rotate the order each round so no system always runs first (or last) on a warming machine.
        const order = systems.map((_, i) => systems[(i + round) % systems.length]!);
        for (const system of order) {
          const { url, cpuMs } = running.get(system)!;
          const request = (durationSeconds: number): LoadRequest => ({
            kind: 'autocannon',
            url,
            body: bodyOf(scenario),
            connections: settings.connections,
            durationSeconds,
          });
          await verify(system, url, scenario);
          await nextMessage<LoadResult>(load, request(settings.warmupSeconds));
          // After the warm-up, so a cross-request cache is as warm as in steady use.
          const { callsPerRequest, soloLatencyMs } = await probe(system, url, scenario, upstream);
          await quiet(upstream);
          upstream.resetCounters();
          const cpuBefore = await cpuMs();
          const result = await nextMessage<LoadResult>(load, request(settings.durationSeconds));
          const cpuUsed = (await cpuMs()) - cpuBefore;
          measurements.push({
            ...result,
            system,
            scenario: scenario.name,
            upstreamLatencyMs: latency,
            cpuMsPerRequest: cpuUsed / Math.max(1, result.requests),
            upstreamCallsPerRequest: callsPerRequest,
            soloLatencyMs,
            maxUpstreamInFlight: upstream.maxInFlight,
          });
          process.stderr.write(
            `round ${round + 1}/${settings.rounds} ${latency} ms ${scenario.name} ${system}: ${Math.round(result.requestsPerSecond)} req/s\n`,
          );
        }
      }
    }
    for (const { child } of running.values()) child.send('exit');
    await upstream.close();
  }
  load.kill();
  report(measurements, measuredOn);
}

/** One line of the report: a system on a scenario at one AppConfig latency, medians of its rounds. */
interface Row {
  readonly scenario: string;
  readonly upstreamLatencyMs: number;
  readonly system: SystemName;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuMsPerRequest: number;
  readonly upstreamCallsPerRequest: number;
  readonly soloLatencyMs: number;
  readonly maxUpstreamInFlight: number;
  readonly failedRequests: number;
  readonly distinctCalls: number;
  readonly callsPerDistinct: number | null;
  readonly latencyFloorMs: number | null;
  readonly throughputVsApolloFloor: number | null;
  readonly throughputVsGraphqlJsFloor: number | null;
}

function report(measurements: Measurement[], measuredOn: ReturnType<typeof machine>): void {
  const rows: Row[] = [];
  for (const latency of settings.upstreamLatenciesMs) {
    for (const scenario of scenarios) {
      const medianOf = (system: SystemName) => {
        const runs = measurements.filter(
          (m) => m.system === system && m.scenario === scenario.name && m.upstreamLatencyMs === (FLOORS.includes(system) ? 0 : latency),
        );
        if (runs.length === 0) return undefined;
        const pick = (key: keyof Measurement) => median(runs.map((run) => run[key] as number));
        return {
          requestsPerSecond: pick('requestsPerSecond'),
          p50Ms: pick('p50Ms'),
          p99Ms: pick('p99Ms'),
          cpuMsPerRequest: pick('cpuMsPerRequest'),
          upstreamCallsPerRequest: pick('upstreamCallsPerRequest'),
          soloLatencyMs: pick('soloLatencyMs'),
          maxUpstreamInFlight: Math.max(...runs.map((run) => run.maxUpstreamInFlight)),
          failedRequests: runs.reduce((sum, run) => sum + run.errors + run.non2xx, 0),
        };
      };
      const floors = { apollo: medianOf('apollo-floor')?.requestsPerSecond, graphqlJs: medianOf('graphql-js-floor')?.requestsPerSecond };
      for (const system of SYSTEMS) {
        const figures = medianOf(system);
        if (!figures || (latency !== 0 && FLOORS.includes(system))) continue;
        rows.push({
          scenario: scenario.name,
          upstreamLatencyMs: latency,
          system,
          ...figures,
          distinctCalls: scenario.distinctCalls,
          callsPerDistinct: FLOORS.includes(system) ? null : figures.upstreamCallsPerRequest / scenario.distinctCalls,
          latencyFloorMs: FLOORS.includes(system) ? null : upstreamLatencyFloor(scenario, maxConcurrency, latency),
          throughputVsApolloFloor: floors.apollo ? figures.requestsPerSecond / floors.apollo : null,
          throughputVsGraphqlJsFloor: floors.graphqlJs ? figures.requestsPerSecond / floors.graphqlJs : null,
        });
      }
    }
  }

  writeResults(RESULTS_FILE, { date: new Date().toISOString(), quick, settings, maxConcurrency, machine: measuredOn, rows, measurements });

  // docs/performance.md's table has these columns, in this order and alignment, so that the output pastes in as it is.
  const columns: ReadonlyArray<Column<Row>> = [
    ['scenario', false, (row) => row.scenario],
    ['AppConfig latency', false, (row) => `${row.upstreamLatencyMs} ms`],
    ['system', false, (row) => row.system],
    ['req/s', true, (row) => fixed(row.requestsPerSecond, 0)],
    ['p50 ms', true, (row) => fixed(row.p50Ms, 0)],
    ['p99 ms', true, (row) => fixed(row.p99Ms, 0)],
    ['CPU ms/req', true, (row) => fixed(row.cpuMsPerRequest)],
    ['calls/req', true, (row) => fixed(row.upstreamCallsPerRequest)],
    ['calls ÷ distinct', true, (row) => fixed(row.callsPerDistinct)],
    ['solo ms', true, (row) => fixed(row.soloLatencyMs, 1)],
    ['upstream floor ms', true, (row) => fixed(row.latencyFloorMs, 0)],
    ['max in flight', true, (row) => String(row.maxUpstreamInFlight)],
    ['÷ Apollo floor', true, (row) => fixed(row.throughputVsApolloFloor)],
    ['÷ graphql-js floor', true, (row) => fixed(row.throughputVsGraphqlJsFloor)],
  ];
  console.log(`\n${runLine(measuredOn)}:\n\n${markdownTable(columns, rows)}`);
  console.log(
    `\n${settings.rounds} round(s) of ${settings.durationSeconds} s per cell, ${settings.connections} connections, APPCONFIG_MAX_CONCURRENCY=${maxConcurrency}. Written to bench/results/${RESULTS_FILE}.`,
  );
  const failed = rows.filter((row) => row.failedRequests > 0);
  if (failed.length > 0) {
    console.error(`Failed requests in: ${failed.map((row) => `${row.system}/${row.scenario}`).join(', ')}`);
    process.exitCode = 1;
  }
}

/** Runs the fleet scenario in a process of its own, as `npm run bench:fleet` would, with this run's --quick. */
async function fleet(): Promise<void> {
  const [code] = (await once(forkTs('./fleet.ts', quick ? ['--quick'] : []), 'exit')) as [number | null];
  if (code !== 0) process.exitCode = 1;
}

await main();
if (withFleet) await fleet();
