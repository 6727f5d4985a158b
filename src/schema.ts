import { readdirSync, readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { concatAST, type DocumentNode, type GraphQLSchema, parse } from 'graphql';
import { resolvers } from './resolvers/index.js';
import { type SchemaAuthorization, withAuthorizationDirectives } from './schema-authorization.js';

const SCHEMA_DIR = new URL('../schema/', import.meta.url);

/** The SDL in schema/, the source of truth for the graph, as one document. */
export function loadTypeDefs(): DocumentNode {
  const files = readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort();
  return concatAST(files.map((file) => parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8'))));
}

/**
 * The executable Federation 2 subgraph schema: SDL plus resolvers, with `_entities` and `_service`;
 * with `authorization`, Federation's directives that let a router enforce it too.
 */
export function buildGatewaySchema(authorization?: SchemaAuthorization): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: authorization ? withAuthorizationDirectives(loadTypeDefs(), authorization) : loadTypeDefs(),
    // Codegen's Resolvers is stricter than @apollo/subgraph's loose map; the shapes agree at runtime.
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
}
