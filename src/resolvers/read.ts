import type DataLoader from 'dataloader';
import { type GraphQLResolveInfo, responsePathAsArray } from 'graphql';
import type { GatewayContext } from '../context.js';
import { type Loaders, readKey } from '../loaders/index.js';

type KeyOf<N extends keyof Loaders> = Loaders[N] extends DataLoader<infer K, unknown, string> ? K : never;
type ValueOf<N extends keyof Loaders> = Loaders[N] extends DataLoader<never, infer V, string> ? V : never;

/**
 * Loads `key` with the request's loader `name` for the field being resolved, and claims the read for
 * that field: if it answered stale (AppConfig failed, an expired value stood in), the response lists
 * the field's path under `extensions.stale`.
 */
export async function read<N extends keyof Loaders>(context: GatewayContext, info: GraphQLResolveInfo, name: N, key: KeyOf<N>): Promise<ValueOf<N>> {
  const value = (await (context.loaders[name] as unknown as DataLoader<KeyOf<N>, ValueOf<N>, string>).load(key)) as ValueOf<N>;
  if (context.freshness.anyStale) context.freshness.claim(responsePathAsArray(info.path), readKey(name, key as never));
  return value;
}
