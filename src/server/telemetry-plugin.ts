import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import type { GraphQLOutcome } from './observers.js';

/**
 * Tells the request's observer (metrics, trace, access line) which operation runs and how its answer
 * went. A request Apollo refuses before running (parse, validation, cost) is `rejected`; one that
 * ran is `success`, `partial` (data with errors) or `failed` (errors only).
 */
export function telemetryPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart({ contextValue }) {
      const observer = contextValue.observer;
      if (!observer) return Promise.resolve();
      let ran = false;
      return Promise.resolve({
        didResolveOperation({ operation }) {
          if (operation) observer.operationResolved(operation.name?.value, operation.operation);
          return Promise.resolve();
        },
        executionDidStart() {
          ran = true;
          return Promise.resolve();
        },
        willSendResponse({ response }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          const errorCodes = (result.errors ?? []).map((error) => {
            const code = error.extensions?.['code'];
            return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
          });
          observer.answered({
            outcome: outcome(ran || result.data != null, result.data != null, errorCodes.length > 0, response.http.status),
            errorCodes,
            appConfigCalls: contextValue.callBudget.callsMade,
          });
          return Promise.resolve();
        },
      });
    },
  };
}

function outcome(ran: boolean, hasData: boolean, hasErrors: boolean, status: number | undefined): GraphQLOutcome {
  if (!hasErrors) return 'success';
  if (hasData) return 'partial';
  if (!ran && (status ?? 200) < 500) return 'rejected';
  return 'failed';
}
