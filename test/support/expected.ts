import type { WireDeployment } from '../fixtures/deployments.js';

/** Every field of Deployment and its nested types, for queries that check the whole shape. */
export const DEPLOYMENT_SELECTION = `
  applicationId environmentId deploymentNumber deploymentStrategyId configurationProfileId configurationName
  configurationLocationUri configurationVersion description deploymentDurationInMinutes growthType growthFactor
  finalBakeTimeInMinutes state percentageComplete startedAt completedAt kmsKeyArn kmsKeyIdentifier versionLabel
  eventLog { eventType triggeredBy description occurredAt
    actionInvocations { extensionIdentifier actionName uri roleArn errorMessage errorCode invocationId } }
  appliedExtensions { extensionId extensionAssociationId versionNumber parameters { name value } }
`;

const orNull = <T>(value: T | undefined): T | null => value ?? null;
const utc = (value: string | undefined) => (value === undefined ? null : new Date(value).toISOString());

/**
 * What the gateway must answer for a deployment AppConfig sent as `wire`: the spec of the mapping.
 * Timestamps are compared as instants, so either form AWS writes them in maps to the same answer.
 */
export function expectedDeployment(wire: WireDeployment) {
  return {
    applicationId: wire.ApplicationId,
    environmentId: wire.EnvironmentId,
    deploymentNumber: wire.DeploymentNumber,
    deploymentStrategyId: orNull(wire.DeploymentStrategyId),
    configurationProfileId: orNull(wire.ConfigurationProfileId),
    configurationName: orNull(wire.ConfigurationName),
    configurationLocationUri: orNull(wire.ConfigurationLocationUri),
    configurationVersion: orNull(wire.ConfigurationVersion),
    description: orNull(wire.Description),
    deploymentDurationInMinutes: orNull(wire.DeploymentDurationInMinutes),
    growthType: orNull(wire.GrowthType),
    growthFactor: orNull(wire.GrowthFactor),
    finalBakeTimeInMinutes: orNull(wire.FinalBakeTimeInMinutes),
    state: orNull(wire.State),
    percentageComplete: orNull(wire.PercentageComplete),
    startedAt: utc(wire.StartedAt),
    completedAt: utc(wire.CompletedAt),
    kmsKeyArn: orNull(wire.KmsKeyArn),
    kmsKeyIdentifier: orNull(wire.KmsKeyIdentifier),
    versionLabel: orNull(wire.VersionLabel),
    eventLog: (wire.EventLog ?? []).map((event) => ({
      eventType: orNull(event.EventType),
      triggeredBy: orNull(event.TriggeredBy),
      description: orNull(event.Description),
      occurredAt: utc(event.OccurredAt),
      actionInvocations: (event.ActionInvocations ?? []).map((invocation) => ({
        extensionIdentifier: orNull(invocation.ExtensionIdentifier),
        actionName: orNull(invocation.ActionName),
        uri: orNull(invocation.Uri),
        roleArn: orNull(invocation.RoleArn),
        errorMessage: orNull(invocation.ErrorMessage),
        errorCode: orNull(invocation.ErrorCode),
        invocationId: orNull(invocation.InvocationId),
      })),
    })),
    appliedExtensions: (wire.AppliedExtensions ?? []).map((extension) => ({
      extensionId: orNull(extension.ExtensionId),
      extensionAssociationId: orNull(extension.ExtensionAssociationId),
      versionNumber: orNull(extension.VersionNumber),
      parameters: Object.entries(extension.Parameters ?? {})
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, value]) => ({ name, value })),
    })),
  };
}
