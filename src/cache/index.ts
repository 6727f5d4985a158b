import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { CacheConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { createCacheBackend } from './backend.js';
import { SharedCache } from './shared-cache.js';

export interface GatewayCache {
  readonly shared: SharedCache;
  readonly store: KeyValueCache<string>;
  /** Statistics for `/health`: backend, hits, misses, single-flight joins and, for Redis, errors. */
  health(): Record<string, unknown>;
  close(): Promise<void>;
}

/** The process's cross-request cache as configured, or undefined when CACHE_BACKEND is `none`. */
export function createGatewayCache(config: CacheConfig, logger: Logger): GatewayCache | undefined {
  const backend = createCacheBackend(config, logger);
  if (!backend) return undefined;
  const shared = new SharedCache(backend.store);
  return {
    shared,
    store: backend.store,
    health: () => ({ cache: { backend: backend.kind, ...shared.stats, ...(backend.health ?? {}) } }),
    close: () => backend.close(),
  };
}
