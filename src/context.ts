import type { AppConfigApi } from './appconfig/api.js';
import type { HttpMaxAges } from './config.js';
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
}

export function createContextFactory({ api, httpMaxAge, listLimits }: ContextDeps): () => Promise<GatewayContext> {
  return () => Promise.resolve({ loaders: createLoaders(api), httpMaxAge, listLimits });
}
