import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import DataLoader from 'dataloader';
import { DateTimeResolver } from 'graphql-scalars';
import { type DocumentNode, execute, type GraphQLSchema, parse } from 'graphql';
import { pino } from 'pino';
import { createAppConfigEdge } from '../src/appconfig/edge.js';
import { createGatewayCache } from '../src/cache/index.js';
import { loadConfig } from '../src/config.js';
import { ACCOUNT_ID as EMULATOR_ACCOUNT_ID } from '../src/emulator/arn.js';
import { systemClock } from '../src/clock.js';
import { createLoaders, type LoaderFactory } from '../src/loaders/index.js';
import { loadTypeDefs } from '../src/schema.js';
import { createGateway } from '../src/server/create-gateway.js';
import { expectedDeployment } from '../test/support/expected.js';
import { DEPLOYMENTS, SCENARIOS } from './scenarios.js';

export const SYSTEMS = ['gateway', 'gateway-cached', 'naive', 'apollo-floor', 'graphql-js-floor'] as const;
export type SystemName = (typeof SYSTEMS)[number];

/** Starts one system on a loopback port and resolves with its GraphQL URL. */
export async function startSystem(name: SystemName, upstreamEndpoint: string): Promise<string> {
  switch (name) {
    case 'gateway':
      return startGatewaySystem(upstreamEndpoint, 'per-request');
    case 'gateway-cached':
      return startGatewaySystem(upstreamEndpoint, 'cached');
    case 'naive':
      return startGatewaySystem(upstreamEndpoint, 'naive');
    case 'apollo-floor':
      return startApolloFloor();
    case 'graphql-js-floor':
      return startGraphqlJsFloor();
  }
}

/**
 * This project in production mode: `per-request` with its per-request loaders only (every request
 * reaches AppConfig), `cached` with its default cross-request cache warm. As `naive`, the same schema
 * and resolvers with what a hand-written server lacks: every load goes straight to the SDK (no
 * batching, no de-duplication) with no cap.
 */
async function startGatewaySystem(endpoint: string, mode: 'per-request' | 'cached' | 'naive'): Promise<string> {
  const naive = mode === 'naive';
  // Throughput is what is measured here: the rate budget, which exists to cap it, is out of reach.
  const config = loadConfig({ NODE_ENV: 'production', APPCONFIG_SOURCE: 'aws', AUTH_MODE: 'none', LOG_LEVEL: 'silent', APPCONFIG_GET_RATE: '100000', APPCONFIG_LIST_RATE: '100000' });
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
  const gateway = await createGateway({ config, api, logger, clock: systemClock, ...(naive ? { createLoaders: naiveLoaders } : {}), ...(cache ? { cache } : {}) });
  return (await gateway.listen(0, '127.0.0.1')).href;
}

/** The same schema answering from static objects already in GraphQL's shape: no AppConfig, no mapping. */
function staticSchema(): GraphQLSchema {
  const deployments = DEPLOYMENTS.map(expectedDeployment);
  const byNumber = new Map(deployments.map((deployment) => [deployment.deploymentNumber, deployment]));
  const resolvers = {
    DateTime: DateTimeResolver,
    Query: {
      deployment: (_root: unknown, args: { deploymentNumber: number }) => byNumber.get(args.deploymentNumber),
      deployments: (_root: unknown, args: { first: number }) => ({
        edges: [...deployments].reverse().slice(0, args.first).map((node) => ({ cursor: String(node.deploymentNumber), node })),
        pageInfo: { hasNextPage: false, endCursor: null },
      }),
    },
    Deployment: { __resolveReference: (reference: { deploymentNumber: number }) => byNumber.get(reference.deploymentNumber) },
  };
  return buildSubgraphSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as unknown as GraphQLResolverMap<unknown> });
}

async function startApolloFloor(): Promise<string> {
  const server = new ApolloServer({ schema: staticSchema(), introspection: false, logger: pino({ level: 'silent' }) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return url;
}

/** node:http and graphql-js `execute` over documents parsed once: the least a GraphQL server can do. */
async function startGraphqlJsFloor(): Promise<string> {
  const schema = staticSchema();
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
