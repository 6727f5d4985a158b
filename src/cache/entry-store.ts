import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import { decodeEntry, encodeEntry } from './codec.js';

/**
 * What the shared cache keeps for a key: AppConfig's answer (`value`, fetched at `storedAt`) or the
 * NOT_FOUND it gave (`notFound`), and when the entry stops being valid, so HTTP max-age can be
 * bounded by it. A value is kept past `expiresAt` for a while, to answer stale when AppConfig fails.
 */
export type CacheEntry<V> =
  { readonly value: V; readonly storedAt: number; readonly expiresAt: number } | { readonly notFound: string; readonly expiresAt: number };

/** Where entries live: in this process, or in Redis for every replica. */
export interface EntryStore {
  /** The entries of `keys`, in key order; undefined where there is none or it cannot be read. */
  getMany(keys: readonly string[]): Promise<Array<CacheEntry<unknown> | undefined>>;
  set(key: string, entry: CacheEntry<unknown>, ttlSeconds: number): Promise<void>;
}

/**
 * Entries in this process, kept as they are: a hit costs no decoding. They are frozen, because one
 * entry is handed to every request that reads it.
 */
export class MemoryEntryStore implements EntryStore {
  private readonly entries: LRUCache<string, CacheEntry<unknown>>;

  /**
   * Bounded by a number of entries, or by their size as JSON (for whole responses, whose sizes vary
   * widely). Entries age by `clock`, read at every lookup (ttlResolution 0): by default the LRU keeps
   * a reading for a millisecond of real time, and would not see a manual clock move within it.
   */
  constructor(bound: { readonly maxEntries: number } | { readonly maxBytes: number }, clock: Clock) {
    const aging = { perf: clock, ttlResolution: 0 };
    this.entries =
      'maxEntries' in bound
        ? new LRUCache({ max: bound.maxEntries, ...aging })
        : new LRUCache({ maxSize: bound.maxBytes, sizeCalculation: (entry) => JSON.stringify(entry).length || 1, ...aging });
  }

  getMany(keys: readonly string[]): Promise<Array<CacheEntry<unknown> | undefined>> {
    return Promise.resolve(keys.map((key) => this.entries.get(key)));
  }

  set(key: string, entry: CacheEntry<unknown>, ttlSeconds: number): Promise<void> {
    this.entries.set(key, deepFreeze(entry), { ttl: ttlSeconds * 1000 });
    return Promise.resolve();
  }
}

/** Entries in a string store (Redis through Keyv), as JSON that keeps the SDK's Dates. */
export class EncodedEntryStore implements EntryStore {
  constructor(private readonly store: KeyValueCache<string>) {}

  async getMany(keys: readonly string[]): Promise<Array<CacheEntry<unknown> | undefined>> {
    // The store batches the gets of one tick (one MGET against Redis).
    const texts = await Promise.all(keys.map((key) => this.store.get(key)));
    return texts.map((text) => (text === undefined ? undefined : decodeEntry(text)));
  }

  set(key: string, entry: CacheEntry<unknown>, ttlSeconds: number): Promise<void> {
    return this.store.set(key, encodeEntry(entry), { ttl: ttlSeconds });
  }
}

function deepFreeze<T>(value: T): T {
  // Primitives and null count as frozen already.
  if (!Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    Object.freeze(value);
    for (const member of Object.values(value as object)) deepFreeze(member);
  }
  return value;
}
