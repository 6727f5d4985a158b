import { cacheControlFromInfo } from '@apollo/cache-control-types';
import type { DeploymentState } from '@aws-sdk/client-appconfig';
import type { GraphQLResolveInfo } from 'graphql';
import type { HttpMaxAges } from '../config.js';

const FINAL_STATES: ReadonlySet<string> = new Set<DeploymentState>(['COMPLETE', 'ROLLED_BACK', 'REVERTED']);

/** A final deployment never changes again; anything else (or a state we cannot read) may change soon. */
export function deploymentMaxAge(state: string | undefined, maxAges: HttpMaxAges): number {
  return state !== undefined && FINAL_STATES.has(state) ? maxAges.final : maxAges.active;
}

/**
 * Hints the cache-control plugin for the field being resolved. Deployment data is the same for every
 * caller of the gateway, so it is PUBLIC; the response's max-age is the smallest hint in it.
 */
export function hintMaxAge(info: GraphQLResolveInfo, maxAge: number): void {
  cacheControlFromInfo(info).setCacheHint({ maxAge, scope: 'PUBLIC' });
}
