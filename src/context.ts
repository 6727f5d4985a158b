import type { AppConfigApi } from './appconfig/api.js';
import type { SharedCache } from './cache/shared-cache.js';
import type { CacheTtls, HttpMaxAges } from './config.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import type { ListLimits } from './pagination/connection.js';

/** What every resolver receives: built once per GraphQL request. */
export interface GatewayContext {
  readonly loaders: Loaders;
  readonly httpMaxAge: HttpMaxAges;
  readonly listLimits: ListLimits;
}

export interface ContextDeps {
  readonly api: AppConfigApi;
  readonly httpMaxAge: HttpMaxAges;
  readonly listLimits: ListLimits;
  /** The process's cross-request cache, shared by every request's loaders; absent when turned off. */
  readonly cache?: SharedCache;
  readonly cacheTtl: CacheTtls;
}

export function createContextFactory({ api, httpMaxAge, listLimits, cache, cacheTtl }: ContextDeps): () => Promise<GatewayContext> {
  return () => Promise.resolve({ loaders: createLoaders(api, { ...(cache ? { cache } : {}), ttl: cacheTtl }), httpMaxAge, listLimits });
}
