import { type FragmentDefinitionNode, GraphQLError, Kind, OperationTypeNode, type SelectionSetNode, type ValidationRule } from 'graphql';

/**
 * Refuses operations nested deeper than `maxDepth` fields, counted through fragments. The deepest
 * useful query of this schema (applications → environments → deployments → events → invocations)
 * is about 10 deep; introspection fields (`__schema`, `__type`) are not counted, so Sandbox works.
 * Nesting is bounded once more at parse time by the token limit, so this walk stays shallow.
 */
export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    /** The depth below `selectionSet`, walking no deeper than needed to pass `maxDepth`. */
    const depthBelow = (selectionSet: SelectionSetNode, depth: number, visiting: ReadonlySet<string>): number => {
      let deepest = depth;
      for (const selection of selectionSet.selections) {
        if (deepest > maxDepth) return deepest;
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__') || !selection.selectionSet) deepest = Math.max(deepest, depth + 1);
          else deepest = Math.max(deepest, depthBelow(selection.selectionSet, depth + 1, visiting));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthBelow(selection.selectionSet, depth, visiting));
        } else {
          const fragment = fragments.get(selection.name.value);
          // A cycle is reported by graphql-js's own NoFragmentCyclesRule.
          if (fragment && !visiting.has(fragment.name.value)) {
            deepest = Math.max(deepest, depthBelow(fragment.selectionSet, depth, new Set([...visiting, fragment.name.value])));
          }
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthBelow(operation.selectionSet, 0, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`This operation nests fields more than ${maxDepth} deep (GRAPHQL_MAX_DEPTH); flatten it or split it.`, {
              nodes: operation,
              extensions: { maxDepth },
            }),
          );
        }
      },
    };
  };
}

/**
 * Refuses operations whose type the schema has no root for (graphql-js 17 has this rule; 16 leaves
 * such an operation to fail at execution, which answers it as a server error).
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (!context.getSchema().getRootType(operation.operation)) {
      context.reportError(new GraphQLError(`This server does not support ${operation.operation} operations.`, { nodes: operation }));
    }
  },
});

/**
 * Refuses subscriptions sent as plain HTTP requests: they are served as streams, over WebSocket
 * (`graphql-ws`) or Server-Sent Events (`graphql-sse`), on the same path.
 */
export const subscriptionsOnlyAsStreamsRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (operation.operation === OperationTypeNode.SUBSCRIPTION) {
      context.reportError(
        new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) or Server-Sent Events (Accept: text/event-stream), not as a plain request.', {
          nodes: operation,
        }),
      );
    }
  },
});
