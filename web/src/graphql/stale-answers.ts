import { ApolloLink, type OperationVariables } from '@apollo/client';
import { canonicalStringify } from '@apollo/client/utilities';
import { map } from 'rxjs';

/**
 * A field the gateway answered from its cache because AppConfig failed (stale-if-error), as the
 * response's `extensions.stale` lists it.
 */
export interface StaleField {
  /** The field's path in the response, such as `deployment`; null when no field claimed the read. */
  readonly path: ReadonlyArray<string | number> | null;
  /** Which AppConfig read stood in, such as `deployment:["chk2svc","prod7ea",3]`. */
  readonly resource: string;
  /** How old the data was when the gateway answered. */
  readonly ageSeconds: number;
  /** Why AppConfig's answer is missing: UPSTREAM_ERROR, UPSTREAM_THROTTLED. */
  readonly reason: string;
}

/** The stale fields of a response's `extensions`; none when it has none, or none that reads as such. */
export function staleFieldsOf(extensions: Readonly<Record<string, unknown>> | undefined): StaleField[] {
  const listed = extensions?.['stale'];
  return Array.isArray(listed) ? listed.filter(isStaleField) : [];
}

function isStaleField(value: unknown): value is StaleField {
  if (typeof value !== 'object' || value === null) return false;
  const field = value as Record<string, unknown>;
  return (
    (field['path'] === null || Array.isArray(field['path'])) &&
    typeof field['resource'] === 'string' &&
    typeof field['ageSeconds'] === 'number' &&
    typeof field['reason'] === 'string'
  );
}

const keyOf = (operationName: string | undefined, variables: OperationVariables): string => `${operationName ?? ''}:${canonicalStringify(variables)}`;

/**
 * Which queries last came back with stale data. Apollo Client keeps a response's data but not its
 * extensions, so `link` (in front of the HTTP link) notes `extensions.stale` of each answer by its
 * operation and variables, and views ask for their own query's. A fresh answer clears the note.
 */
export class StaleAnswers {
  private readonly answers = new Map<string, readonly StaleField[]>();
  private readonly listeners = new Set<() => void>();

  readonly link = new ApolloLink((operation, forward) =>
    forward(operation).pipe(
      map((result) => {
        this.record(operation.operationName, operation.variables, staleFieldsOf(result.extensions));
        return result;
      }),
    ),
  );

  record(operationName: string | undefined, variables: OperationVariables, fields: readonly StaleField[]): void {
    const key = keyOf(operationName, variables);
    if (fields.length === 0 && !this.answers.has(key)) return;
    if (fields.length === 0) this.answers.delete(key);
    else this.answers.set(key, fields);
    for (const listener of this.listeners) listener();
  }

  /** The stale fields of the latest answer to this operation with these variables, if it had any. */
  get(operationName: string | undefined, variables: OperationVariables): readonly StaleField[] | undefined {
    return this.answers.get(keyOf(operationName, variables));
  }

  /** Calls `listener` whenever an answer is noted or cleared; returns how to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
