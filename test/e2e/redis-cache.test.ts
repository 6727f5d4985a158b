import { createClient } from '@redis/client';
import { describe, expect, it } from 'vitest';
import { byNumber, COMPLETE, health, useCacheHarness } from '../support/cache.js';
import { eventually } from '../support/emulator.js';
import type { TestGateway } from '../support/gateway.js';
import { freePort } from '../support/process.js';
import { OwnRedis, REDIS_URL, redisServerAvailable } from '../support/redis.js';

/** The cross-request cache in Redis: the one .ci/run starts (REDIS_URL), shared by replicas, and one of the test's own that it stops. */
const { withGateway, gets, freshApplication } = useCacheHarness(4);

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
      const aliases = [1, 2, 3, 4, 5, 6, 7].map(
        (n) => `d${n}: deployment(applicationId: "${applicationId}", environmentId: "env1234", deploymentNumber: ${n}) { state }`,
      );
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
          fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((response) =>
            response.json(),
          );
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
