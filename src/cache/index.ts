import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { RedisClientType } from '@redis/client';
import type { Clock } from '../clock.js';
import type { CacheConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { EntryStore } from './entry-store.js';
import { createCacheBackend } from './backend.js';
import { SharedCache } from './shared-cache.js';

export interface GatewayCache {
  readonly shared: SharedCache;
  /** Whole GraphQL responses, when CACHE_RESPONSES is on. */
  readonly responses: EntryStore | undefined;
  /** Apollo Server's own cache: persisted queries and whole responses. */
  readonly apolloStore: KeyValueCache<string>;
  /** Statistics for `/health`: backend, hits, misses, single-flight joins and, for Redis, errors. */
  health(): Record<string, unknown>;
  close(): Promise<void>;
}

/** The process's cross-request cache as configured, or undefined when CACHE_BACKEND is `none`. */
export function createGatewayCache(config: CacheConfig, logger: Logger, clock: Clock, redis?: RedisClientType): GatewayCache | undefined {
  const backend = createCacheBackend(config, logger, clock, redis);
  if (!backend) return undefined;
  const shared = new SharedCache(backend.entries, clock, config.ttl.staleIfError);
  return {
    shared,
    responses: backend.responses,
    apolloStore: backend.apolloStore,
    health: () => ({ cache: { backend: backend.kind, ...shared.stats, ...(backend.health ?? {}) } }),
    close: () => backend.close(),
  };
}
