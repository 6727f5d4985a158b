import { mergeSeeds, variedSeed } from '../fixtures/deployments.js';
import { TestClock } from './clock.js';
import type { TestEmulator } from './emulator.js';
import type { TestGateway } from './gateway.js';
import { useEmulatorWithGatewaysPerTest } from './harness.js';
import { scrape, total } from './metrics.js';

/** Of the varied deployments 1–7 (BAKING, VALIDATING, DEPLOYING, COMPLETE, ROLLING_BACK, ROLLED_BACK, REVERTED). */
export const COMPLETE = 4;
export const DEPLOYING = 3;

export const byNumber = (n: number, applicationId = 'app1234') =>
  `{ deployment(applicationId: "${applicationId}", environmentId: "env1234", deploymentNumber: ${n}) { deploymentNumber state startedAt eventLog { occurredAt } } }`;

export interface CacheHealth {
  readonly cache: { backend: string | undefined; hits: number; misses: number; errors?: number; failing?: boolean };
}

/** The cache's figures from /metrics: AppConfig entries only (whole responses are kind `response`), Redis' errors and state. */
export async function health(gateway: TestGateway): Promise<CacheHealth> {
  const samples = await scrape(gateway.url);
  const entries = samples.filter((sample) => sample.name === 'appconfig_graph_cache_lookups_total' && sample.labels['kind'] !== 'response');
  const count = (result: string) => total(entries, 'appconfig_graph_cache_lookups_total', { result });
  const redisUp = samples.find((sample) => sample.name === 'appconfig_graph_redis_up');
  return {
    cache: {
      backend: entries[0]?.labels['backend'] ?? samples.find((sample) => sample.labels['backend'] !== undefined)?.labels['backend'],
      hits: count('hit'),
      misses: count('miss'),
      ...(redisUp ? { errors: total(samples, 'appconfig_graph_redis_errors_total'), failing: redisUp.value === 0 } : {}),
    },
  };
}

export interface CacheHarness {
  readonly upstream: TestEmulator;
  /** Runs `run` with a gateway of this configuration on a manual clock of its own (stopped after the test). */
  readonly withGateway: <T>(env: Record<string, string>, run: (gateway: TestGateway, clock: TestClock) => Promise<T>) => Promise<T>;
  /** GetDeployment calls since the test began. */
  readonly gets: () => number;
  /** GetDeployment calls for deployment `n` since the test began. */
  readonly callsFor: (n: number) => number;
  /**
   * An application no earlier test of this run has read, with deployments 1–7 as app1234's: for caches
   * shared beyond this process, where entries an earlier run left must not count.
   */
  readonly freshApplication: () => string;
}

/**
 * Registers the hooks of a file of cache tests: an emulator holding app1234/env1234 with the varied
 * deployments 1–7, and `freshApplications` more applications like it whose ids are this run's alone
 * (AppConfig's ids are [a-z0-9]{4,7}).
 */
export function useCacheHarness(freshApplications = 0): CacheHarness {
  const fresh = Array.from({ length: freshApplications }, () => `r${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`);
  const t = useEmulatorWithGatewaysPerTest(mergeSeeds(...['app1234', ...fresh].map((applicationId) => variedSeed(applicationId, 'env1234', 7))));
  return {
    get upstream() {
      return t.upstream;
    },
    async withGateway(env, run) {
      const clock = new TestClock();
      return run(await t.gatewayWith({ env, clock }), clock);
    },
    gets: () => t.upstream.callsTo('GetDeployment'),
    callsFor: (n) => t.upstream.requestedDeployments().filter((requested) => requested === n).length,
    freshApplication: () => {
      const applicationId = fresh.shift();
      if (applicationId === undefined) throw new Error('every fresh application is used: ask useCacheHarness for more');
      return applicationId;
    },
  };
}
