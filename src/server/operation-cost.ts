import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  type GraphQLField,
  type GraphQLSchema,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  valueFromAST,
} from 'graphql';

/**
 * What an operation would cost before it runs. `calls`: the AppConfig calls it could make, counting
 * each alias, each list page and each distinct `_entities` representation, and a `first: n` list as
 * n items; links that the gateway's loaders share (every deployment of one environment has the same
 * application) count once per distinct parent. A list without `first` counts as one item: its length
 * is unknown until it is read, and the budget enforced while executing bounds what it really costs.
 * `objects`: how many objects the answer could hold, assuming ASSUMED_LIST_LENGTH items in such lists.
 */
export interface OperationCost {
  readonly calls: number;
  readonly objects: number;
}

/** What a list without a `first` argument (an event log, an application's environments) is assumed to hold, for `objects`. */
export const ASSUMED_LIST_LENGTH = 10;
/** AppConfig's page size, which every list call asks for. */
const PAGE_SIZE = 50;
/**
 * Distinct deployment strategies one account can have: AppConfig's quota of 20 (raised only on
 * request) and the 4 predefined ones. The deployments of a list share them, and so do their loads.
 */
const MAX_DISTINCT_STRATEGIES = 24;

/**
 * Leaves that weigh far more than an object in the answer, as objects: the subgraph's SDL (`_service
 * { sdl }`, about 28 KB with its descriptions), so that aliasing it cannot turn a small request into a
 * large answer (420 copies in an 8 KB request answered 13.6 MB). A router asks for it once.
 */
const HEAVY_LEAVES: Readonly<Partial<Record<string, number>>> = { '_Service.sdl': 1000 };

type ResourceKind = 'Application' | 'Environment' | 'Deployment' | 'DeploymentStrategy' | 'ConfigurationProfile';

/** Where a selection set stands. */
interface Scope {
  /** How many times it appears in the answer (for `objects`). */
  readonly copies: number;
  /** How many parent objects it has, counting unknown-length lists as one (for `calls`). */
  readonly instances: number;
  /** How many distinct resources of each kind the parents are about. */
  readonly distinct: Readonly<Partial<Record<ResourceKind, number>>>;
  /** Kinds whose resources in scope the request's loaders already hold: links to them cost nothing. */
  readonly loaded: ReadonlySet<ResourceKind>;
  /** The parents are list summaries: their detail-only fields cost one Get each. */
  readonly summaries: boolean;
  /** For a connection: how many edges it has per parent. */
  readonly edges?: number;
  /** For `_entities`: the scope of each type's representations. */
  readonly entities?: ReadonlyMap<string, Scope>;
}

interface FieldCost {
  readonly calls: number;
  readonly child: Scope;
}

type Args = Readonly<Record<string, unknown>>;
type Rule = (args: Args, scope: Scope) => FieldCost;

const count = (scope: Scope, kind: ResourceKind) => scope.distinct[kind] ?? scope.instances;
const first = (args: Args) => (typeof args['first'] === 'number' ? Math.max(0, args['first']) : 1);
/** Pages one connection reads per parent: a cursor may start mid-page, so `after` can cost one more. */
const pages = (args: Args) => Math.max(1, Math.ceil(first(args) / PAGE_SIZE) + (typeof args['after'] === 'string' ? 1 : 0));
const withKind = (loaded: ReadonlySet<ResourceKind>, kind: ResourceKind) => new Set([...loaded, kind]);
const NOTHING_LOADED: ReadonlySet<ResourceKind> = new Set();

/** A root field answered by one Get. */
function rootGet(kind: ResourceKind, distinct: Scope['distinct']): Rule {
  return () => ({ calls: 1, child: { copies: 1, instances: 1, distinct, loaded: new Set([kind]), summaries: false } });
}

/** A root connection of `first` items from list pages; `loaded` when its items are whole resources (they prime the loaders). */
function rootConnection(kind: ResourceKind, distinct: (n: number) => Scope['distinct'], itemsLoaded: boolean): Rule {
  return (args) => ({
    calls: pages(args),
    child: {
      copies: 1,
      instances: 1,
      distinct: distinct(first(args)),
      loaded: itemsLoaded ? new Set([kind]) : NOTHING_LOADED,
      summaries: !itemsLoaded,
      edges: first(args),
    },
  });
}

/** A link to the `n` distinct resources of `kind` the parents point at: one Get each, unless already loaded. */
function link(scope: Scope, kind: ResourceKind, n: number): FieldCost {
  return {
    calls: scope.loaded.has(kind) ? 0 : n,
    child: {
      copies: scope.copies,
      instances: scope.instances,
      distinct: { ...scope.distinct, [kind]: n },
      loaded: withKind(scope.loaded, kind),
      summaries: false,
    },
  };
}

/**
 * The AppConfig calls of each field that makes any, and the scope of its value; the gateway's loaders
 * de-duplicate by key, which is why links count distinct parents.
 */
const RULES: Readonly<Record<string, Rule>> = {
  'Query.deployment': rootGet('Deployment', { Application: 1, Environment: 1, Deployment: 1 }),
  'Query.deployments': rootConnection('Deployment', (n) => ({ Application: 1, Environment: 1, Deployment: n }), false),
  'Query.application': rootGet('Application', { Application: 1 }),
  'Query.applications': rootConnection('Application', (n) => ({ Application: n }), true),
  'Query.environment': rootGet('Environment', { Application: 1, Environment: 1 }),
  'Query.deploymentStrategy': rootGet('DeploymentStrategy', { DeploymentStrategy: 1 }),
  'Query.deploymentStrategies': rootConnection('DeploymentStrategy', (n) => ({ DeploymentStrategy: n }), true),
  'Query.configurationProfile': rootGet('ConfigurationProfile', { Application: 1, ConfigurationProfile: 1 }),
  'Query._entities': (args) => entities(args),

  // Whole environments: they prime the loaders. Profile lists hold summaries.
  'Application.environments': (_args, scope) => ({
    calls: count(scope, 'Application'),
    child: {
      ...scope,
      copies: scope.copies * ASSUMED_LIST_LENGTH,
      distinct: { ...scope.distinct, Environment: count(scope, 'Application') },
      loaded: withKind(scope.loaded, 'Environment'),
      summaries: false,
    },
  }),
  'Application.configurationProfiles': (_args, scope) => ({
    calls: count(scope, 'Application'),
    child: {
      ...scope,
      copies: scope.copies * ASSUMED_LIST_LENGTH,
      distinct: { ...scope.distinct, ConfigurationProfile: count(scope, 'Application') },
      summaries: true,
    },
  }),
  'Environment.application': (_args, scope) => link(scope, 'Application', count(scope, 'Application')),
  'Environment.deployments': (args, scope) => ({
    calls: count(scope, 'Environment') * pages(args),
    child: { ...scope, distinct: { ...scope.distinct, Deployment: count(scope, 'Environment') * first(args) }, summaries: true, edges: first(args) },
  }),
  'Environment.latestDeployment': (_args, scope) => ({
    calls: count(scope, 'Environment'),
    child: { ...scope, distinct: { ...scope.distinct, Deployment: count(scope, 'Environment') }, summaries: true },
  }),
  'Deployment.application': (_args, scope) => link(scope, 'Application', count(scope, 'Application')),
  'Deployment.environment': (_args, scope) => link(scope, 'Environment', count(scope, 'Environment')),
  'Deployment.deploymentStrategy': (_args, scope) => link(scope, 'DeploymentStrategy', Math.min(count(scope, 'Deployment'), MAX_DISTINCT_STRATEGIES)),
  'Deployment.configurationProfile': (_args, scope) => link(scope, 'ConfigurationProfile', count(scope, 'Deployment')),
  'ConfigurationProfile.application': (_args, scope) => link(scope, 'Application', count(scope, 'Application')),
  'Application.tags': (_args, scope) => tagsOf(scope, count(scope, 'Application')),
  'Environment.tags': (_args, scope) => tagsOf(scope, count(scope, 'Environment')),
  'ConfigurationProfile.tags': (_args, scope) => tagsOf(scope, count(scope, 'ConfigurationProfile')),
  // A deployment's applied extensions are few, and share their extensions: one Get per deployment at most.
  'AppliedExtension.extension': (_args, scope) => ({ calls: count(scope, 'Deployment'), child: { ...scope, summaries: false } }),
  'ConfigurationProfile.hostedConfigurationVersions': (args, scope) => ({
    calls: count(scope, 'ConfigurationProfile') * pages(args),
    child: { ...scope, summaries: false, edges: first(args) },
  }),
};

/** The tags of `n` distinct resources: one ListTagsForResource each. */
function tagsOf(scope: Scope, n: number): FieldCost {
  return { calls: n, child: { ...scope, copies: scope.copies * ASSUMED_LIST_LENGTH, summaries: false } };
}

/** Fields only a Get answers: selecting any of them on list summaries costs one Get per item. */
const DETAIL_ONLY_FIELDS: Readonly<Partial<Record<string, ReadonlySet<string>>>> = {
  Deployment: new Set([
    'eventLog',
    'appliedExtensions',
    'deploymentStrategyId',
    'configurationLocationUri',
    'description',
    'kmsKeyArn',
    'kmsKeyIdentifier',
    'deploymentStrategy',
  ]),
  ConfigurationProfile: new Set(['description', 'retrievalRoleArn', 'kmsKeyArn', 'kmsKeyIdentifier']),
};

/**
 * One Get per distinct representation; each type's fragment sees its own representations: as many
 * instances (for calls) as distinct keys, as many copies (for objects) as representations, since the
 * answer repeats an entity once per copy.
 */
function entities(args: Args): FieldCost {
  const representations = Array.isArray(args['representations']) ? (args['representations'] as unknown[]) : [];
  const keys = new Map<string, { copies: number; entities: Set<string>; applications: Set<string>; environments: Set<string> }>();
  for (const representation of representations) {
    if (typeof representation !== 'object' || representation === null) continue;
    const { __typename: typename, ...key } = representation as Record<string, unknown>;
    const type = typeof typename === 'string' ? typename : '';
    let seen = keys.get(type);
    if (!seen) keys.set(type, (seen = { copies: 0, entities: new Set(), applications: new Set(), environments: new Set() }));
    seen.copies += 1;
    seen.entities.add(JSON.stringify(key, Object.keys(key).sort()));
    if ('applicationId' in key) seen.applications.add(JSON.stringify(key['applicationId']));
    if ('environmentId' in key) seen.environments.add(JSON.stringify([key['applicationId'], key['environmentId']]));
  }
  const byType = new Map<string, Scope>();
  let calls = 0;
  for (const [type, seen] of keys) {
    const n = seen.entities.size;
    calls += n;
    const distinct: Partial<Record<ResourceKind, number>> = { [type]: n };
    if (seen.applications.size > 0) distinct.Application = seen.applications.size;
    if (seen.environments.size > 0) distinct.Environment = seen.environments.size;
    byType.set(type, { copies: seen.copies, instances: n, distinct, loaded: new Set([type as ResourceKind]), summaries: false });
  }
  return {
    calls,
    child: { copies: representations.length, instances: representations.length, distinct: {}, loaded: NOTHING_LOADED, summaries: false, entities: byType },
  };
}

/**
 * Estimates the cost of operation `operationName` of `document` with `variables`. Answers undefined
 * when the variables do not fit the operation: execution then reports why, with a 400.
 */
export function estimateOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Readonly<Record<string, unknown>> | undefined,
): OperationCost | undefined {
  const operation = getOperationAST(document, operationName);
  const rootType = operation ? schema.getRootType(operation.operation) : undefined;
  if (!operation || !rootType) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return undefined;

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const total = { calls: 0, objects: 0 };

  const argumentsOf = (field: GraphQLField<unknown, unknown>, node: FieldNode): Args => {
    const values: Record<string, unknown> = {};
    for (const argument of field.args) {
      const given = node.arguments?.find((candidate) => candidate.name.value === argument.name);
      const value = given ? valueFromAST(given.value, argument.type, coerced.coerced) : argument.defaultValue;
      if (value !== undefined) values[argument.name] = value;
    }
    return values;
  };

  const childScope = (typeName: string, field: GraphQLField<unknown, unknown>, node: FieldNode, scope: Scope): Scope => {
    const rule = RULES[`${typeName}.${field.name}`];
    if (rule) {
      const cost = rule(argumentsOf(field, node), scope);
      total.calls += cost.calls;
      return cost.child;
    }
    const parentOnly = { ...scope, edges: undefined, entities: undefined };
    if (field.name === 'edges' && scope.edges !== undefined)
      return { ...parentOnly, copies: scope.copies * scope.edges, instances: scope.instances * scope.edges };
    // Members of the parent (a node, an event log, page info) cost no call.
    const members = field.name === 'node' ? parentOnly : { ...parentOnly, summaries: false };
    return isListType(getNullableType(field.type)) ? { ...members, copies: scope.copies * ASSUMED_LIST_LENGTH } : members;
  };

  /** Walks one selection set of `typeName` objects; `detail` remembers whether their Gets were counted already. */
  const walk = (typeName: string, selectionSet: SelectionSetNode, scope: Scope, detail: { counted: boolean }, fragmentsOnPath: ReadonlySet<string>): void => {
    const type = schema.getType(typeName);
    for (const selection of selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        // Cycles are reported by graphql-js's NoFragmentCyclesRule; here they only end the walk.
        if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && fragmentsOnPath.has(selection.name.value))) continue;
        const onPath = selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...fragmentsOnPath, selection.name.value]) : fragmentsOnPath;
        const condition = fragment.typeCondition?.name.value ?? typeName;
        if (!scope.entities) walk(condition, fragment.selectionSet, scope, detail, onPath);
        else {
          const typeScope = scope.entities.get(condition);
          if (typeScope) walk(condition, fragment.selectionSet, typeScope, { counted: false }, onPath);
        }
        continue;
      }
      const field = isObjectType(type) ? type.getFields()[selection.name.value] : undefined;
      if (!field) continue;
      if (scope.summaries && !detail.counted && DETAIL_ONLY_FIELDS[typeName]?.has(field.name)) {
        detail.counted = true;
        total.calls += count(scope, typeName as ResourceKind);
      }
      const namedType = getNamedType(field.type);
      if (isLeafType(namedType) || !selection.selectionSet) {
        total.objects += scope.copies * (HEAVY_LEAVES[`${typeName}.${field.name}`] ?? 0);
        continue;
      }
      const child = childScope(typeName, field, selection, scope);
      total.objects += child.copies;
      walk(namedType.name, selection.selectionSet, child, { counted: false }, fragmentsOnPath);
    }
  };

  walk(
    rootType.name,
    operation.selectionSet,
    { copies: 1, instances: 1, distinct: {}, loaded: NOTHING_LOADED, summaries: false },
    { counted: false },
    new Set(),
  );
  return total;
}
