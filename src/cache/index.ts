import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { RedisClientType } from '@redis/client';
import type { Clock } from '../clock.js';
import type { CacheConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { createCacheBackend } from './backend.js';
import type { EntryStore } from './entry-store.js';
import { SharedCache } from './shared-cache.js';

/** How the cache backend is doing. Hits and misses are counted per lookup (see CacheLookupObserver). */
export interface CacheBackendReport {
  readonly backend: 'memory' | 'redis';
  /** Redis operations that failed or timed out, each a miss or a skipped write; always 0 in memory. */
  readonly errors: number;
  /** Whether the last Redis operation failed. */
  readonly failing: boolean;
  /** Whether the backend is connected now (Redis' client is ready); always true in memory. */
  readonly reachable: boolean;
}

export interface GatewayCache {
  readonly shared: SharedCache;
  /** Whole GraphQL responses, when CACHE_RESPONSES is on. */
  readonly responses: EntryStore | undefined;
  /** Apollo Server's own cache: persisted queries and whole responses. */
  readonly apolloStore: KeyValueCache<string>;
  /** The backend's health, for metrics and readiness. */
  report(): CacheBackendReport;
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
    report: () => ({ backend: backend.kind, errors: backend.health?.errors ?? 0, failing: backend.health?.failing ?? false, reachable: backend.reachable() }),
    close: () => backend.close(),
  };
}
