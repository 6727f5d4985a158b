import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import { type Connection, type ConnectionArgs, loadAll, loadConnection, type PageLoader } from '../pagination/connection.js';
import { hintMaxAge, trackValidity } from './cache-hints.js';

/**
 * A Relay connection over an AppConfig list, hinted as briefly as an active deployment (a list grows
 * at any time) and never longer than the cached pages it was built from.
 */
export async function listConnection<T, N>(
  loadPage: PageLoader<T>,
  args: ConnectionArgs,
  toNode: (item: T) => N,
  operation: string,
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<Connection<N>> {
  const pages = trackValidity(loadPage, context.loaders);
  const connection = await loadConnection(pages.loadPage, args, toNode, context.listLimits, operation);
  hintMaxAge(info, context.httpMaxAge.active, pages.validUntil());
  return connection;
}

/** Every item of an AppConfig list, hinted like listConnection. */
export async function listAll<T>(loadPage: PageLoader<T>, operation: string, context: GatewayContext, info: GraphQLResolveInfo): Promise<T[]> {
  const pages = trackValidity(loadPage, context.loaders);
  const items = await loadAll(pages.loadPage, context.listLimits, operation);
  hintMaxAge(info, context.httpMaxAge.active, pages.validUntil());
  return items;
}
