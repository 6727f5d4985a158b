import { APP, ENV } from './seed.js';

/** Every field of Deployment and its nested types: what the one-deployment scenario, and the floors' static answers, hold. */
export const EVERY_DEPLOYMENT_FIELD = `
  applicationId environmentId deploymentNumber deploymentStrategyId configurationProfileId configurationName
  configurationLocationUri configurationVersion description deploymentDurationInMinutes growthType growthFactor
  finalBakeTimeInMinutes state percentageComplete startedAt completedAt kmsKeyArn kmsKeyIdentifier versionLabel
  eventLog { eventType triggeredBy description occurredAt
    actionInvocations { extensionIdentifier actionName uri roleArn errorMessage errorCode invocationId } }
  appliedExtensions { extensionId extensionAssociationId versionNumber parameters { name value } }
`;

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  /** Distinct AppConfig resources the query needs: the least upstream calls it can cost. */
  readonly distinctCalls: number;
  /** Of those, list pages that must come before the rest can start. */
  readonly sequentialCalls: number;
}

/**
 * The least time the upstream calls of a scenario can take: sequential calls one after another, then
 * the rest in waves of `maxConcurrency`.
 */
export function upstreamLatencyFloor(scenario: Scenario, maxConcurrency: number, latencyMs: number): number {
  const concurrent = scenario.distinctCalls - scenario.sequentialCalls;
  return (scenario.sequentialCalls + Math.ceil(concurrent / maxConcurrency)) * latencyMs;
}

const byNumber = (n: number, alias: string) =>
  `${alias}: deployment(applicationId: "${APP}", environmentId: "${ENV}", deploymentNumber: ${n}) { ${EVERY_DEPLOYMENT_FIELD} }`;

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'one-deployment',
    description: 'one deployment, every field',
    query: `{ ${byNumber(4, 'deployment')} }`,
    distinctCalls: 1,
    sequentialCalls: 0,
  },
  {
    name: 'aliases-20-of-15',
    description: '20 aliased deployments, 15 distinct',
    query: `{ ${Array.from({ length: 20 }, (_, i) => byNumber((i % 15) + 1, `d${i}`)).join(' ')} }`,
    distinctCalls: 15,
    sequentialCalls: 0,
  },
  {
    name: 'list-50-with-eventLog',
    description: 'deployments(first: 50) selecting eventLog (the N+1 shape)',
    query: `{ deployments(applicationId: "${APP}", environmentId: "${ENV}", first: 50) { edges { node { deploymentNumber state eventLog { eventType description occurredAt } } } } }`,
    // One ListDeployments page, then one GetDeployment per listed deployment.
    distinctCalls: 51,
    sequentialCalls: 1,
  },
  {
    name: 'entities-100-of-50',
    description: '_entities with 100 representations, 50 distinct',
    query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Deployment { deploymentNumber state percentageComplete eventLog { eventType } } } }',
    variables: {
      r: Array.from({ length: 100 }, (_, i) => ({ __typename: 'Deployment', applicationId: APP, environmentId: ENV, deploymentNumber: (i % 50) + 1 })),
    },
    distinctCalls: 50,
    sequentialCalls: 0,
  },
];
