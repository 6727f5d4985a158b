import type { Deployment, DeploymentSummary, EnvironmentState, StartDeploymentRequest } from '@aws-sdk/client-appconfig';
import { arnOf } from './arn.js';
import { type ContentValidation, invalidConfiguration } from './content-validation.js';
import { badRequest, conflict } from './errors.js';
import { projectOnto, type ServiceModel } from './model.js';
import { isInProgress, plannedProgress, type Progress, REVERT_WINDOW_MS, stoppedProgress } from './simulation.js';
import type { DeploymentIdentity, DeploymentRecord, EmulatorState } from './state.js';
import { iso, present, type Wire } from './wire.js';

/** Where a deployment stands at `now`. */
export function progressOf(record: DeploymentRecord, now: number): Progress {
  const reachedAt = record.stop?.at ?? now;
  const reached = record.kind === 'recorded' ? record.progress : plannedProgress(record.plan, record.startedAt, reachedAt);
  return record.stop ? stoppedProgress(reached, record.stop, now) : reached;
}

/** The GetDeployment answer for a deployment at `now`: its identity plus its progress, newest event first. */
export function deploymentView(record: DeploymentRecord, now: number): Wire<Deployment> {
  return viewOf(record.identity, progressOf(record, now));
}

/**
 * StartDeployment's answer, as the live service gives it (NOTES §9): DEPLOYING at 0.0% with only
 * the DEPLOYMENT_STARTED event, whatever the strategy; progress shows on later reads.
 */
export function startedView(record: DeploymentRecord): Wire<Deployment> {
  const started = progressOf(record, Date.parse(record.identity.StartedAt ?? '')).events.slice(0, 1);
  return viewOf(record.identity, { state: 'DEPLOYING', percentageComplete: STARTED_PERCENTAGE, events: started });
}

/** What the live service reports in StartDeployment's answer, below the model's Percentage minimum of 1. */
const STARTED_PERCENTAGE = 0;

function viewOf(identity: DeploymentIdentity, progress: Progress): Wire<Deployment> {
  const { AppliedExtensions, ...rest } = identity;
  return {
    ...rest,
    ...present('AppliedExtensions', AppliedExtensions),
    State: progress.state,
    PercentageComplete: progress.percentageComplete,
    EventLog: [...progress.events].reverse().map((event) => ({
      EventType: event.type,
      TriggeredBy: event.triggeredBy,
      Description: event.description,
      OccurredAt: iso(event.at),
      ...present('ActionInvocations', event.actionInvocations ? [...event.actionInvocations] : undefined),
    })),
    ...(progress.completedAt === undefined ? {} : { CompletedAt: iso(progress.completedAt) }),
  };
}

/** The ListDeployments item for a deployment at `now`: the view cut to the model's DeploymentSummary. */
export function deploymentSummary(model: ServiceModel, record: DeploymentRecord, now: number): Wire<DeploymentSummary> {
  return { ...projectOnto<Wire<DeploymentSummary>>(model, 'DeploymentSummary', deploymentView(record, now)), Type: 'USER' };
}

/** An environment's State (in the model's form) follows its latest deployment. */
export function environmentState(state: EmulatorState, applicationId: string, environmentId: string, now: number): EnvironmentState {
  const latest = state.deploymentsOf(applicationId, environmentId).at(-1);
  if (!latest) return 'READY_FOR_DEPLOYMENT';
  const deploymentState = progressOf(latest, now).state;
  switch (deploymentState) {
    case 'DEPLOYING':
    case 'BAKING':
    case 'VALIDATING':
      return 'DEPLOYING';
    case 'ROLLING_BACK':
    case 'ROLLED_BACK':
    case 'REVERTED':
      return deploymentState;
    case 'COMPLETE':
      return 'READY_FOR_DEPLOYMENT';
  }
}

/** Whether a deployment is still moving at `now` (deploying, baking, validating or rolling back). */
export function isActive(record: DeploymentRecord, now: number): boolean {
  return isInProgress(progressOf(record, now).state);
}

export type StartDeploymentInput = StartDeploymentRequest & {
  ApplicationId: string;
  EnvironmentId: string;
  DeploymentStrategyId: string;
  ConfigurationProfileId: string;
  ConfigurationVersion: string;
};

/**
 * StartDeployment: one deployment in progress per environment (refused in the service's words), an
 * optional optimistic-concurrency guard (LatestDeploymentNumber), for hosted profiles a version that
 * exists (by number or label) and passes the profile's validators, and the extensions associated
 * with the application, environment or profile applied.
 */
export function startDeployment(state: EmulatorState, validation: ContentValidation, input: StartDeploymentInput, now: number): DeploymentRecord {
  const deployments = state.deploymentsOf(input.ApplicationId, input.EnvironmentId);
  const strategy = state.strategy(input.DeploymentStrategyId);
  const profile = state.profile(input.ApplicationId, input.ConfigurationProfileId);
  const latest = deployments.at(-1);

  if (latest && isActive(latest, now)) {
    const environmentNow = environmentState(state, input.ApplicationId, input.EnvironmentId, now);
    throw conflict(
      `Environment ${input.EnvironmentId} currently has a state of ${environmentNow}. The current deployment must finish before a new deployment can be started.`,
    );
  }
  const latestNumber = latest?.identity.DeploymentNumber ?? 0;
  if (input.LatestDeploymentNumber !== undefined && input.LatestDeploymentNumber !== latestNumber) {
    throw conflict(
      `Deployment number ${input.LatestDeploymentNumber + 1} already exists` +
        (input.LatestDeploymentNumber < latestNumber ? '' : ` (the latest is ${latestNumber})`),
    );
  }

  let versionLabel: string | undefined;
  if (profile.LocationUri === 'hosted') {
    const version = state
      .versionsOf(input.ApplicationId, profile.Id)
      .find((candidate) => String(candidate.VersionNumber) === input.ConfigurationVersion || candidate.VersionLabel === input.ConfigurationVersion);
    if (!version) throw badRequest(`Configuration version ${input.ConfigurationVersion} does not exist for configuration profile ${profile.Id}.`);
    const problems = validation.validatorProblems(profile.Validators, version.Content);
    if (problems.length > 0) throw invalidConfiguration(problems);
    versionLabel = version.VersionLabel;
  }

  const kmsKeyIdentifier = input.KmsKeyIdentifier ?? profile.KmsKeyIdentifier;
  const kmsKeyArn = kmsKeyIdentifier?.startsWith('arn:') ? kmsKeyIdentifier : profile.KmsKeyArn;
  const deploymentNumber = latestNumber + 1;
  const record: DeploymentRecord = {
    kind: 'simulated',
    identity: {
      ApplicationId: input.ApplicationId,
      EnvironmentId: input.EnvironmentId,
      DeploymentNumber: deploymentNumber,
      DeploymentStrategyId: strategy.Id,
      ConfigurationProfileId: profile.Id,
      ConfigurationName: profile.Name,
      ConfigurationLocationUri: profile.LocationUri,
      ConfigurationVersion: input.ConfigurationVersion,
      ...present('Description', input.Description),
      DeploymentDurationInMinutes: strategy.DeploymentDurationInMinutes,
      GrowthType: strategy.GrowthType,
      GrowthFactor: strategy.GrowthFactor,
      FinalBakeTimeInMinutes: strategy.FinalBakeTimeInMinutes,
      StartedAt: iso(now),
      ...present('AppliedExtensions', appliedExtensions(state, input)),
      ...present('KmsKeyIdentifier', kmsKeyIdentifier),
      ...present('KmsKeyArn', kmsKeyArn),
      ...present('VersionLabel', versionLabel),
    },
    plan: {
      durationMinutes: strategy.DeploymentDurationInMinutes,
      growthType: strategy.GrowthType,
      growthFactor: strategy.GrowthFactor,
      finalBakeMinutes: strategy.FinalBakeTimeInMinutes,
    },
    startedAt: now,
  };
  state.addDeployment(record);
  if (input.Tags && Object.keys(input.Tags).length > 0) {
    state.tags.set(arnOf({ kind: 'deployment', applicationId: input.ApplicationId, environmentId: input.EnvironmentId, deploymentNumber }), { ...input.Tags });
  }
  return record;
}

/** The extensions associated with the deployment's application, environment or profile, as AppliedExtensions. */
function appliedExtensions(state: EmulatorState, input: StartDeploymentInput): DeploymentIdentity['AppliedExtensions'] {
  const targets = new Set([
    arnOf({ kind: 'application', applicationId: input.ApplicationId }),
    arnOf({ kind: 'environment', applicationId: input.ApplicationId, environmentId: input.EnvironmentId }),
    arnOf({ kind: 'configurationprofile', applicationId: input.ApplicationId, profileId: input.ConfigurationProfileId }),
  ]);
  return state.associations
    .values()
    .filter((association) => targets.has(association.ResourceArn))
    .map((association) => ({
      ExtensionId: state.extension(association.ExtensionArn).Id,
      ExtensionAssociationId: association.Id,
      VersionNumber: association.ExtensionVersionNumber,
      ...present('Parameters', association.Parameters && Object.keys(association.Parameters).length > 0 ? association.Parameters : undefined),
    }));
}

/**
 * StopDeployment: a running deployment rolls back; a COMPLETE one reverts only with AllowRevert and
 * within 72 hours of completing; anything else is a BadRequest, as AppConfig documents.
 */
export function stopDeployment(record: DeploymentRecord, allowRevert: boolean, now: number): void {
  const progress = progressOf(record, now);
  const number = record.identity.DeploymentNumber;
  switch (progress.state) {
    case 'DEPLOYING':
    case 'BAKING':
    case 'VALIDATING':
      record.stop = { at: now, kind: 'rollback' };
      return;
    case 'COMPLETE':
      if (!allowRevert) throw badRequest(`Deployment ${number} is complete; to revert it, call StopDeployment with AllowRevert.`);
      if (now - (progress.completedAt ?? progress.events.at(-1)?.at ?? 0) > REVERT_WINDOW_MS)
        throw badRequest(`Deployment ${number} completed more than 72 hours ago and can no longer be reverted.`);
      record.stop = { at: now, kind: 'revert' };
      return;
    case 'ROLLING_BACK':
    case 'ROLLED_BACK':
    case 'REVERTED':
      throw badRequest(`Deployment ${number} is ${progress.state} and cannot be stopped.`);
  }
}
