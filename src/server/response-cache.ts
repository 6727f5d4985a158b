import { createHash } from 'node:crypto';
import { type ApolloServerPlugin, type GraphQLRequestContext, HeaderMap } from '@apollo/server';
import { type OperationDefinitionNode, OperationTypeNode } from 'graphql';
import type { EntryStore } from '../cache/entry-store.js';
import type { Clock } from '../clock.js';
import type { GatewayContext } from '../context.js';

/** A whole answer, and the cache policy it was given. */
interface CachedResponse {
  readonly data: Record<string, unknown>;
  readonly maxAge: number;
  readonly scope: 'PUBLIC' | 'PRIVATE';
}

/** Variables longer than this are keyed by their hash, so that a key stays short in Redis. */
const LONG_VARIABLES = 256;

/**
 * Whole-response caching: a query answered without errors is kept for as long as its cache policy
 * allows (the smallest hint of its fields, bounded by the cached data it was built from), and the
 * same query with the same variables, from a caller with the same access, is then answered without
 * executing anything. Access is part of the key because an answer depends on it (fields of other
 * applications are FORBIDDEN, lists leave them out): a caller never receives an answer built for
 * rights other than its own, and callers with equal rights share entries. So a finished
 * deployment is answered from one lookup for a day, and a moving one for its seconds; a response
 * with errors, or served stale, has no policy to cache it by. A hit's max-age is what is left of
 * the stored one, so downstream HTTP caches never keep it longer than the gateway would.
 */
export function responseCachePlugin(store: EntryStore, clock: Clock): ApolloServerPlugin<GatewayContext> {
  const keyOf = (requestContext: GraphQLRequestContext<GatewayContext>): string => {
    const variables = JSON.stringify(requestContext.request.variables ?? {});
    const variablesKey = variables.length > LONG_VARIABLES ? createHash('sha256').update(variables).digest('base64url') : variables;
    return `response:${requestContext.contextValue.access.cacheKey}:${requestContext.queryHash ?? ''}:${requestContext.operationName ?? ''}:${variablesKey}`;
  };

  return {
    requestDidStart() {
      let hit = false;
      return Promise.resolve({
        async responseForOperation(requestContext) {
          // Apollo's types promise an operation here, but it calls this hook before it reports that the
          // document names none it can run (OPERATION_RESOLUTION_FAILURE), with `operation` undefined.
          const operation = requestContext.operation as OperationDefinitionNode | undefined;
          if (operation?.operation !== OperationTypeNode.QUERY) return null;
          const lookedUp = requestContext.contextValue.observer?.cacheLookup('response', 1);
          const [entry] = await store.getMany([keyOf(requestContext)]);
          const now = clock.now();
          const fresh = entry !== undefined && 'value' in entry && entry.expiresAt > now;
          lookedUp?.({ hits: fresh ? 1 : 0, misses: fresh ? 0 : 1, joined: 0 });
          if (!fresh) return null;
          const cached = entry.value as CachedResponse;
          hit = true;
          requestContext.overallCachePolicy.replace({ maxAge: Math.floor((entry.expiresAt - now) / 1000), scope: cached.scope });
          return { body: { kind: 'single', singleResult: { data: cached.data } }, http: { status: undefined, headers: new HeaderMap() } };
        },
        willSendResponse(requestContext) {
          if (hit || requestContext.operation?.operation !== OperationTypeNode.QUERY || requestContext.response.body.kind !== 'single')
            return Promise.resolve();
          const { data, errors } = requestContext.response.body.singleResult;
          const policy = requestContext.overallCachePolicy.policyIfCacheable();
          if (errors || !data || !policy || policy.scope !== 'PUBLIC') return Promise.resolve();
          const value: CachedResponse = { data, maxAge: policy.maxAge, scope: policy.scope };
          // In the background: the answer is ready, and the store never fails (Redis failures are misses).
          const storedAt = clock.now();
          void store.set(keyOf(requestContext), { value, storedAt, expiresAt: storedAt + policy.maxAge * 1000 }, policy.maxAge);
          return Promise.resolve();
        },
      });
    },
  };
}
