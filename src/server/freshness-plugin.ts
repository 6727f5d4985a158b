import type { ApolloServerPlugin } from '@apollo/server';
import type { Clock } from '../clock.js';
import type { GatewayContext } from '../context.js';

/**
 * Keeps a response's cache policy within the freshness of what it was built from, once per request,
 * after execution and before Apollo turns the policy into `Cache-Control` (or a cached whole
 * response): max-age never outlasts the earliest expiry the loaders saw, and an answer holding any
 * stale data (stale-if-error) is `no-store` and lists its stale fields in `extensions.stale`.
 */
export function freshnessPlugin(clock: Clock): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        executionDidStart({ contextValue, overallCachePolicy }) {
          return Promise.resolve({
            executionDidEnd() {
              const { freshness } = contextValue;
              const earliest = freshness.earliest;
              if (earliest !== undefined) overallCachePolicy.restrict({ maxAge: Math.max(0, Math.floor((earliest - clock.now()) / 1000)) });
              if (freshness.anyStale) overallCachePolicy.restrict({ maxAge: 0 });
              return Promise.resolve();
            },
          });
        },
        willSendResponse({ contextValue, response }) {
          if (contextValue.freshness.anyStale && response.body.kind === 'single') {
            const result = response.body.singleResult;
            result.extensions = { ...result.extensions, stale: contextValue.freshness.staleFields() };
          }
          return Promise.resolve();
        },
      });
    },
  };
}
