import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { createClient, type RedisClientType } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCacheBackend } from '../../src/cache/backend.js';
import { decodeEntry, decodeValue, encodeValue } from '../../src/cache/codec.js';
import { type CacheEntry, EncodedEntryStore, MemoryEntryStore } from '../../src/cache/entry-store.js';
import { createGatewayCache } from '../../src/cache/index.js';
import type { CacheConfig } from '../../src/config.js';
import { ErrorCode, gatewayError } from '../../src/errors.js';
import { TestClock } from '../support/clock.js';
import { capturingLogger } from '../support/log-capture.js';
import { REDIS_URL } from '../support/redis.js';

const entry = (value: unknown, expiresAt = 1): CacheEntry<unknown> => ({ value, storedAt: 0, expiresAt });

describe('MemoryEntryStore', () => {
  it('keeps an entry for its TTL, and not a moment longer', async () => {
    const clock = new TestClock();
    const store = new MemoryEntryStore({ maxEntries: 10 }, clock);
    await store.set('k', entry('v'), 30);
    clock.advanceSeconds(30);
    expect(await store.getMany(['k'])).toEqual([entry('v')]);
    clock.advanceSeconds(0.001);
    expect(await store.getMany(['k'])).toEqual([undefined]);
  });

  it('answers in key order, undefined where there is no entry', async () => {
    const store = new MemoryEntryStore({ maxEntries: 10 }, new TestClock());
    await store.set('a', entry('A'), 60);
    await store.set('c', entry('C'), 60);
    expect(await store.getMany(['c', 'b', 'a'])).toEqual([entry('C'), undefined, entry('A')]);
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const store = new MemoryEntryStore({ maxEntries: 2 }, new TestClock());
    await store.set('a', entry('A'), 60);
    await store.set('b', entry('B'), 60);
    await store.getMany(['a']);
    await store.set('c', entry('C'), 60);
    expect(await store.getMany(['a', 'b', 'c'])).toEqual([entry('A'), undefined, entry('C')]);
  });

  it('keeps at most maxBytes of entries as JSON', async () => {
    const size = JSON.stringify(entry('x'.repeat(100))).length;
    const store = new MemoryEntryStore({ maxBytes: 2 * size }, new TestClock());
    for (const key of ['a', 'b', 'c']) await store.set(key, entry('x'.repeat(100)), 60);
    expect((await store.getMany(['a', 'b', 'c'])).map((found) => found !== undefined)).toEqual([false, true, true]);
  });

  it('hands out frozen entries, nested members too, since every request shares them', async () => {
    const store = new MemoryEntryStore({ maxEntries: 10 }, new TestClock());
    await store.set('k', entry({ list: [{ name: 'a' }], bytes: new Uint8Array([1, 2]) }), 60);
    const [found] = (await store.getMany(['k'])) as Array<{ value: { list: Array<{ name: string }>; bytes: Uint8Array } }>;
    expect(Object.isFrozen(found)).toBe(true);
    expect(Object.isFrozen(found?.value.list[0])).toBe(true);
    expect(() => found?.value.list.push({ name: 'b' })).toThrow(TypeError);
    // A byte array cannot be frozen; it is stored as it is.
    expect(found?.value.bytes).toEqual(new Uint8Array([1, 2]));
  });
});

/** A string store that records what it is asked to set, as Keyv over Redis would be. */
function recordingStringStore() {
  const texts = new Map<string, string>();
  const sets: Array<[string, KeyValueCacheSetOptions | undefined]> = [];
  const store: KeyValueCache<string> = {
    get: (key) => Promise.resolve(texts.get(key)),
    set: (key, value, options) => {
      texts.set(key, value);
      sets.push([key, options]);
      return Promise.resolve();
    },
    delete: (key) => Promise.resolve(texts.delete(key)),
  };
  return { store, texts, sets };
}

describe('EncodedEntryStore (Redis)', () => {
  it('stores each entry with its TTL, so Redis expires it', async () => {
    const { store, sets } = recordingStringStore();
    await new EncodedEntryStore(store).set('k', entry('v'), 42);
    expect(sets).toEqual([['k', { ttl: 42 }]]);
  });

  it('reads entries back in key order, Dates intact, and a missing or foreign text as a miss', async () => {
    const { store, texts } = recordingStringStore();
    const entries = new EncodedEntryStore(store);
    const dated = entry({ StartedAt: new Date('2026-01-02T03:04:05.678Z') });
    await entries.set('dated', dated, 60);
    await entries.set('gone', { notFound: 'no such thing', expiresAt: 5 }, 60);
    texts.set('foreign', 'written by another program');
    expect(await entries.getMany(['gone', 'missing', 'dated', 'foreign'])).toEqual([{ notFound: 'no such thing', expiresAt: 5 }, undefined, dated, undefined]);
  });
});

describe('cache codec', () => {
  it('restores only objects that are exactly one $date string', () => {
    const decoded = decodeValue(encodeValue({ a: { $date: 5 }, b: { $date: '2026-01-01T00:00:00.000Z', other: 1 }, c: null, d: [null, 1] }));
    expect(decoded).toStrictEqual({ a: { $date: 5 }, b: { $date: '2026-01-01T00:00:00.000Z', other: 1 }, c: null, d: [null, 1] });
    expect(decodeValue('{"$date":"2026-01-01T00:00:00.000Z"}')).toStrictEqual(new Date('2026-01-01T00:00:00.000Z'));
  });

  it('decodes as entries only objects with a numeric expiresAt', () => {
    expect(decodeEntry('{"notFound":"gone","expiresAt":3}')).toStrictEqual({ notFound: 'gone', expiresAt: 3 });
    for (const text of ['null', '5', '"text"', '{"expiresAt":"3"}', '{"value":1}', '{']) expect(decodeEntry(text)).toBeUndefined();
  });
});

const config = (overrides: Partial<CacheConfig> = {}): CacheConfig => ({
  backend: 'memory',
  maxEntries: 2,
  responses: true,
  responseMaxBytes: 1_000_000,
  ttl: { final: 60, active: 5, list: 5, resource: 30, notFound: 5, staleIfError: 0 },
  ...overrides,
});

describe('the cache backend, as configured', () => {
  const { logger } = capturingLogger();

  it('is none at all for CACHE_BACKEND=none', () => {
    expect(createCacheBackend(config({ backend: 'none' }), logger, new TestClock(), undefined)).toBeUndefined();
    expect(createGatewayCache(config({ backend: 'none' }), logger, new TestClock())).toBeUndefined();
  });

  it('in memory: entries bounded by maxEntries, responses when on, always reachable and healthy', async () => {
    const backend = createCacheBackend(config(), logger, new TestClock(), undefined)!;
    expect(backend.kind).toBe('memory');
    expect(backend.health).toBeUndefined();
    expect(backend.reachable()).toBe(true);
    for (const key of ['a', 'b', 'c']) await backend.entries.set(key, entry(key), 60);
    expect((await backend.entries.getMany(['a', 'b', 'c'])).map((found) => found !== undefined)).toEqual([false, true, true]);
    expect(backend.responses).toBeInstanceOf(MemoryEntryStore);
    expect(createCacheBackend(config({ responses: false }), logger, new TestClock(), undefined)!.responses).toBeUndefined();
    await expect(backend.close()).resolves.toBeUndefined();
  });

  it("keeps Apollo's own entries apart from another version's", async () => {
    const backend = createCacheBackend(config(), logger, new TestClock(), undefined)!;
    await backend.apolloStore.set('k', 'v');
    expect(await backend.apolloStore.get('k')).toBe('v');
  });

  it('refuses Redis without a Redis client', () => {
    expect(() => createCacheBackend(config({ backend: 'redis' }), logger, new TestClock(), undefined)).toThrow(
      'CACHE_BACKEND=redis needs the Redis client of REDIS_URL',
    );
  });

  it('reports a memory backend as reachable, with no errors', async () => {
    const cache = createGatewayCache(config(), logger, new TestClock())!;
    expect(cache.report()).toStrictEqual({ backend: 'memory', errors: 0, failing: false, reachable: true });
    expect(cache.responses).toBeInstanceOf(MemoryEntryStore);
    await expect(cache.close()).resolves.toBeUndefined();
  });

  it('gives the shared cache the stale-if-error allowance configured', async () => {
    const clock = new TestClock();
    const cache = createGatewayCache(config({ ttl: { final: 60, active: 5, list: 5, resource: 30, notFound: 5, staleIfError: 10 } }), logger, clock)!;
    const options = { kind: 'thing', keyOf: (key: string) => key, ttlOf: () => 5, notFoundTtl: 0 };
    await cache.shared.readThrough(['k'], { ...options, fetch: () => Promise.resolve('fresh') });
    // Expired (5 s), and within the 10 s it may stand in for a failure.
    clock.advanceSeconds(8);
    const [stale] = await cache.shared.readThrough(['k'], { ...options, fetch: () => Promise.reject(gatewayError(ErrorCode.UPSTREAM_ERROR, 'boom')) });
    expect(stale).toStrictEqual({ value: 'fresh', validUntil: undefined, stale: { ageSeconds: 8, reason: 'UPSTREAM_ERROR' } });
  });
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the cache backend in a Redis that cannot be reached', () => {
  it('answers every read as a miss and skips every write, counting each failure and logging it once', async () => {
    const unreachable = createClient({ url: `redis://127.0.0.1:${await closedPort()}`, socket: { reconnectStrategy: false } }) as RedisClientType;
    unreachable.on('error', () => undefined);
    const { logger, lines } = capturingLogger();
    const backend = createCacheBackend(config({ backend: 'redis' }), logger, new TestClock(), unreachable)!;
    expect(backend.reachable()).toBe(false);
    expect(await backend.entries.getMany(['a', 'b'])).toEqual([undefined, undefined]);
    await backend.entries.set('a', entry('A'), 30);
    expect(backend.health).toEqual({ errors: 3, failing: true });
    expect(lines.map((line) => line.msg)).toEqual(['shared cache failed; serving from AppConfig until it answers again']);
  });
});

let redis: RedisClientType | undefined;
beforeAll(async () => {
  if (!REDIS_URL) return;
  redis = createClient({ url: REDIS_URL });
  await redis.connect();
});
afterAll(() => {
  if (redis?.isOpen) redis.destroy();
});

describe.skipIf(!REDIS_URL)('the cache backend in Redis', () => {
  const SDK_VERSION = (createRequire(import.meta.url)('@aws-sdk/client-appconfig/package.json') as { version: string }).version;

  it('stores entries under a versioned namespace, with an expiry, and reads them back', async () => {
    const backend = createCacheBackend(config({ backend: 'redis' }), capturingLogger().logger, new TestClock(), redis)!;
    const key = `test:${process.pid}:${Date.now()}`;
    const dated = entry({ StartedAt: new Date('2026-01-02T03:04:05.678Z') });
    await backend.entries.set(key, dated, 30);
    // Keyv adds a prefix of its own before the gateway's namespace.
    const stored = await redis!.keys(`*appconfig-graph:v1:sdk${SDK_VERSION}:${key}`);
    expect(stored).toHaveLength(1);
    const ttl = await redis!.pTTL(stored[0]!);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(await backend.entries.getMany([key])).toEqual([dated]);
    expect(backend.kind).toBe('redis');
    expect(backend.reachable()).toBe(true);
    expect(backend.health).toEqual({ errors: 0, failing: false });
    await backend.apolloStore.set(`${key}:apollo`, 'v', { ttl: 30 });
    expect(await redis!.pTTL(`${stored[0]!}:apollo`)).toBeGreaterThan(25_000);
    expect(createCacheBackend(config({ backend: 'redis', responses: false }), capturingLogger().logger, new TestClock(), redis)!.responses).toBeUndefined();
    // Closing the backend leaves the client, which is shared, to its owner.
    await expect(backend.close()).resolves.toBeUndefined();
    expect(redis!.isOpen).toBe(true);
  });
});
