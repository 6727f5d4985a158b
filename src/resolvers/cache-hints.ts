import { maybeCacheControlFromInfo } from '@apollo/cache-control-types';
import type { GraphQLResolveInfo } from 'graphql';
import type { HttpMaxAges } from '../config.js';
import { isFinalState } from '../model/deployment-states.js';

/** A final deployment never changes again; anything else (or a state we cannot read) may change soon. */
export function deploymentMaxAge(state: string | undefined, maxAges: HttpMaxAges): number {
  return isFinalState(state) ? maxAges.final : maxAges.active;
}

/**
 * Hints the cache-control plugin for the field being resolved, by how final its data is. Deployment
 * data is the same for every caller of the gateway, so it is PUBLIC; the response's max-age is the
 * smallest hint in it, and never outlasts the cached data it was built from (freshnessPlugin).
 * Operations over a WebSocket or an event stream run outside Apollo Server: they have no cache policy to hint.
 */
export function hintMaxAge(info: GraphQLResolveInfo, maxAge: number): void {
  maybeCacheControlFromInfo(info)?.setCacheHint({ maxAge, scope: 'PUBLIC' });
}
