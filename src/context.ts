import { setMaxListeners } from 'node:events';
import { ALL_APPLICATIONS, type ApplicationAccess } from './access.js';
import type { AppConfigService, CallScope } from './appconfig/api.js';
import { CallBudget } from './appconfig/call-budget.js';
import type { SharedCache } from './cache/shared-cache.js';
import type { CacheTtls, HttpMaxAges } from './config.js';
import type { LiveFeeds } from './live/feeds.js';
import type { LoaderFactory, Loaders } from './loaders/index.js';
import { ReadFreshness } from './loaders/read-freshness.js';
import type { ListLimits } from './pagination/connection.js';
import type { RequestInfo } from './server/http-handler.js';
import type { RequestObserver } from './server/observers.js';

/** What every resolver receives: built once per GraphQL request. */
export interface GatewayContext {
  readonly loaders: Loaders;
  readonly httpMaxAge: HttpMaxAges;
  readonly listLimits: ListLimits;
  /** The AppConfig calls this request may make, and has made. */
  readonly callBudget: CallBudget;
  /** Until when what the request read stays valid, and what it read stale. */
  readonly freshness: ReadFreshness;
  /** The process's watches, for subscriptions. */
  readonly live: LiveFeeds;
  /** The applications the caller may read (all of them when authentication is off or does not restrict them). */
  readonly access: ApplicationAccess;
  /** Told what the request does (operation, cache lookups, outcome), for metrics, traces and its access line. */
  readonly observer?: RequestObserver;
}

export interface RequestLimits {
  /** APPCONFIG_MAX_CALLS_PER_REQUEST. */
  readonly maxCalls: number;
  /** After this long, the request's waiting and in-flight AppConfig calls are abandoned. */
  readonly timeoutMs: number;
}

export interface ContextDeps {
  readonly api: AppConfigService;
  readonly httpMaxAge: HttpMaxAges;
  readonly listLimits: ListLimits;
  readonly requestLimits: RequestLimits;
  /** The process's cross-request cache, shared by every request's loaders; absent when turned off. */
  readonly cache?: SharedCache;
  readonly cacheTtl: CacheTtls;
  readonly createLoaders: LoaderFactory;
  readonly live: LiveFeeds;
}

/** Aborts when the client leaves or `timeoutMs` passes, whichever comes first. */
function deadline(clientGone: AbortSignal, timeoutMs: number): AbortSignal {
  const signal = AbortSignal.any([clientGone, AbortSignal.timeout(timeoutMs)]);
  // Each call of the request listens on this signal while it waits or runs; a wide fan-out is expected.
  setMaxListeners(0, signal);
  return signal;
}

export type ContextFactory = (request: RequestInfo) => Promise<GatewayContext>;

export function createContextFactory({ api, httpMaxAge, listLimits, requestLimits, cache, cacheTtl, createLoaders, live }: ContextDeps): ContextFactory {
  let requests = 0;
  return (request) => {
    let signal: AbortSignal | undefined;
    const scope: CallScope = {
      lane: String((requests += 1)),
      budget: new CallBudget(requestLimits.maxCalls),
      // Made on the first AppConfig call only: a request the caches answer needs no deadline.
      get signal() {
        return (signal ??= deadline(request.signal, requestLimits.timeoutMs));
      },
    };
    const freshness = new ReadFreshness();
    const observer = request.observer;
    return Promise.resolve({
      loaders: createLoaders({ api: api.forScope(scope), ...(cache ? { cache } : {}), ttl: cacheTtl, freshness, ...(observer ? { observer } : {}) }),
      httpMaxAge,
      listLimits,
      callBudget: scope.budget,
      freshness,
      live,
      access: request.caller?.access ?? ALL_APPLICATIONS,
      ...(observer ? { observer } : {}),
    });
  };
}
