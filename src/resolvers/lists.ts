import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import { type Connection, type ConnectionArgs, loadAll, loadConnection, type PageLoader } from '../pagination/connection.js';
import { hintMaxAge } from './cache-hints.js';

/** A Relay connection over an AppConfig list, hinted as briefly as an active deployment: a list grows at any time. */
export async function listConnection<T, N>(
  loadPage: PageLoader<T>,
  args: ConnectionArgs,
  toNode: (item: T) => N,
  operation: string,
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<Connection<N>> {
  const connection = await loadConnection(loadPage, args, toNode, context.listLimits, operation);
  hintMaxAge(info, context.httpMaxAge.active);
  return connection;
}

/** Every item of an AppConfig list, hinted like listConnection. */
export async function listAll<T>(loadPage: PageLoader<T>, operation: string, context: GatewayContext, info: GraphQLResolveInfo): Promise<T[]> {
  const items = await loadAll(loadPage, context.listLimits, operation);
  hintMaxAge(info, context.httpMaxAge.active);
  return items;
}
