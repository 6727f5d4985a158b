import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
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
