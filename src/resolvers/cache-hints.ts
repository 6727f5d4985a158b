import { cacheControlFromInfo } from '@apollo/cache-control-types';
import type { GraphQLResolveInfo } from 'graphql';
import type { HttpMaxAges } from '../config.js';
import type { Loaders } from '../loaders/index.js';
import { isFinalState } from '../model/deployment-states.js';
import type { PageLoader } from '../pagination/connection.js';

/** A final deployment never changes again; anything else (or a state we cannot read) may change soon. */
export function deploymentMaxAge(state: string | undefined, maxAges: HttpMaxAges): number {
  return isFinalState(state) ? maxAges.final : maxAges.active;
}

/**
 * Hints the cache-control plugin for the field being resolved. Deployment data is the same for every
 * caller of the gateway, so it is PUBLIC; the response's max-age is the smallest hint in it. When the
 * data came from (or went into) the shared cache, the hint never outlasts that entry (`validUntil`),
 * so HTTP caches cannot keep data longer than the gateway itself would.
 */
export function hintMaxAge(info: GraphQLResolveInfo, maxAge: number, validUntil?: number, now: number = Date.now()): void {
  const bounded = validUntil === undefined ? maxAge : Math.min(maxAge, Math.max(0, Math.floor((validUntil - now) / 1000)));
  cacheControlFromInfo(info).setCacheHint({ maxAge: bounded, scope: 'PUBLIC' });
}

/** Wraps a page loader to remember the earliest shared-cache expiry of the pages it loaded. */
export function trackValidity<T>(loadPage: PageLoader<T>, loaders: Loaders): { loadPage: PageLoader<T>; validUntil: () => number | undefined } {
  let earliest: number | undefined;
  return {
    loadPage: async (nextToken) => {
      const page = await loadPage(nextToken);
      const validUntil = loaders.validUntil(page);
      if (validUntil !== undefined) earliest = Math.min(earliest ?? validUntil, validUntil);
      return page;
    },
    validUntil: () => earliest,
  };
}
