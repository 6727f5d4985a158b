import type { AppConfigApi } from './appconfig/api.js';
import type { HttpMaxAges } from './config.js';
import { createLoaders, type Loaders } from './loaders/index.js';

/** What every resolver receives: built once per GraphQL request. */
export interface GatewayContext {
  readonly loaders: Loaders;
  readonly httpMaxAge: HttpMaxAges;
}

export interface ContextDeps {
  readonly api: AppConfigApi;
  readonly httpMaxAge: HttpMaxAges;
}

export function createContextFactory({ api, httpMaxAge }: ContextDeps): () => Promise<GatewayContext> {
  return () => Promise.resolve({ loaders: createLoaders(api), httpMaxAge });
}
