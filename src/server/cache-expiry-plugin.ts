import type { ApolloServerPlugin } from '@apollo/server';
import type { Clock } from '../clock.js';
import type { GatewayContext } from '../context.js';

/**
 * Keeps a response's cache policy within the lifetime of the cached data it was built from: once
 * per request, after execution and before Apollo turns the policy into `Cache-Control` (or a cached
 * whole response), it restricts max-age to the time left until the earliest expiry the loaders saw.
 */
export function cacheExpiryPlugin(clock: Clock): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        executionDidStart({ contextValue, overallCachePolicy }) {
          return Promise.resolve({
            executionDidEnd() {
              const earliest = contextValue.readExpiry.earliest;
              if (earliest !== undefined) overallCachePolicy.restrict({ maxAge: Math.max(0, Math.floor((earliest - clock.now()) / 1000)) });
              return Promise.resolve();
            },
          });
        },
      });
    },
  };
}
