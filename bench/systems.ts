import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import DataLoader from 'dataloader';
import { type DocumentNode, execute, type GraphQLSchema, parse } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { pino } from 'pino';
import { createAppConfigEdge } from '../src/appconfig/edge.js';
import { createGatewayCache } from '../src/cache/index.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { ACCOUNT_ID as EMULATOR_ACCOUNT_ID } from '../src/emulator/arn.js';
import { createLoaders, type LoaderFactory } from '../src/loaders/index.js';
import { loadTypeDefs } from '../src/schema.js';
import { createGateway } from '../src/server/create-gateway.js';
import { EVERY_DEPLOYMENT_FIELD, SCENARIOS } from './scenarios.js';
import { APP, DEPLOYMENT_COUNT, ENV } from './seed.js';

export const SYSTEMS = ['gateway', 'gateway-cached', 'naive', 'apollo-floor', 'graphql-js-floor'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** Starts one system on a loopback port and resolves with its GraphQL URL. */
export async function startSystem(name: SystemName, upstreamEndpoint: string): Promise<string> {
  switch (name) {
    case 'gateway':
      return (await startGatewaySystem(upstreamEndpoint, 'per-request')).url;
    case 'gateway-cached':
      return (await startGatewaySystem(upstreamEndpoint, 'cached')).url;
    case 'naive':
      return (await startGatewaySystem(upstreamEndpoint, 'naive')).url;
    case 'apollo-floor':
      return startApolloFloor(await staticDeployments(upstreamEndpoint));
    case 'graphql-js-floor':
      return startGraphqlJsFloor(await staticDeployments(upstreamEndpoint));
  }
}

/**
 * This project in production mode: `per-request` with its per-request loaders only (every request
 * reaches AppConfig), `cached` with its default cross-request cache warm. As `naive`, the same schema
 * and resolvers with what a hand-written server lacks: every load goes straight to the SDK (no
 * batching, no de-duplication) with no cap.
 */
async function startGatewaySystem(endpoint: string, mode: 'per-request' | 'cached' | 'naive'): Promise<{ url: string; stop: () => Promise<void> }> {
  const naive = mode === 'naive';
  // Throughput is what is measured here: the rate budget, which exists to cap it, is out of reach.
  const config = loadConfig({
    NODE_ENV: 'production',
    APPCONFIG_SOURCE: 'aws',
    AUTH_MODE: 'none',
    LOG_LEVEL: 'silent',
    APPCONFIG_GET_RATE: '100000',
    APPCONFIG_LIST_RATE: '100000',
  });
  const appConfig = await createAppConfigEdge({
    // The naive peer has no cap on calls in flight.
    settings: naive ? { ...config.appConfig, maxConcurrency: 1000 } : config.appConfig,
    accountId: EMULATOR_ACCOUNT_ID,
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    clock: systemClock,
    logger: pino({ level: 'silent' }),
  });
  const api = appConfig.service;
  // What a hand-written server lacks: every deployment load goes straight to the SDK, unbatched.
  const direct = { batch: false, cache: false } as const;
  const naiveLoaders: LoaderFactory = (deps) => ({
    ...createLoaders(deps),
    deployment: new DataLoader((keys) => Promise.all(keys.map((key) => deps.api.getDeployment(key))), direct),
    deploymentPage: new DataLoader((requests) => Promise.all(requests.map((request) => deps.api.listDeployments(request))), direct),
  });
  const logger = pino({ level: 'silent' });
  const cache = mode === 'cached' ? createGatewayCache(config.cache, logger, systemClock) : undefined;
  const gateway = await createGateway({
    config,
    api,
    logger,
    clock: systemClock,
    ...(naive ? { createLoaders: naiveLoaders } : {}),
    ...(cache ? { cache } : {}),
  });
  const url = (await gateway.listen(0, '127.0.0.1')).href;
  return {
    url,
    stop: async () => {
      await gateway.stop();
      await cache?.close();
      appConfig.close();
    },
  };
}

/** A deployment in GraphQL's shape, every field selected. */
type StaticDeployment = { readonly deploymentNumber: number } & Readonly<Record<string, unknown>>;

/**
 * Every deployment as the gateway answers it, read once through a gateway of its own: the floors then
 * serve exactly the gateway's answers, from memory, so that only the work of answering differs.
 */
async function staticDeployments(endpoint: string): Promise<StaticDeployment[]> {
  const gateway = await startGatewaySystem(endpoint, 'per-request');
  try {
    const query = `{ deployments(applicationId: "${APP}", environmentId: "${ENV}", first: ${DEPLOYMENT_COUNT}) { edges { node { ${EVERY_DEPLOYMENT_FIELD} } } } }`;
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const { data, errors } = (await response.json()) as { data?: { deployments: { edges: Array<{ node: StaticDeployment }> } }; errors?: unknown[] };
    if (!data || errors) throw new Error(`the floors' static answers could not be read: ${JSON.stringify(errors).slice(0, 300)}`);
    // Oldest first, as the floors' lists reverse them.
    return data.deployments.edges.map((edge) => edge.node).reverse();
  } finally {
    await gateway.stop();
  }
}

/** The same schema answering from static objects already in GraphQL's shape: no AppConfig, no mapping. */
function staticSchema(deployments: readonly StaticDeployment[]): GraphQLSchema {
  const byNumber = new Map(deployments.map((deployment) => [deployment.deploymentNumber, deployment]));
  const resolvers = {
    DateTime: DateTimeResolver,
    Query: {
      deployment: (_root: unknown, args: { deploymentNumber: number }) => byNumber.get(args.deploymentNumber),
      deployments: (_root: unknown, args: { first: number }) => ({
        edges: [...deployments]
          .reverse()
          .slice(0, args.first)
          .map((node) => ({ cursor: String(node.deploymentNumber), node })),
        pageInfo: { hasNextPage: false, endCursor: null },
      }),
    },
    Deployment: { __resolveReference: (reference: { deploymentNumber: number }) => byNumber.get(reference.deploymentNumber) },
  };
  return buildSubgraphSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as unknown as GraphQLResolverMap<unknown> });
}

async function startApolloFloor(deployments: readonly StaticDeployment[]): Promise<string> {
  const server = new ApolloServer({ schema: staticSchema(deployments), introspection: false, logger: pino({ level: 'silent' }) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return url;
}

/** node:http and graphql-js `execute` over documents parsed once: the least a GraphQL server can do. */
async function startGraphqlJsFloor(deployments: readonly StaticDeployment[]): Promise<string> {
  const schema = staticSchema(deployments);
  const documents = new Map<string, DocumentNode>(SCENARIOS.map((scenario) => [scenario.query, parse(scenario.query)]));
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown> };
      const document = documents.get(query) ?? parse(query);
      void Promise.resolve(execute({ schema, document, variableValues: variables })).then((result) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}
