import { createRequire } from 'node:module';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { InMemoryLRUCache, type KeyValueCache, PrefixingKeyValueCache } from '@apollo/utils.keyvaluecache';
import KeyvRedis from '@keyv/redis';
import type { RedisClientType } from '@redis/client';
import Keyv from 'keyv';
import type { Clock } from '../clock.js';
import type { CacheConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { EncodedEntryStore, type EntryStore, MemoryEntryStore } from './entry-store.js';
import { type CacheHealth, ResilientCache } from './resilient-cache.js';

/** Bump when what the cache stores changes shape: older entries are then never read. */
const CACHE_FORMAT_VERSION = 1;
/** The SDK's output types are what is stored, so an SDK upgrade starts a fresh namespace too. */
const SDK_VERSION = (createRequire(import.meta.url)('@aws-sdk/client-appconfig/package.json') as { version: string }).version;
const CACHE_NAMESPACE = `appconfig-graph:v${CACHE_FORMAT_VERSION}:sdk${SDK_VERSION}:`;

/** Bound on each Redis operation: a slow cache must not slow queries more than this. */
const REDIS_OPERATION_TIMEOUT_MS = 250;

export interface CacheBackend {
  readonly kind: 'memory' | 'redis';
  /** AppConfig's answers. */
  readonly entries: EntryStore;
  /** Whole GraphQL responses; undefined when CACHE_RESPONSES is off. */
  readonly responses: EntryStore | undefined;
  /** Apollo Server's own cache (persisted queries, whole responses), namespaced and versioned. */
  readonly apolloStore: KeyValueCache<string>;
  /** For Redis: how often it failed, and whether it is failing now. */
  readonly health: CacheHealth | undefined;
  /** Whether the backend is connected now: Redis' client is ready (it reconnects by itself); memory always is. */
  reachable(): boolean;
  close(): Promise<void>;
}

/**
 * Builds the configured cache: in this process (an LRU of `maxEntries` decoded answers, beside
 * Apollo's own size-bounded LRU), or Redis through Keyv so that replicas share entries. While Redis
 * is down every read is a miss: the gateway serves from AppConfig and uses Redis again when it returns.
 */
export function createCacheBackend(config: CacheConfig, logger: Logger, clock: Clock, redis: RedisClientType | undefined): CacheBackend | undefined {
  switch (config.backend) {
    case 'none':
      return undefined;
    case 'memory':
      return {
        kind: 'memory',
        entries: new MemoryEntryStore({ maxEntries: config.maxEntries }, clock),
        responses: config.responses ? new MemoryEntryStore({ maxBytes: config.responseMaxBytes }, clock) : undefined,
        apolloStore: new PrefixingKeyValueCache(new InMemoryLRUCache<string>(), CACHE_NAMESPACE),
        health: undefined,
        reachable: () => true,
        close: () => Promise.resolve(),
      };
    case 'redis': {
      if (!redis) throw new Error('CACHE_BACKEND=redis needs the Redis client of REDIS_URL');
      // Failures surface through ResilientCache, which logs when Redis goes down and comes back.
      const keyv = new Keyv<string>({ store: new KeyvRedis(redis, { throwOnConnectError: false, throwOnErrors: true }), throwOnErrors: true });
      keyv.on('error', () => undefined);
      // KeyvAdapter batches the gets of one tick into one MGET. Its types see keyv's CJS build, ours the ESM one.
      const adapter = new KeyvAdapter(keyv as unknown as ConstructorParameters<typeof KeyvAdapter<string>>[0]);
      const resilient = new ResilientCache(adapter, logger, REDIS_OPERATION_TIMEOUT_MS);
      const store = new PrefixingKeyValueCache(resilient, CACHE_NAMESPACE);
      return {
        kind: 'redis',
        entries: new EncodedEntryStore(store),
        responses: config.responses ? new EncodedEntryStore(store) : undefined,
        apolloStore: store,
        health: resilient.health,
        reachable: () => redis.isReady,
        close: () => Promise.resolve(),
      };
    }
  }
}
