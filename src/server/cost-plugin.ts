import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { ErrorCode, gatewayError } from '../errors.js';
import { estimateOperationCost, type OperationCost } from './operation-cost.js';

/** Estimates kept per document (Apollo reuses the parsed document of a query it has seen): one per operation and variables. */
const ESTIMATES_PER_DOCUMENT = 64;

export interface CostLimits {
  /** APPCONFIG_MAX_CALLS_PER_REQUEST: AppConfig calls one request may make. */
  readonly maxCalls: number;
  /** MAX_QUERY_COST: objects one answer may hold. */
  readonly maxObjects: number;
}

/**
 * Refuses, before anything runs, an operation whose estimated cost passes a limit: AppConfig allows
 * an account 100 Get and 10 List calls per second, shared with its deploy pipelines, and one
 * `_entities` request with thousands of representations, or nested lists, could spend it all.
 * The refusal is an HTTP 400 carrying the estimate and the limit; no call is made.
 */
export function costLimitPlugin(schema: GraphQLSchema, limits: CostLimits): ApolloServerPlugin {
  const estimates = new WeakMap<DocumentNode, LRUCache<string, { readonly cost: OperationCost | undefined }>>();
  const estimate = (document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown> | undefined) => {
    let byRequest = estimates.get(document);
    if (!byRequest) estimates.set(document, (byRequest = new LRUCache({ max: ESTIMATES_PER_DOCUMENT })));
    const key = `${operationName ?? ''}:${JSON.stringify(variables ?? {})}`;
    let known = byRequest.get(key);
    if (!known) byRequest.set(key, (known = { cost: estimateOperationCost(schema, document, operationName, variables) }));
    return known.cost;
  };
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ request, document }) {
          const problem = costProblem(estimate(document, request.operationName, request.variables), limits);
          if (problem) throw problem;
          return Promise.resolve();
        },
      });
    },
  };
}

/** Why an operation of estimated `cost` may not run (QUERY_TOO_EXPENSIVE, an HTTP 400, with the estimate and the limit), or undefined. */
export function costProblem(cost: OperationCost | undefined, limits: CostLimits): GraphQLError | undefined {
  if (cost && cost.calls > limits.maxCalls) {
    return gatewayError(
      ErrorCode.QUERY_TOO_EXPENSIVE,
      `This operation could make about ${cost.calls} AppConfig calls, more than the ${limits.maxCalls} one request may make (APPCONFIG_MAX_CALLS_PER_REQUEST); ask for fewer items or split it.`,
      { extensions: { estimatedCalls: cost.calls, maxCallsPerRequest: limits.maxCalls, http: { status: 400 } } },
    );
  }
  if (cost && cost.objects > limits.maxObjects) {
    return gatewayError(
      ErrorCode.QUERY_TOO_EXPENSIVE,
      `This operation would read about ${cost.objects} AppConfig objects, more than MAX_QUERY_COST (${limits.maxObjects}); ask for fewer items or split it.`,
      { extensions: { cost: cost.objects, maxCost: limits.maxObjects, http: { status: 400 } } },
    );
  }
  return undefined;
}
