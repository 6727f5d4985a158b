import type { AppConfigApi } from './appconfig/api.js';
import { createLoaders, type Loaders } from './loaders/index.js';

/** What every resolver receives: built once per GraphQL request. */
export interface GatewayContext {
  readonly loaders: Loaders;
}

export function createContextFactory(api: AppConfigApi): () => Promise<GatewayContext> {
  return () => Promise.resolve({ loaders: createLoaders(api) });
}
