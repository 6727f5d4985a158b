import type { Deployment as AwsDeployment, DeploymentSummary } from '@aws-sdk/client-appconfig';
import type { DeploymentResolvers } from '../generated/resolvers-types.js';
import type { DeploymentParent } from '../model/deployment.js';
import { loadApplication, loadConfigurationProfile, loadDeployment, loadDeploymentStrategy, loadEnvironment } from './entities.js';
import { read } from './read.js';
import { summaryOrDetailMembers } from './summary-or-detail.js';

const { listed, detailed, detailOf } = summaryOrDetailMembers<DeploymentParent, DeploymentSummary, AwsDeployment>((parent, context, info) =>
  read(context, info, 'deployment', parent.key),
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
  eventLog: async (parent, _args, context, info) => (await detailOf(parent, context, info)).EventLog ?? [],
  percentageComplete: listed('PercentageComplete'),
  startedAt: listed('StartedAt'),
  completedAt: listed('CompletedAt'),
  appliedExtensions: async (parent, _args, context, info) => (await detailOf(parent, context, info)).AppliedExtensions ?? [],
  kmsKeyArn: detailed('KmsKeyArn'),
  kmsKeyIdentifier: detailed('KmsKeyIdentifier'),
  versionLabel: listed('VersionLabel'),

  application: (parent, _args, context, info) => loadApplication(parent.key.applicationId, context, info),
  environment: (parent, _args, context, info) => loadEnvironment({ applicationId: parent.key.applicationId, id: parent.key.environmentId }, context, info),
  deploymentStrategy: async (parent, _args, context, info) => {
    const id = (await detailOf(parent, context, info)).DeploymentStrategyId;
    return id === undefined ? null : loadDeploymentStrategy(id, context, info);
  },
  configurationProfile: (parent, _args, context, info) => {
    const id = 'detail' in parent ? parent.detail.ConfigurationProfileId : parent.summary.ConfigurationProfileId;
    return id === undefined ? null : loadConfigurationProfile({ applicationId: parent.key.applicationId, id }, context, info);
  },
};
