import type { Clock } from '../clock.js';
import { ErrorCode, errorCode, gatewayError } from '../errors.js';
import type { CacheEntry, EntryStore } from './entry-store.js';
import type { CacheLookupObserver } from './observer.js';

/** Why, and how old, data answered in place of AppConfig's was. */
export interface Staleness {
  /** Seconds since AppConfig gave it. */
  readonly ageSeconds: number;
  /** The public code of the failure it stands in for. */
  readonly reason: string;
}

/**
 * What one key of a read-through batch resolved to: the value, until when it is valid (undefined:
 * not cached) and, when AppConfig failed and an expired value stood in, how stale it is; or the error.
 */
export type ReadResult<V> = { readonly value: V; readonly validUntil: number | undefined; readonly stale?: Staleness } | Error;

export interface CacheStats {
  hits: number;
  misses: number;
  /** Misses that joined a call another request had already started (single flight). */
  joined: number;
  /** Expired values answered because AppConfig failed. */
  stale: number;
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
  /** Values that can no longer change (a final deployment): an expired one is still true, never stale. */
  readonly isFinal?: (value: V) => boolean;
  /** Asks AppConfig even when the cache holds a valid value, and stores the answer: a watcher's poll. */
  readonly refresh?: boolean;
  /** Told of this lookup: how many keys, and what it found. */
  readonly observe?: CacheLookupObserver;
}

/** Failures an expired value may stand in for: AppConfig failing or throttling, or the fleet's budget spent. */
const STALE_IF: ReadonlySet<unknown> = new Set([ErrorCode.UPSTREAM_ERROR, ErrorCode.UPSTREAM_THROTTLED]);

/**
 * The cross-request cache in front of AppConfig. A batch reads every key at once from the store
 * (a multi-get against Redis), fetches only the misses, and writes them back with their TTLs.
 * Concurrent misses of one key in this process share one fetch. Errors other than NOT_FOUND are
 * never stored. Values are kept `staleIfErrorSeconds` past their TTL: when AppConfig fails, an
 * expired value answers instead, flagged with its age (stale-if-error).
 */
export class SharedCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, joined: 0, stale: 0 };
  private readonly flights = new Map<string, Promise<ReadResult<unknown>>>();

  constructor(
    private readonly store: EntryStore,
    private readonly clock: Clock,
    private readonly staleIfErrorSeconds: number,
  ) {}

  async readThrough<K, V>(keys: readonly K[], options: ReadThroughOptions<K, V>): Promise<Array<ReadResult<V>>> {
    const cacheKeys = keys.map((key) => `${options.kind}:${options.keyOf(key)}`);
    const lookedUp = options.observe?.(options.kind, keys.length);
    const stored = await this.store.getMany(cacheKeys);
    const now = this.clock.now();
    // A refresh still reads the entry: it stands in if AppConfig fails.
    const valid = (entry: CacheEntry<V> | undefined): entry is CacheEntry<V> => entry !== undefined && entry.expiresAt > now && !options.refresh;
    // The counters move synchronously below, so their difference is this lookup's alone; stale answers come later.
    const before = { ...this.stats };
    const results = keys.map((key, i): Promise<ReadResult<V>> => {
      const entry = stored[i] as CacheEntry<V> | undefined;
      if (valid(entry)) {
        this.stats.hits += 1;
        return Promise.resolve('notFound' in entry ? gatewayError(ErrorCode.NOT_FOUND, entry.notFound) : { value: entry.value, validUntil: entry.expiresAt });
      }
      this.stats.misses += 1;
      return this.singleFlight(cacheKeys[i]!, () => this.fetchAndStore(cacheKeys[i]!, key, options)).then((result) =>
        result instanceof Error && entry && 'value' in entry ? this.standIn(entry, result, options) : result,
      );
    });
    const found = { hits: this.stats.hits - before.hits, misses: this.stats.misses - before.misses, joined: this.stats.joined - before.joined };
    const answers = await Promise.all(results);
    lookedUp?.({ ...found, stale: answers.filter((answer) => !(answer instanceof Error) && answer.stale !== undefined).length });
    return answers;
  }

  /** The expired `entry` in place of AppConfig's `failure`, when it may stand in; else the failure. */
  private standIn<K, V>(entry: { readonly value: V; readonly storedAt: number }, failure: Error, options: ReadThroughOptions<K, V>): ReadResult<V> {
    const reason = errorCode(failure);
    if (!STALE_IF.has(reason)) return failure;
    // A final value cannot have changed since: it is still the truth, however old.
    if (options.isFinal?.(entry.value)) return { value: entry.value, validUntil: undefined };
    const ageSeconds = Math.floor((this.clock.now() - entry.storedAt) / 1000);
    if (ageSeconds > this.staleIfErrorSeconds) return failure;
    this.stats.stale += 1;
    return { value: entry.value, validUntil: undefined, stale: { ageSeconds, reason: String(reason) } };
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
    const storedAt = this.clock.now();
    const expiresAt = storedAt + ttl * 1000;
    // Kept past its TTL, for stale-if-error; readers check expiresAt.
    await this.store.set(cacheKey, { value, storedAt, expiresAt }, ttl + this.staleIfErrorSeconds);
    return { value, validUntil: expiresAt };
  }
}
