import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import type { RedisClientType } from '@redis/client';
import type { CorsOptions } from 'cors';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { AppConfigService } from '../appconfig/api.js';
import { CallBudget } from '../appconfig/call-budget.js';
import type { GatewayCache } from '../cache/index.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createContextFactory, type GatewayContext } from '../context.js';
import { createLiveFeeds } from '../live/feeds.js';
import { RedisWatchCoordinator } from '../live/redis-coordinator.js';
import { WatchHub } from '../live/watch-hub.js';
import { createLoaders, type LoaderFactory } from '../loaders/index.js';
import { ReadFreshness } from '../loaders/read-freshness.js';
import type { Logger } from '../logger.js';
import { subscriberOf } from '../redis.js';
import { buildGatewaySchema } from '../schema.js';
import { READINESS_FRESH_MS, type Telemetry } from '../telemetry/index.js';
import { metricsRoute } from '../telemetry/metrics-http.js';
import type { Authenticator } from './auth.js';
import { costLimitPlugin } from './cost-plugin.js';
import { createDashboardHandler } from './dashboard.js';
import { errorLoggingPlugin } from './error-logging-plugin.js';
import { createErrorFormatter } from './format-error.js';
import { freshnessPlugin } from './freshness-plugin.js';
import { AppConfigReachability, healthRoute, type ReadinessCheck, readinessCheck } from './health.js';
import { createHttpHandler, GRAPHQL_PATH } from './http-handler.js';
import { listen } from './listen.js';
import { knownOperationTypesRule, maxDepthRule, subscriptionsOnlyAsStreamsRule } from './operation-limits.js';
import { responseCachePlugin } from './response-cache.js';
import { SAMPLE_QUERY } from './sample-query.js';
import { createSubscriptionTransports } from './subscriptions.js';
import { telemetryPlugin } from './telemetry-plugin.js';

export interface GatewayDeps {
  readonly config: Pick<
    Config,
    | 'production'
    | 'corsOrigins'
    | 'introspection'
    | 'maxQueryCost'
    | 'httpMaxAge'
    | 'appConfig'
    | 'cache'
    | 'graphql'
    | 'requestTimeoutMs'
    | 'shutdownGraceMs'
    | 'dashboard'
    | 'live'
    | 'metrics'
    | 'auth'
  >;
  readonly api: AppConfigService;
  readonly logger: Logger;
  /** The one clock that ages cached data and cache hints. */
  readonly clock: Clock;
  /** The cross-request cache in front of AppConfig, with Apollo's own (persisted queries); absent when off. */
  readonly cache?: GatewayCache;
  /** Metrics, traces, access lines and AppConfig's reachability; without it requests are not followed and readiness probes AppConfig each time its last answer is stale. */
  readonly telemetry?: Telemetry;
  /** Lets GraphQL requests in (AUTH_MODE=jwt); absent, everyone is. */
  readonly authenticator?: Authenticator;
  /** Builds each request's loaders; createLoaders unless a caller (the benchmark's naive peer) brings its own. */
  readonly createLoaders?: LoaderFactory;
  /** Redis shared by the replicas: one watcher per deployment for the whole fleet. */
  readonly redis?: RedisClientType;
}

export interface Gateway {
  readonly httpServer: Server;
  /** Starts listening; resolves with the GraphQL endpoint URL (port 0 picks a free port). */
  listen(port: number, host: string): Promise<URL>;
  /**
   * Stops accepting connections, tells kept-alive clients to go (`Connection: close`), lets in-flight
   * requests finish for up to SHUTDOWN_GRACE_MS, then closes what is left.
   */
  stop(): Promise<void>;
}

/** Sandbox's hosted origin, and any local page, may call a development gateway. */
const DEVELOPMENT_ORIGINS: CorsOptions['origin'] = ['https://studio.apollographql.com', /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/];

/** Whether a browser page of `origin` may call the gateway, by the CORS policy: WebSocket upgrades are held to it too. */
function originPolicy(origins: CorsOptions['origin']): (origin: string | undefined) => boolean {
  return (origin) => {
    // Not a browser, or the same origin: CORS does not apply.
    if (origin === undefined) return true;
    if (origins === true) return true;
    if (!origins) return false;
    const allowed = Array.isArray(origins) ? origins : [origins];
    return allowed.some((candidate) => (candidate instanceof RegExp ? candidate.test(origin) : candidate === origin));
  };
}

/** Builds the gateway without listening, so tests and the entry point drive the same server. */
export async function createGateway({
  config,
  api,
  logger,
  clock,
  cache,
  telemetry,
  authenticator,
  redis,
  createLoaders: loaderFactory = createLoaders,
}: GatewayDeps): Promise<Gateway> {
  const httpServer = createServer();
  const schema = buildGatewaySchema(config.auth.mode === 'jwt' ? { requiredScopes: config.auth.jwt.requiredScopes } : undefined);
  let draining = false;
  const corsOrigins: CorsOptions['origin'] = config.corsOrigins ? [...config.corsOrigins] : config.production ? false : DEVELOPMENT_ORIGINS;
  const validationRules = [knownOperationTypesRule, maxDepthRule(config.graphql.maxDepth)];

  // One watcher per watched deployment (per fleet, with Redis); its polls refresh the shared cache.
  const subscriber = redis ? subscriberOf(redis) : undefined;
  const hub = new WatchHub({
    intervalMs: config.live.watchIntervalMs,
    logger,
    ...(telemetry ? { watchStarted: () => telemetry.metrics.live.watcherStarted() } : {}),
    // A lease outlives one missed renewal barely: another replica takes over within two intervals of its holder's death.
    ...(redis && subscriber ? { coordinator: new RedisWatchCoordinator(redis, subscriber, Math.round(config.live.watchIntervalMs * 1.2)) } : {}),
  });
  let polls = 0;
  const live = createLiveFeeds({
    hub,
    loaders: (refresh) =>
      loaderFactory({
        api: api.forScope({
          lane: `watch-${(polls += 1)}`,
          budget: new CallBudget(config.appConfig.maxCallsPerRequest),
          signal: AbortSignal.timeout(config.requestTimeoutMs),
        }),
        ...(cache ? { cache: cache.shared } : {}),
        ttl: config.cache.ttl,
        freshness: new ReadFreshness(),
        refresh,
      }),
  });
  const context = createContextFactory({
    api,
    httpMaxAge: config.httpMaxAge,
    listLimits: { maxPages: config.appConfig.maxListPages },
    requestLimits: { maxCalls: config.appConfig.maxCallsPerRequest, timeoutMs: config.requestTimeoutMs },
    ...(cache ? { cache: cache.shared } : {}),
    cacheTtl: config.cache.ttl,
    createLoaders: loaderFactory,
    live,
  });
  const formatError = createErrorFormatter(config.production);
  const costLimits = { maxCalls: config.appConfig.maxCallsPerRequest, maxObjects: config.maxQueryCost };
  const streams = createSubscriptionTransports({
    schema,
    context,
    // Apollo Server refuses introspection itself when it is off; the streams run outside it.
    validationRules: config.introspection ? validationRules : [...validationRules, NoSchemaIntrospectionCustomRule],
    limits: {
      maxTokens: config.graphql.maxTokens,
      cost: costLimits,
      perConnection: config.live.maxPerConnection,
      total: config.live.maxSubscriptions,
    },
    allowOrigin: originPolicy(corsOrigins),
    formatError: (error) => formatError(error, undefined),
    logger,
    path: GRAPHQL_PATH,
    ...(authenticator ? { authenticator } : {}),
    ...(telemetry ? { live: telemetry.metrics.live } : {}),
  });
  streams.attach(httpServer);

  const apollo = new ApolloServer<GatewayContext>({
    schema,
    parseOptions: { maxTokens: config.graphql.maxTokens },
    validationRules: [...validationRules, subscriptionsOnlyAsStreamsRule],
    formatError,
    includeStacktraceInErrorResponses: !config.production,
    introspection: config.introspection,
    // Persisted queries (which Apollo keys `apq:…`) live in the same store, so replicas sharing Redis share them too.
    ...(cache ? { cache: cache.apolloStore } : {}),
    logger,
    // The entry point owns shutdown; Apollo's own handler would re-raise the signal after stopping.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      // Federated traces for routers that ask for them (ftv1); named here so Apollo does not announce it.
      ApolloServerPluginInlineTrace({ includeErrors: config.production ? { masked: true } : { unmodified: true } }),
      errorLoggingPlugin(logger),
      freshnessPlugin(clock),
      telemetryPlugin(),
      ...(cache?.responses ? [responseCachePlugin(cache.responses, clock)] : []),
      costLimitPlugin(schema, costLimits),
      // Sandbox, embedded and pointed at this endpoint, opens on an example that runs against the sample data.
      config.production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, document: SAMPLE_QUERY, includeCookies: false }),
    ],
  });
  await apollo.start();

  httpServer.on(
    'request',
    createHttpHandler({
      apollo,
      context,
      streams,
      routes: [
        healthRoute({
          checks: readinessChecks(api, cache, telemetry?.reachability ?? new AppConfigReachability({ clock, freshForMs: READINESS_FRESH_MS })),
          draining: () => draining,
          logger,
        }),
        // With METRICS_PORT, main.ts serves them on their own port instead.
        ...(telemetry && config.metrics.port === undefined ? [metricsRoute(telemetry.metrics.registry, config.metrics.token, logger)] : []),
      ],
      ...(authenticator ? { authenticator } : {}),
      ...(telemetry ? { telemetry: telemetry.http } : {}),
      ...(config.dashboard.enabled ? { dashboard: createDashboardHandler({ path: config.dashboard.path, logger }) } : {}),
      cors: { origin: corsOrigins, maxAge: 600 },
      logger,
      draining: () => draining,
    }),
  );

  return {
    httpServer,
    listen: async (port, host) => new URL(GRAPHQL_PATH, await listen(httpServer, port, host)),
    stop: async () => {
      draining = true;
      // Streams never finish on their own: they end first, telling clients to reconnect elsewhere, before
      // the watches end (which would complete each subscription as if its deployment were final).
      await streams.close();
      await hub.close();
      if (subscriber?.isOpen) subscriber.destroy();
      await apollo.stop();
    },
  };
}

/** Longest a readiness probe waits for AppConfig: probes answer within a second or two, as Kubernetes' expect. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * Ready when AppConfig answered lately, or answers a probe now (one Get of a strategy every account
 * has: the Get quota is ten times the List one), and, with Redis, when Redis is connected.
 */
function readinessChecks(api: AppConfigService, cache: GatewayCache | undefined, reachability: AppConfigReachability): ReadinessCheck[] {
  const probe = () =>
    api.forScope({ lane: 'readiness', budget: new CallBudget(1), signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).getDeploymentStrategy('AppConfig.AllAtOnce');
  return [
    readinessCheck('appconfig', () => reachability.reachable(probe)),
    ...(cache?.report().backend === 'redis' ? [readinessCheck('redis', () => cache.report().reachable)] : []),
  ];
}
