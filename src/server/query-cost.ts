import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, getNullableType, type GraphQLSchema, isLeafType, isListType } from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { ErrorCode, gatewayError } from '../errors.js';

/** What a list without a `first` argument (an event log, an application's environments) is assumed to hold. */
const ASSUMED_LIST_LENGTH = 10;

/**
 * Estimates how many objects a field yields, nested ones included, so that nested lists multiply:
 * `first` on connections (whose `edges` it already counts), the representations of `_entities`, and
 * an assumed length for other lists. Each object may cost an AppConfig call, so this approximates the
 * calls a query can make. Scalars cost nothing.
 */
const appConfigObjects: ComplexityEstimator = ({ args, childComplexity, field }) => {
  if (isLeafType(getNamedType(field.type))) return 0;
  if (typeof args['first'] === 'number') return 1 + args['first'] * childComplexity;
  if (Array.isArray(args['representations'])) return args['representations'].length * childComplexity;
  if (field.name === 'edges') return childComplexity;
  if (isListType(getNullableType(field.type))) return ASSUMED_LIST_LENGTH * (1 + childComplexity);
  return 1 + childComplexity;
};

/**
 * Refuses, before anything runs, an operation whose estimated cost passes `maxCost`: nested lists
 * (applications × environments × deployments × event logs) could otherwise cost tens of thousands
 * of AppConfig calls, far past the account's quota.
 */
export function queryCostPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ request, document }) {
          const cost = getComplexity({
            schema,
            query: document,
            estimators: [appConfigObjects],
            ...(request.variables ? { variables: request.variables } : {}),
            ...(request.operationName ? { operationName: request.operationName } : {}),
          });
          if (cost > maxCost) {
            throw gatewayError(
              ErrorCode.BAD_USER_INPUT,
              `This query would read about ${cost} AppConfig objects, more than MAX_QUERY_COST (${maxCost}); ask for fewer items or split it.`,
              { extensions: { cost, maxCost, http: { status: 400 } } },
            );
          }
          return Promise.resolve();
        },
      });
    },
  };
}
