import { createClient } from '@redis/client';
import { describe, expect, it } from 'vitest';
import { variedDeployments } from '../fixtures/deployments.js';
import type { TestGateway } from '../support/gateway.js';
import { TestClock } from '../support/clock.js';
import { useDoubleWithGatewaysPerTest } from '../support/harness.js';
import { scrape, total } from '../support/metrics.js';
import { eventually, freePort, OwnRedis, REDIS_URL, redisServerAvailable } from '../support/redis.js';

/** Deployments 1–7 are BAKING, VALIDATING, DEPLOYING, COMPLETE, ROLLING_BACK, ROLLED_BACK, REVERTED. */
const COMPLETE = 4;
const DEPLOYING = 3;

const t = useDoubleWithGatewaysPerTest(variedDeployments('app1234', 'env1234', 7));

const byNumber = (n: number, applicationId = 'app1234') =>
  `{ deployment(applicationId: "${applicationId}", environmentId: "env1234", deploymentNumber: ${n}) { deploymentNumber state startedAt eventLog { occurredAt } } }`;

/** How often Redis has run each command, from INFO commandstats. */
async function redisCommandCalls(url: string): Promise<Record<string, number>> {
  const client = createClient({ url });
  await client.connect();
  try {
    const info = await client.info('commandstats');
    return Object.fromEntries([...info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)].map(([, command, calls]) => [command!, Number(calls)]));
  } finally {
    client.destroy();
  }
}

/** How many whole responses Redis holds. */
async function responseKeys(url: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    return (await client.keys('*:response:*')).length;
  } finally {
    client.destroy();
  }
}

/** An application id of this run alone: entries an earlier run left in a shared Redis must not count. */
function freshApplication(): string {
  const applicationId = `run${Math.random().toString(36).slice(2, 9)}`;
  t.upstream.put(...variedDeployments(applicationId, 'env1234', 7));
  return applicationId;
}
const gets = () => t.upstream.callsTo('GetDeployment').length;

async function withGateway<T>(env: Record<string, string>, run: (gateway: TestGateway, clock: TestClock) => Promise<T>): Promise<T> {
  const clock = new TestClock();
  return run(await t.gatewayWith({ env, clock }), clock);
}

interface CacheHealth {
  readonly cache: { backend: string | undefined; hits: number; misses: number; errors?: number; failing?: boolean };
}

/** The cache's figures from /metrics: AppConfig entries only (whole responses are kind `response`), Redis' errors and state. */
async function health(gateway: TestGateway): Promise<CacheHealth> {
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

describe('the cross-request cache (in memory, the default)', () => {
  it('serves a final deployment again with zero AppConfig calls, dates intact', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_RESPONSES: 'false' }, async (gateway) => {
      const first = await gateway.query(byNumber(COMPLETE));
      const second = await gateway.query(byNumber(COMPLETE));
      expect(second.body).toEqual(first.body);
      expect(gets()).toBe(1);
      expect((await health(gateway)).cache).toMatchObject({ backend: 'memory', hits: 1 });
    }));

  it('refreshes an active deployment once its TTL has passed, and not before', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_ACTIVE_TTL_SECONDS: '5' }, async (gateway, clock) => {
      await gateway.query(byNumber(DEPLOYING));
      clock.advanceSeconds(4.999);
      await gateway.query(byNumber(DEPLOYING));
      expect(gets()).toBe(1);
      clock.advanceSeconds(0.001);
      await gateway.query(byNumber(DEPLOYING));
      expect(gets()).toBe(2);
    }));

  it('keeps a final deployment for CACHE_FINAL_TTL_SECONDS', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_FINAL_TTL_SECONDS: '600' }, async (gateway, clock) => {
      await gateway.query(byNumber(COMPLETE));
      clock.advanceSeconds(599);
      await gateway.query(byNumber(COMPLETE));
      expect(gets()).toBe(1);
      clock.advanceSeconds(1);
      await gateway.query(byNumber(COMPLETE));
      expect(gets()).toBe(2);
    }));

  it('never lets HTTP max-age outlast the cached entry', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_FINAL_TTL_SECONDS: '60', CACHE_ACTIVE_TTL_SECONDS: '3', HTTP_MAX_AGE_ACTIVE_SECONDS: '30' }, async (gateway, clock) => {
      expect((await gateway.query(byNumber(COMPLETE))).headers.get('cache-control')).toBe('max-age=60, public');
      expect((await gateway.query(byNumber(DEPLOYING))).headers.get('cache-control')).toBe('max-age=3, public');
      clock.advanceSeconds(2);
      // Both answered from the cache now: 58 and 1 seconds of their entries remain.
      expect((await gateway.query(byNumber(COMPLETE))).headers.get('cache-control')).toBe('max-age=58, public');
      expect((await gateway.query(byNumber(DEPLOYING))).headers.get('cache-control')).toBe('max-age=1, public');
      expect(gets()).toBe(2);
    }));

  it('caches NOT_FOUND briefly and never an upstream failure', () =>
    withGateway({ CACHE_BACKEND: 'memory' }, async (gateway) => {
      await gateway.query(byNumber(99));
      await gateway.query(byNumber(99));
      expect(gets()).toBe(1);
      t.upstream.inject({ kind: 'error', status: 500, errorType: 'InternalServerException' }, (call) => call.deploymentNumber === 1);
      await gateway.query(byNumber(1));
      await gateway.query(byNumber(1));
      expect(t.upstream.calls.filter((call) => call.deploymentNumber === 1).length).toBe(6);
    }));

  it('shares one AppConfig call among concurrent requests for the same deployment', () =>
    withGateway({ CACHE_BACKEND: 'memory' }, async (gateway) => {
      t.upstream.latencyMs = 50;
      const answers = await Promise.all(Array.from({ length: 8 }, () => gateway.query(byNumber(COMPLETE))));
      expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
      expect(gets()).toBe(1);
    }));

  it('holds no more than CACHE_MAX_ENTRIES entries, evicting the least recently used', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_MAX_ENTRIES: '2', CACHE_RESPONSES: 'false' }, async (gateway) => {
      for (const n of [4, 6, 7]) await gateway.query(byNumber(n));
      expect(gets()).toBe(3);
      await gateway.query(byNumber(7));
      await gateway.query(byNumber(6));
      expect(gets()).toBe(3);
      await gateway.query(byNumber(4));
      expect(gets()).toBe(4);
    }));
});

describe('whole responses (CACHE_RESPONSES)', () => {
  const both = `{ final: ${byNumber(COMPLETE).slice(2, -2)} }`;
  const aliasOf = (alias: string, n: number) => `{ ${alias}: ${byNumber(n).slice(2, -2)} }`;

  it('answers a repeated query from one lookup, with what is left of its max-age', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_FINAL_TTL_SECONDS: '60' }, async (gateway, clock) => {
      const first = await gateway.query(both);
      clock.advanceSeconds(10);
      const second = await gateway.query(both);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('cache-control')).toBe('max-age=50, public');
      expect((await health(gateway)).cache).toMatchObject({ hits: 0, misses: 1 });
      expect(gets()).toBe(1);
    }));

  it('keeps a moving deployment only as long as its entry, and answers it afresh after', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_ACTIVE_TTL_SECONDS: '5' }, async (gateway, clock) => {
      await gateway.query(aliasOf('moving', DEPLOYING));
      clock.advanceSeconds(4);
      expect((await gateway.query(aliasOf('moving', DEPLOYING))).headers.get('cache-control')).toBe('max-age=1, public');
      expect(gets()).toBe(1);
      clock.advanceSeconds(1);
      await gateway.query(aliasOf('moving', DEPLOYING));
      expect(gets()).toBe(2);
    }));

  it('never keeps a response with errors, and keys by variables', () =>
    withGateway({ CACHE_BACKEND: 'memory', APPCONFIG_MAX_ATTEMPTS: '1' }, async (gateway) => {
      const byVariable = 'query($n: Int!) { deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: $n) { state } }';
      t.upstream.inject({ kind: 'error', status: 500, errorType: 'InternalServerException' }, (call) => call.deploymentNumber === 1, 1);
      expect((await gateway.query(byVariable, { n: 1 })).body.errors).toBeDefined();
      expect((await gateway.query(byVariable, { n: 1 })).body.data).toEqual({ deployment: { state: 'BAKING' } });
      expect((await gateway.query(byVariable, { n: 4 })).body.data).toEqual({ deployment: { state: 'COMPLETE' } });
      expect((await gateway.query(byVariable, { n: 4 })).body.data).toEqual({ deployment: { state: 'COMPLETE' } });
      expect(t.upstream.calls.map((call) => call.deploymentNumber)).toEqual([1, 1, 4]);
    }));
});

describe.skipIf(!REDIS_URL)('the cross-request cache in a shared Redis', () => {
  it('lets two gateway replicas make the AppConfig calls of one', async () => {
    const namespace = { CACHE_BACKEND: 'redis', REDIS_URL: REDIS_URL!, CACHE_RESPONSES: 'false' };
    await withGateway(namespace, (first) =>
      withGateway(namespace, async (second) => {
        const applicationId = freshApplication();
        const a = await first.query(byNumber(COMPLETE, applicationId));
        const b = await second.query(byNumber(COMPLETE, applicationId));
        expect(b.body).toEqual(a.body);
        expect(gets()).toBe(1);
        expect((await health(second)).cache).toMatchObject({ backend: 'redis', hits: 1, errors: 0 });
      }),
    );
  });

  it('shares whole responses between replicas', async () => {
    const namespace = { CACHE_BACKEND: 'redis', REDIS_URL: REDIS_URL! };
    await withGateway(namespace, (first) =>
      withGateway(namespace, async (second) => {
        const applicationId = freshApplication();
        const before = await responseKeys(REDIS_URL!);
        const a = await first.query(byNumber(COMPLETE, applicationId));
        // The first replica writes the response in the background.
        await eventually(async () => (await responseKeys(REDIS_URL!)) > before);
        const b = await second.query(byNumber(COMPLETE, applicationId));
        expect(b.body).toEqual(a.body);
        // Answered whole: the second replica read no AppConfig entry at all.
        expect((await health(second)).cache).toMatchObject({ hits: 0, misses: 0 });
        expect(gets()).toBe(1);
      }),
    );
  });

  it('reads a batch of keys from Redis with one MGET', async () => {
    const namespace = { CACHE_BACKEND: 'redis', REDIS_URL: REDIS_URL!, CACHE_RESPONSES: 'false' };
    await withGateway(namespace, async (gateway) => {
      const applicationId = freshApplication();
      const before = await redisCommandCalls(REDIS_URL!);
      const aliases = [1, 2, 3, 4, 5, 6, 7].map((n) => `d${n}: deployment(applicationId: "${applicationId}", environmentId: "env1234", deploymentNumber: ${n}) { state }`);
      const { body } = await gateway.query(`{ ${aliases.join(' ')} }`);
      expect(body.errors).toBeUndefined();
      const after = await redisCommandCalls(REDIS_URL!);
      expect((after['mget'] ?? 0) - (before['mget'] ?? 0)).toBe(1);
      expect((after['get'] ?? 0) - (before['get'] ?? 0)).toBe(0);
      expect(gets()).toBe(7);
    });
  });

  it('shares persisted queries between replicas', async () => {
    const namespace = { CACHE_BACKEND: 'redis', REDIS_URL: REDIS_URL! };
    await withGateway(namespace, (first) =>
      withGateway(namespace, async (second) => {
        const query = `{ deployment(applicationId: "${freshApplication()}", environmentId: "env1234", deploymentNumber: ${COMPLETE}) { state } }`;
        const { createHash } = await import('node:crypto');
        const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
        const post = (gateway: TestGateway, body: object) =>
          fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((response) => response.json());
        expect(await post(first, { query, extensions })).toEqual({ data: { deployment: { state: 'COMPLETE' } } });
        // Apollo stores a newly registered query without waiting for the store: poll until it has landed.
        await eventually(async () => JSON.stringify(await post(second, { extensions })) === JSON.stringify({ data: { deployment: { state: 'COMPLETE' } } }));
      }),
    );
  });
});

describe.skipIf(!redisServerAvailable)('a Redis outage', () => {
  it('never fails a query: AppConfig answers while Redis is down, and the cache is used again once it is back', async () => {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    try {
      await withGateway({ CACHE_BACKEND: 'redis', REDIS_URL: redis.url }, async (gateway) => {
        await gateway.query(byNumber(COMPLETE));
        await gateway.query(byNumber(COMPLETE));
        expect(gets()).toBe(1);

        await redis.stop();
        for (const n of [COMPLETE, 6, 7]) {
          const { body } = await gateway.query(byNumber(n));
          expect(body.errors).toBeUndefined();
          expect(body.data).toMatchObject({ deployment: { deploymentNumber: n } });
        }
        expect(gets()).toBe(4);
        expect((await health(gateway)).cache).toMatchObject({ failing: true });
        expect((await health(gateway)).cache.errors).toBeGreaterThan(0);

        await redis.start();
        await eventually(async () => {
          await gateway.query(byNumber(6));
          return (await health(gateway)).cache.failing === false;
        });
        const before = gets();
        await gateway.query(byNumber(7));
        await gateway.query(byNumber(7));
        expect(gets() - before).toBeLessThanOrEqual(1);
      });
    } finally {
      await redis.stop();
    }
  });
});
