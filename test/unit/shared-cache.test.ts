import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from '../../src/cache/codec.js';
import { EncodedEntryStore, type EntryStore, MemoryEntryStore } from '../../src/cache/entry-store.js';
import { type ReadThroughOptions, SharedCache } from '../../src/cache/shared-cache.js';
import type { Clock } from '../../src/clock.js';
import { ErrorCode, gatewayError } from '../../src/errors.js';

interface Thing {
  id: string;
  state: string;
  at?: Date;
}

const STORES: ReadonlyArray<[string, (clock: Clock) => EntryStore]> = [
  ['in memory', (clock) => new MemoryEntryStore({ maxEntries: 100 }, clock)],
  ['encoded (as in Redis)', () => new EncodedEntryStore(new InMemoryLRUCache<string>({ max: 100 }))],
];

describe.each(STORES)('SharedCache, %s', (_store, makeStore) => {
  /** A SharedCache over the store on a clock the test moves, fetching from a recording source. */
  function setup(fetchImpl?: (id: string) => Promise<Thing>) {
    let now = Date.UTC(2026, 0, 1);
    const fetched: string[] = [];
    const clock: Clock = { now: () => now };
    const cache = new SharedCache(makeStore(clock), clock, 0);
    const options: ReadThroughOptions<string, Thing> = {
      kind: 'thing',
      keyOf: (id) => id,
      fetch: (id) => {
        fetched.push(id);
        return fetchImpl ? fetchImpl(id) : Promise.resolve({ id, state: id.startsWith('final') ? 'COMPLETE' : 'DEPLOYING' });
      },
      ttlOf: (thing) => (thing.state === 'COMPLETE' ? 3600 : 5),
      notFoundTtl: 2,
    };
    return { cache, options, fetched, advance: (seconds: number) => (now += seconds * 1000), now: () => now };
  }

  it('fetches only the misses of a batch, and answers hits with their expiry', async () => {
    const { cache, options, fetched, now } = setup();
    await cache.readThrough(['final-1'], options);
    const results = await cache.readThrough(['final-1', 'final-2'], options);
    expect(fetched).toEqual(['final-1', 'final-2']);
    expect(results).toEqual([
      { value: { id: 'final-1', state: 'COMPLETE' }, validUntil: now() + 3600_000 },
      { value: { id: 'final-2', state: 'COMPLETE' }, validUntil: now() + 3600_000 },
    ]);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 2 });
  });

  it('keeps each value for the TTL its state earns', async () => {
    const { cache, options, fetched, advance } = setup();
    await cache.readThrough(['final-1', 'active-1'], options);
    advance(6);
    await cache.readThrough(['final-1', 'active-1'], options);
    expect(fetched).toEqual(['final-1', 'active-1', 'active-1']);
    advance(3600);
    await cache.readThrough(['final-1'], options);
    expect(fetched.filter((id) => id === 'final-1')).toHaveLength(2);
  });

  it('remembers NOT_FOUND briefly, and never other errors', async () => {
    let calls = 0;
    const { cache, options, advance } = setup((id) => {
      calls += 1;
      return Promise.reject(id === 'missing' ? gatewayError(ErrorCode.NOT_FOUND, 'no such thing') : gatewayError(ErrorCode.UPSTREAM_ERROR, 'boom'));
    });
    const [first] = await cache.readThrough(['missing'], options);
    const [second] = await cache.readThrough(['missing'], options);
    expect(first).toMatchObject({ message: 'no such thing', extensions: { code: 'NOT_FOUND' } });
    expect(second).toMatchObject({ message: 'no such thing', extensions: { code: 'NOT_FOUND' } });
    expect(calls).toBe(1);
    advance(3);
    await cache.readThrough(['missing'], options);
    expect(calls).toBe(2);

    await cache.readThrough(['broken'], options);
    await cache.readThrough(['broken'], options);
    expect(calls).toBe(4);
  });

  it('shares one fetch between concurrent misses of the same key (single flight)', async () => {
    let release: (thing: Thing) => void = () => undefined;
    const { cache, options, fetched } = setup(() => new Promise((resolve) => (release = resolve)));
    const reads = [cache.readThrough(['final-1'], options), cache.readThrough(['final-1'], options), cache.readThrough(['final-1'], options)];
    await new Promise((resolve) => setImmediate(resolve));
    release({ id: 'final-1', state: 'COMPLETE' });
    const results = await Promise.all(reads);
    expect(fetched).toEqual(['final-1']);
    expect(results.map(([result]) => (result instanceof Error ? result : result?.value))).toEqual(Array(3).fill({ id: 'final-1', state: 'COMPLETE' }));
    expect(cache.stats.joined).toBe(2);
  });

  it('stores nothing when a TTL is 0', async () => {
    const { cache, options, fetched } = setup();
    const noCache = { ...options, ttlOf: () => 0 };
    await cache.readThrough(['x'], noCache);
    const [result] = await cache.readThrough(['x'], noCache);
    expect(fetched).toEqual(['x', 'x']);
    expect(result).toMatchObject({ validUntil: undefined });
  });
});

describe('cache entry codec', () => {
  it('restores Dates, nested in lists, exactly', () => {
    const value = {
      StartedAt: new Date('2021-09-17T21:43:54.205Z'),
      EventLog: [{ OccurredAt: new Date('2021-09-17T21:59:03.888Z'), Description: 'done' }],
      Name: '$date',
    };
    const decoded = decodeEntry(encodeEntry({ value, storedAt: 0, expiresAt: 1 }));
    expect(decoded).toEqual({ value, storedAt: 0, expiresAt: 1 });
    expect((decoded as { value: typeof value }).value.EventLog[0]?.OccurredAt).toBeInstanceOf(Date);
  });

  it('reads anything else as a miss', () => {
    expect(decodeEntry('not json')).toBeUndefined();
    expect(decodeEntry('{"value":1}')).toBeUndefined();
  });
});

describe('SharedCache at its bounds', () => {
  const THROTTLED = gatewayError(ErrorCode.UPSTREAM_THROTTLED, 'throttled');
  const GONE = gatewayError(ErrorCode.NOT_FOUND, 'no such thing');

  /**
   * A SharedCache over a memory store that records its writes, on a clock the test moves, whose
   * fetches answer `value of <key>` or fail with `failure`, or wait for `release` when `hold` is set.
   */
  function setup({ staleIfError = 60, notFoundTtl = 2 } = {}) {
    let now = Date.UTC(2026, 0, 1);
    const clock: Clock = { now: () => now };
    const memory = new MemoryEntryStore({ maxEntries: 100 }, clock);
    const writes: Array<[string, number]> = [];
    const store: EntryStore = {
      getMany: (keys) => memory.getMany(keys),
      set: (key, entry, ttlSeconds) => (writes.push([key, ttlSeconds]), memory.set(key, entry, ttlSeconds)),
    };
    const cache = new SharedCache(store, clock, staleIfError);
    const state = { failure: undefined as Error | undefined, hold: false, releases: [] as Array<() => void> };
    const fetched: string[] = [];
    const lookups: Array<{ hits: number; misses: number; joined: number; stale?: number }> = [];
    const options: ReadThroughOptions<string, string> = {
      kind: 'thing',
      keyOf: (key) => key,
      fetch: (key) => {
        fetched.push(key);
        const answer = () => (state.failure ? Promise.reject(state.failure) : Promise.resolve(`value of ${key}`));
        return state.hold ? new Promise<void>((resolve) => state.releases.push(resolve)).then(answer) : answer();
      },
      ttlOf: () => 10,
      notFoundTtl,
      observe: () => (found) => void lookups.push(found),
    };
    const read = async (key: string) => (await cache.readThrough([key], options))[0];
    return { cache, state, fetched, writes, lookups, read, advance: (seconds: number) => (now += seconds * 1000), now: () => now };
  }

  it('answers an expired value for a failure until it is staleIfError seconds old, counting each, and the failure after', async () => {
    const { cache, state, read, advance, writes } = setup({ staleIfError: 60 });
    await read('k');
    expect(writes).toEqual([['thing:k', 10 + 60]]);
    advance(60);
    state.failure = THROTTLED;
    expect(await read('k')).toStrictEqual({ value: 'value of k', validUntil: undefined, stale: { ageSeconds: 60, reason: 'UPSTREAM_THROTTLED' } });
    expect(await read('k')).toStrictEqual({ value: 'value of k', validUntil: undefined, stale: { ageSeconds: 60, reason: 'UPSTREAM_THROTTLED' } });
    expect(cache.stats.stale).toBe(2);
    advance(1);
    expect(await read('k')).toBe(THROTTLED);
    expect(cache.stats.stale).toBe(2);
  });

  it('never answers stale for a NOT_FOUND (the thing was deleted) or a refused request', async () => {
    const { cache, state, read, advance } = setup();
    await read('k');
    advance(11);
    state.failure = GONE;
    expect(await read('k')).toBe(GONE);
    await read('j');
    advance(11);
    const refused = gatewayError(ErrorCode.BAD_USER_INPUT, 'refused');
    state.failure = refused;
    expect(await read('j')).toBe(refused);
    expect(cache.stats.stale).toBe(0);
  });

  it('remembers a NOT_FOUND for notFoundTtl seconds, and not a moment longer', async () => {
    const { state, read, advance, fetched, writes, now } = setup({ notFoundTtl: 2 });
    state.failure = GONE;
    const start = now();
    expect(await read('k')).toBe(GONE);
    expect(writes).toEqual([['thing:k', 2]]);
    advance(1.999);
    state.failure = undefined;
    const remembered = (await read('k')) as GraphQLError;
    expect(remembered).toBeInstanceOf(GraphQLError);
    expect({ message: remembered.message, extensions: remembered.extensions }).toStrictEqual({
      message: 'no such thing',
      extensions: { code: 'NOT_FOUND' },
    });
    expect(fetched).toEqual(['k']);
    advance(0.001);
    expect(now() - start).toBe(2000);
    expect(await read('k')).toStrictEqual({ value: 'value of k', validUntil: now() + 10_000 });
    expect(fetched).toEqual(['k', 'k']);
  });

  it('stores no NOT_FOUND when notFoundTtl is 0, and no other failure ever', async () => {
    const { state, read, fetched, writes } = setup({ notFoundTtl: 0 });
    state.failure = GONE;
    await read('k');
    await read('k');
    state.failure = THROTTLED;
    await read('j');
    expect(fetched).toEqual(['k', 'k', 'j']);
    expect(writes).toEqual([]);
  });

  it("reports each lookup's own hits, misses and joins, not the totals before it", async () => {
    const { state, read, lookups } = setup();
    await read('a');
    await read('a');
    await read('a');
    state.hold = true;
    for (const key of ['b', 'c']) {
      const both = Promise.all([read(key), read(key)]);
      await new Promise((resolve) => setImmediate(resolve));
      state.releases.forEach((release) => release());
      await both;
    }
    expect(lookups).toStrictEqual([
      { hits: 0, misses: 1, joined: 0, stale: 0 },
      { hits: 1, misses: 0, joined: 0, stale: 0 },
      { hits: 1, misses: 0, joined: 0, stale: 0 },
      { hits: 0, misses: 1, joined: 0, stale: 0 },
      { hits: 0, misses: 1, joined: 1, stale: 0 },
      { hits: 0, misses: 1, joined: 0, stale: 0 },
      { hits: 0, misses: 1, joined: 1, stale: 0 },
    ]);
  });
});
