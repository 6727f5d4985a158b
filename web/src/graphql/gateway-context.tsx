import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { getMainDefinition } from '@apollo/client/utilities';
import { createContext, type ReactNode, use, useCallback, useSyncExternalStore } from 'react';
import type { GatewayClient } from './client';
import type { StaleField } from './stale-answers';

const GatewayContext = createContext<GatewayClient | null>(null);

/** Gives the views Apollo Client and what the gateway tells beside the data. */
export function GatewayProvider({ gateway, children }: { readonly gateway: GatewayClient; readonly children: ReactNode }) {
  return (
    <ApolloProvider client={gateway.apollo}>
      <GatewayContext value={gateway}>{children}</GatewayContext>
    </ApolloProvider>
  );
}

function useGateway(): GatewayClient {
  const gateway = use(GatewayContext);
  if (!gateway) throw new Error('useGateway needs a GatewayProvider above it');
  return gateway;
}

/** True while the page has subscriptions open and the socket carrying them is down. */
export function useLiveUpdatesInterrupted(): boolean {
  const { live } = useGateway();
  return useSyncExternalStore(
    useCallback((listener) => live.onChange(listener), [live]),
    live.interrupted,
  );
}

/** The fields of the latest answer to `query` with `variables` that the gateway served stale, if any. */
export function useStaleFields<TData, TVariables extends OperationVariables>(
  query: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): readonly StaleField[] | undefined {
  const { staleAnswers } = useGateway();
  const operationName = getMainDefinition(query).name?.value;
  return useSyncExternalStore(
    useCallback((listener) => staleAnswers.onChange(listener), [staleAnswers]),
    () => staleAnswers.get(operationName, variables),
  );
}
