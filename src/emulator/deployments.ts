import type { Deployment, DeploymentSummary, EnvironmentState, StartDeploymentRequest } from '@aws-sdk/client-appconfig';
import { badRequest, conflict } from './errors.js';
import {
  isInProgress,
  plannedProgress,
  type Progress,
  REVERT_WINDOW_MS,
  stoppedProgress,
} from './simulation.js';
import type { DeploymentRecord, EmulatorState } from './state.js';
import { iso, type Wire } from './wire.js';

/** Where a deployment stands at `now`. */
function progressOf(record: DeploymentRecord, now: number): Progress {
  const reachedAt = record.stop?.at ?? now;
  const reached = record.kind === 'recorded' ? record.progress : plannedProgress(record.plan, record.startedAt, reachedAt);
  return record.stop ? stoppedProgress(reached, record.stop, now) : reached;
}

/** The GetDeployment answer for a deployment at `now`: its identity plus its progress, newest event first. */
export function deploymentView(record: DeploymentRecord, now: number): Wire<Deployment> {
  const progress = progressOf(record, now);
  return {
    ...record.identity,
    State: progress.state,
    PercentageComplete: progress.percentageComplete,
    EventLog: [...progress.events].reverse().map((event) => ({
      EventType: event.type,
      TriggeredBy: event.triggeredBy,
      Description: event.description,
      OccurredAt: iso(event.at),
      ...(event.actionInvocations ? { ActionInvocations: [...event.actionInvocations] } : {}),
    })),
    ...(progress.completedAt === undefined ? {} : { CompletedAt: iso(progress.completedAt) }),
  };
}

const SUMMARY_MEMBERS = [
  'DeploymentNumber', 'ConfigurationProfileId', 'ConfigurationName', 'ConfigurationVersion', 'DeploymentDurationInMinutes', 'GrowthType',
  'GrowthFactor', 'FinalBakeTimeInMinutes', 'State', 'PercentageComplete', 'StartedAt', 'CompletedAt', 'VersionLabel',
] as const satisfies ReadonlyArray<keyof DeploymentSummary & keyof Deployment>;

/** The ListDeployments item for a deployment at `now`. */
export function deploymentSummary(record: DeploymentRecord, now: number): Record<string, unknown> {
  const view = deploymentView(record, now);
  const summary: Record<string, unknown> = { Type: 'USER' };
  for (const member of SUMMARY_MEMBERS) if (view[member] !== undefined) summary[member] = view[member];
  return summary;
}

/** An environment's State follows its latest deployment. */
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

/**
 * StartDeployment: one deployment in progress per environment, an optional optimistic-concurrency
 * guard (LatestDeploymentNumber), and for hosted profiles a version that exists (by number or label).
 */
export function startDeployment(state: EmulatorState, input: StartDeploymentRequest & { ApplicationId: string; EnvironmentId: string }, now: number): DeploymentRecord {
  const deployments = state.deploymentsOf(input.ApplicationId, input.EnvironmentId);
  const strategy = state.strategy(input.DeploymentStrategyId!);
  const profile = state.profile(input.ApplicationId, input.ConfigurationProfileId!);
  const latest = deployments.at(-1);

  if (latest && isInProgress(progressOf(latest, now).state)) {
    throw conflict(`Deployment ${latest.identity.DeploymentNumber} is in progress in environment ${input.EnvironmentId}; wait for it or stop it first.`);
  }
  const latestNumber = latest?.identity.DeploymentNumber ?? 0;
  if (input.LatestDeploymentNumber !== undefined && input.LatestDeploymentNumber !== latestNumber) {
    throw conflict(`LatestDeploymentNumber ${input.LatestDeploymentNumber} does not match the latest deployment number ${latestNumber}.`);
  }

  let versionLabel: string | undefined;
  if (profile.LocationUri === 'hosted') {
    const version = state
      .versionsOf(input.ApplicationId, profile.Id)
      .find((candidate) => String(candidate.VersionNumber) === input.ConfigurationVersion || candidate.VersionLabel === input.ConfigurationVersion);
    if (!version) throw badRequest(`Configuration version ${input.ConfigurationVersion} does not exist for configuration profile ${profile.Id}.`);
    versionLabel = version.VersionLabel;
  }

  const kmsKeyIdentifier = input.KmsKeyIdentifier ?? profile.KmsKeyIdentifier;
  const kmsKeyArn = kmsKeyIdentifier?.startsWith('arn:') ? kmsKeyIdentifier : profile.KmsKeyArn;
  const record: DeploymentRecord = {
    kind: 'simulated',
    identity: {
      ApplicationId: input.ApplicationId,
      EnvironmentId: input.EnvironmentId,
      DeploymentNumber: latestNumber + 1,
      DeploymentStrategyId: strategy.Id,
      ConfigurationProfileId: profile.Id,
      ConfigurationName: profile.Name,
      ConfigurationLocationUri: profile.LocationUri,
      ConfigurationVersion: input.ConfigurationVersion!,
      ...(input.Description === undefined ? {} : { Description: input.Description }),
      DeploymentDurationInMinutes: strategy.DeploymentDurationInMinutes,
      GrowthType: strategy.GrowthType,
      GrowthFactor: strategy.GrowthFactor,
      FinalBakeTimeInMinutes: strategy.FinalBakeTimeInMinutes,
      StartedAt: iso(now),
      AppliedExtensions: [],
      ...(kmsKeyIdentifier === undefined ? {} : { KmsKeyIdentifier: kmsKeyIdentifier }),
      ...(kmsKeyArn === undefined ? {} : { KmsKeyArn: kmsKeyArn }),
      ...(versionLabel === undefined ? {} : { VersionLabel: versionLabel }),
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
  return record;
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
      if (now - (progress.completedAt ?? progress.events.at(-1)?.at ?? 0) > REVERT_WINDOW_MS) throw badRequest(`Deployment ${number} completed more than 72 hours ago and can no longer be reverted.`);
      record.stop = { at: now, kind: 'revert' };
      return;
    case 'ROLLING_BACK':
    case 'ROLLED_BACK':
    case 'REVERTED':
      throw badRequest(`Deployment ${number} is ${progress.state} and cannot be stopped.`);
  }
}
