import type { Clock } from '../clock.js';
import { ErrorCode, errorCode, gatewayError } from '../errors.js';
import type { CacheEntry, EntryStore } from './entry-store.js';
import type { CacheLookupObserver } from './observer.js';

/** What one key of a read-through batch resolved to: the value and until when it is valid, or the error. */
export type ReadResult<V> = { readonly value: V; readonly validUntil: number | undefined } | Error;

export interface CacheStats {
  hits: number;
  misses: number;
  /** Misses that joined a call another request had already started (single flight). */
  joined: number;
}

export interface ReadThroughOptions<K, V> {
  /** Names the kind of resource in the key, such as `deployment`. */
  readonly kind: string;
  readonly keyOf: (key: K) => string;
  readonly fetch: (key: K) => Promise<V>;
  /** Seconds a fetched value stays valid in the shared cache; 0 stores nothing. */
  readonly ttlOf: (value: V) => number;
  /** Seconds a NOT_FOUND is remembered; 0 remembers none. */
  readonly notFoundTtl: number;
  /** Told of this lookup: how many keys, and what it found. */
  readonly observe?: CacheLookupObserver;
}

/**
 * The cross-request cache in front of AppConfig. A batch reads every key at once from the store
 * (a multi-get against Redis), fetches only the misses, and writes them back with their TTLs.
 * Concurrent misses of one key in this process share one fetch. Errors other than NOT_FOUND are
 * never stored.
 */
export class SharedCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, joined: 0 };
  private readonly flights = new Map<string, Promise<ReadResult<unknown>>>();

  constructor(
    private readonly store: EntryStore,
    private readonly clock: Clock,
  ) {}

  async readThrough<K, V>(keys: readonly K[], options: ReadThroughOptions<K, V>): Promise<Array<ReadResult<V>>> {
    const cacheKeys = keys.map((key) => `${options.kind}:${options.keyOf(key)}`);
    const lookedUp = options.observe?.(options.kind, keys.length);
    const stored = await this.store.getMany(cacheKeys);
    const now = this.clock.now();
    // The counters move synchronously below, so their difference is this lookup's alone.
    const before = { ...this.stats };
    const results = keys.map((key, i): Promise<ReadResult<V>> => {
      const entry = stored[i] as CacheEntry<V> | undefined;
      if (entry && entry.expiresAt > now) {
        this.stats.hits += 1;
        return Promise.resolve('notFound' in entry ? gatewayError(ErrorCode.NOT_FOUND, entry.notFound) : { value: entry.value, validUntil: entry.expiresAt });
      }
      this.stats.misses += 1;
      return this.singleFlight(cacheKeys[i]!, () => this.fetchAndStore(cacheKeys[i]!, key, options));
    });
    lookedUp?.({ hits: this.stats.hits - before.hits, misses: this.stats.misses - before.misses, joined: this.stats.joined - before.joined });
    return Promise.all(results);
  }

  private singleFlight<V>(cacheKey: string, fetch: () => Promise<ReadResult<V>>): Promise<ReadResult<V>> {
    const inFlight = this.flights.get(cacheKey) as Promise<ReadResult<V>> | undefined;
    if (inFlight) {
      this.stats.joined += 1;
      return inFlight;
    }
    const flight = fetch().finally(() => this.flights.delete(cacheKey));
    this.flights.set(cacheKey, flight);
    return flight;
  }

  private async fetchAndStore<K, V>(cacheKey: string, key: K, options: ReadThroughOptions<K, V>): Promise<ReadResult<V>> {
    let value: V;
    try {
      value = await options.fetch(key);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      if (options.notFoundTtl > 0 && errorCode(failure) === ErrorCode.NOT_FOUND) {
        await this.store.set(cacheKey, { notFound: failure.message, expiresAt: this.clock.now() + options.notFoundTtl * 1000 }, options.notFoundTtl);
      }
      return failure;
    }
    const ttl = options.ttlOf(value);
    if (ttl <= 0) return { value, validUntil: undefined };
    const expiresAt = this.clock.now() + ttl * 1000;
    await this.store.set(cacheKey, { value, expiresAt }, ttl);
    return { value, validUntil: expiresAt };
  }
}
