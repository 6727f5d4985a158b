import type { Deployment as AwsDeployment, DeploymentSummary } from '@aws-sdk/client-appconfig';
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import { requiredMember } from '../errors.js';
import type { DeploymentResolvers } from '../generated/resolvers-types.js';
import type { DeploymentKey, DeploymentParent } from '../model/deployment.js';
import { type Connection, type ConnectionArgs, pageRequest } from '../pagination/connection.js';
import { requireId, requireIntInRange } from '../validation.js';
import { loadApplication } from './Application.js';
import { deploymentMaxAge, hintMaxAge } from './cache-hints.js';
import { loadConfigurationProfile } from './ConfigurationProfile.js';
import { loadDeploymentStrategy } from './DeploymentStrategy.js';
import { loadEnvironment } from './Environment.js';
import { listConnection } from './lists.js';
import { summaryOrDetailMembers } from './summary-or-detail.js';

/**
 * Validates a key (from arguments or an entity representation), loads the full deployment and hints
 * the field's cache max-age by how final the deployment is.
 */
export async function loadDeployment(key: DeploymentKey, context: GatewayContext, info: GraphQLResolveInfo): Promise<DeploymentParent> {
  const validKey: DeploymentKey = {
    applicationId: requireId('applicationId', key.applicationId),
    environmentId: requireId('environmentId', key.environmentId),
    deploymentNumber: requireIntInRange('deploymentNumber', key.deploymentNumber, 1, Number.MAX_SAFE_INTEGER),
  };
  const detail = await context.loaders.deployment.load(validKey);
  hintMaxAge(info, deploymentMaxAge(detail.State, context.httpMaxAge), context.loaders.validUntil(detail));
  return { key: validKey, detail };
}

interface EnvironmentKey {
  readonly applicationId: string;
  readonly environmentId: string;
}

/** A deployment as ListDeployments lists it. */
function listedDeployment(environment: EnvironmentKey, summary: DeploymentSummary): DeploymentParent {
  return { key: { ...environment, deploymentNumber: requiredMember(summary.DeploymentNumber, 'a ListDeployments item', 'DeploymentNumber') }, summary };
}

/**
 * An environment's deployments, newest first. A list grows whenever a deployment starts, so it is
 * never cached longer than an active deployment.
 */
export function loadDeploymentConnection(
  environment: EnvironmentKey,
  args: ConnectionArgs,
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<Connection<DeploymentParent>> {
  const key = { applicationId: requireId('applicationId', environment.applicationId), environmentId: requireId('environmentId', environment.environmentId) };
  return listConnection(
    (nextToken) => context.loaders.deploymentPage.load({ ...key, ...pageRequest(nextToken) }),
    args,
    (summary) => listedDeployment(key, summary),
    'ListDeployments',
    context,
    info,
  );
}

/** The newest deployment of an environment: one ListDeployments page of one. */
export async function loadLatestDeployment(environment: EnvironmentKey, context: GatewayContext, info: GraphQLResolveInfo): Promise<DeploymentParent | null> {
  const page = await context.loaders.deploymentPage.load({ ...environment, maxResults: 1 });
  const summary = page.items[0];
  // Which deployment is newest can change at any moment, however final this one is.
  hintMaxAge(info, context.httpMaxAge.active, context.loaders.validUntil(page));
  return summary ? listedDeployment(environment, summary) : null;
}

const { listed, detailed, detailOf } = summaryOrDetailMembers<DeploymentParent, DeploymentSummary, AwsDeployment>((parent, { loaders }) =>
  loaders.deployment.load(parent.key),
);

export const Deployment: DeploymentResolvers = {
  __resolveReference: (reference, context, info) => loadDeployment(reference, context, info),

  // The key fields echo the key the deployment was requested by, so federation can match references.
  applicationId: (parent) => parent.key.applicationId,
  environmentId: (parent) => parent.key.environmentId,
  deploymentNumber: (parent) => parent.key.deploymentNumber,

  deploymentStrategyId: detailed('DeploymentStrategyId'),
  configurationProfileId: listed('ConfigurationProfileId'),
  configurationName: listed('ConfigurationName'),
  configurationLocationUri: detailed('ConfigurationLocationUri'),
  configurationVersion: listed('ConfigurationVersion'),
  description: detailed('Description'),
  deploymentDurationInMinutes: listed('DeploymentDurationInMinutes'),
  growthType: listed('GrowthType'),
  growthFactor: listed('GrowthFactor'),
  finalBakeTimeInMinutes: listed('FinalBakeTimeInMinutes'),
  state: listed('State'),
  eventLog: async (parent, _args, context) => (await detailOf(parent, context)).EventLog ?? [],
  percentageComplete: listed('PercentageComplete'),
  startedAt: listed('StartedAt'),
  completedAt: listed('CompletedAt'),
  appliedExtensions: async (parent, _args, context) => (await detailOf(parent, context)).AppliedExtensions ?? [],
  kmsKeyArn: detailed('KmsKeyArn'),
  kmsKeyIdentifier: detailed('KmsKeyIdentifier'),
  versionLabel: listed('VersionLabel'),

  application: (parent, _args, context, info) => loadApplication(parent.key.applicationId, context, info),
  environment: (parent, _args, context, info) => loadEnvironment({ applicationId: parent.key.applicationId, id: parent.key.environmentId }, context, info),
  deploymentStrategy: async (parent, _args, context, info) => {
    const id = (await detailOf(parent, context)).DeploymentStrategyId;
    return id === undefined ? null : loadDeploymentStrategy(id, context, info);
  },
  configurationProfile: (parent, _args, context, info) => {
    const id = 'detail' in parent ? parent.detail.ConfigurationProfileId : parent.summary.ConfigurationProfileId;
    return id === undefined ? null : loadConfigurationProfile({ applicationId: parent.key.applicationId, id }, context, info);
  },
};
