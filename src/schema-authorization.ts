import { type ConstDirectiveNode, type DocumentNode, Kind, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode, parseConstValue, visit } from 'graphql';

/** What the subgraph's SDL tells a router to enforce at the edge: Federation's `@authenticated` and `@requiresScopes`. */
export interface SchemaAuthorization {
  /** Scopes a caller must all hold (AUTH_REQUIRED_SCOPES); none when empty. */
  readonly requiredScopes: readonly string[];
}

/**
 * The SDL with Federation's authorization directives on every root field and every entity type of
 * this subgraph, so that Apollo Router refuses what this gateway would refuse, before planning: a
 * field of ours reached through another subgraph's entity is covered by its type. Only added when
 * the gateway itself requires tokens (AUTH_MODE=jwt): a router told to enforce `@authenticated`
 * while nothing authenticates would answer every such field null.
 */
export function withAuthorizationDirectives(typeDefs: DocumentNode, authorization: SchemaAuthorization): DocumentNode {
  const directives: ConstDirectiveNode[] = [directive('authenticated')];
  if (authorization.requiredScopes.length > 0) {
    // One inner list: a caller needs every scope in it (the outer list would offer alternatives).
    directives.push(directive('requiresScopes', { scopes: parseConstValue(JSON.stringify([authorization.requiredScopes])) }));
  }
  const guard = <T extends ObjectTypeDefinitionNode | ObjectTypeExtensionNode>(node: T): T => {
    if (node.name.value === 'Query')
      return { ...node, fields: node.fields?.map((field) => ({ ...field, directives: [...(field.directives ?? []), ...directives] })) };
    if (node.directives?.some((applied) => applied.name.value === 'key')) return { ...node, directives: [...node.directives, ...directives] };
    return node;
  };
  return visit(typeDefs, { ObjectTypeDefinition: guard, ObjectTypeExtension: guard });
}

function directive(name: string, args: Record<string, ReturnType<typeof parseConstValue>> = {}): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: name },
    arguments: Object.entries(args).map(([argument, value]) => ({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: argument }, value })),
  };
}
