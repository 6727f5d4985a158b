import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { CorsOptions } from 'cors';
import type { AppConfigApi } from '../appconfig/api.js';
import type { SharedCache } from '../cache/shared-cache.js';
import type { Config } from '../config.js';
import { createContextFactory, type GatewayContext } from '../context.js';
import type { Logger } from '../logger.js';
import { buildGatewaySchema } from '../schema.js';
import { createDashboardHandler } from './dashboard.js';
import { errorLoggingPlugin } from './error-logging-plugin.js';
import { createErrorFormatter } from './format-error.js';
import { queryCostPlugin } from './query-cost.js';
import { createHttpHandler, GRAPHQL_PATH } from './http-handler.js';
import { listen } from './listen.js';
import { SAMPLE_QUERY } from './sample-query.js';

export interface GatewayDeps {
  readonly config: Pick<Config, 'production' | 'corsOrigins' | 'introspection' | 'maxQueryCost' | 'httpMaxAge' | 'appConfig' | 'cache' | 'dashboard'>;
  readonly api: AppConfigApi;
  readonly logger: Logger;
  /** The cross-request cache in front of AppConfig, and the store behind it for Apollo's own needs (APQ). */
  readonly cache?: { readonly shared: SharedCache; readonly store: KeyValueCache<string> };
  /** What `/health` reports beside its status, such as cache statistics. */
  readonly health?: () => Record<string, unknown>;
  /** Replaces the per-request context built from `api`; the benchmark's naive peer uses it. */
  readonly createContext?: () => Promise<GatewayContext>;
}

export interface Gateway {
  readonly httpServer: Server;
  /** Starts listening; resolves with the GraphQL endpoint URL (port 0 picks a free port). */
  listen(port: number, host: string): Promise<URL>;
  /** Stops accepting requests, lets in-flight ones finish, then closes. */
  stop(): Promise<void>;
}

/** Sandbox's hosted origin, and any local page, may call a development gateway. */
const DEVELOPMENT_ORIGINS: CorsOptions['origin'] = [
  'https://studio.apollographql.com',
  /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/,
];

/** Builds the gateway without listening, so tests and the entry point drive the same server. */
export async function createGateway({ config, api, logger, cache, health, createContext }: GatewayDeps): Promise<Gateway> {
  const httpServer = createServer();
  const schema = buildGatewaySchema();
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError: createErrorFormatter(config.production),
    includeStacktraceInErrorResponses: !config.production,
    introspection: config.introspection,
    // Persisted queries (which Apollo keys `apq:…`) live in the same store, so replicas sharing Redis share them too.
    ...(cache ? { cache: cache.store } : {}),
    logger,
    // The entry point owns shutdown; Apollo's own handler would re-raise the signal after stopping.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      errorLoggingPlugin(logger),
      queryCostPlugin(schema, config.maxQueryCost),
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
      context:
        createContext ??
        createContextFactory({
          api,
          httpMaxAge: config.httpMaxAge,
          listLimits: { maxPages: config.appConfig.maxListPages },
          ...(cache ? { cache: cache.shared } : {}),
          cacheTtl: config.cache.ttl,
        }),
      ...(health ? { health } : {}),
      ...(config.dashboard.enabled ? { dashboard: createDashboardHandler({ path: config.dashboard.path, logger }) } : {}),
      cors: { origin: config.corsOrigins ? [...config.corsOrigins] : (config.production ? false : DEVELOPMENT_ORIGINS), maxAge: 600 },
      logger,
    }),
  );

  return {
    httpServer,
    listen: async (port, host) => new URL(GRAPHQL_PATH, await listen(httpServer, port, host)),
    stop: () => apollo.stop(),
  };
}
