import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { ErrorCode, gatewayError } from '../errors.js';
import { estimateOperationCost } from './operation-cost.js';

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
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ request, document }) {
          const cost = estimateOperationCost(schema, document, request.operationName, request.variables);
          if (cost && cost.calls > limits.maxCalls) {
            throw gatewayError(
              ErrorCode.QUERY_TOO_EXPENSIVE,
              `This query could make about ${cost.calls} AppConfig calls, more than the ${limits.maxCalls} one request may make (APPCONFIG_MAX_CALLS_PER_REQUEST); ask for fewer items or split it.`,
              { extensions: { estimatedCalls: cost.calls, maxCallsPerRequest: limits.maxCalls, http: { status: 400 } } },
            );
          }
          if (cost && cost.objects > limits.maxObjects) {
            throw gatewayError(
              ErrorCode.QUERY_TOO_EXPENSIVE,
              `This query would read about ${cost.objects} AppConfig objects, more than MAX_QUERY_COST (${limits.maxObjects}); ask for fewer items or split it.`,
              { extensions: { cost: cost.objects, maxCost: limits.maxObjects, http: { status: 400 } } },
            );
          }
          return Promise.resolve();
        },
      });
    },
  };
}
