import type { ErrorLike, OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';

/**
 * Asks the gateway for `query` every `intervalMs` (never while undefined), the first time one interval
 * after the view has its data, and never twice at once. Answers land in Apollo's cache, where the
 * views read them; a failed answer leaves the cache alone and is returned until one succeeds.
 */
export function usePolling<TData, TVariables extends OperationVariables>(
  query: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  intervalMs: number | undefined,
): ErrorLike | undefined {
  const client = useApolloClient();
  const [error, setError] = useState<ErrorLike | undefined>(undefined);
  // Variables arrive as a fresh object each render; their content is what matters.
  const variablesKey = JSON.stringify(variables);

  useEffect(() => {
    if (intervalMs === undefined) return undefined;
    let stopped = false;
    let timer: number | undefined;
    const poll = () => {
      client
        .query({ query, variables: JSON.parse(variablesKey) as TVariables, fetchPolicy: 'network-only', errorPolicy: 'none' })
        .then(
          () => !stopped && setError(undefined),
          (failure: unknown) => !stopped && setError(failure instanceof Error ? failure : new Error(String(failure))),
        )
        .finally(() => {
          if (!stopped) timer = window.setTimeout(poll, intervalMs);
        });
    };
    timer = window.setTimeout(poll, intervalMs);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [client, query, variablesKey, intervalMs]);

  return error;
}
