import type {
  CreateApplicationRequest,
  CreateConfigurationProfileRequest,
  CreateDeploymentStrategyRequest,
  CreateEnvironmentRequest,
  CreateHostedConfigurationVersionRequest,
  ListConfigurationProfilesRequest,
  ListHostedConfigurationVersionsRequest,
  StartDeploymentRequest,
} from '@aws-sdk/client-appconfig';
import type { Clock } from './clock.js';
import { deploymentSummary, deploymentView, environmentState, startDeployment, stopDeployment } from './deployments.js';
import { badRequest, conflict, notFound } from './errors.js';
import type { EmulatorState, EnvironmentRecord, HostedVersionRecord, ProfileRecord } from './state.js';

/** An operation's input after the protocol parsed and validated it, keyed by AWS member name. */
export type OperationInput = Record<string, unknown>;
export type OperationHandler = (input: OperationInput) => object;

/** AppConfig's default and largest page. */
const PAGE_SIZE = 50;

/**
 * The operations the emulator implements, by AWS operation name. Each takes the validated input and
 * answers the output shape's members; errors are EmulatorErrors. Operations in the model but not
 * here answer NotImplementedException.
 */
export function createOperations(state: EmulatorState, clock: Clock): Readonly<Record<string, OperationHandler>> {
  const ids = (input: OperationInput) => input as { ApplicationId: string; EnvironmentId: string; DeploymentNumber: number };
  const environmentView = (record: EnvironmentRecord) => ({ ...record, State: environmentState(state, record.ApplicationId, record.Id, clock.now()) });

  return {
    CreateApplication(input) {
      const request = input as unknown as CreateApplicationRequest;
      const record = { Id: state.newId(), Name: request.Name!, ...optional('Description', request.Description) };
      state.addApplication(record);
      return record;
    },
    GetApplication: (input) => state.application(ids(input).ApplicationId),
    ListApplications: (input) => paginate([...state.applications.values()], input),

    CreateEnvironment(input) {
      const request = input as unknown as CreateEnvironmentRequest & { ApplicationId: string };
      state.application(request.ApplicationId);
      const record: EnvironmentRecord = {
        ApplicationId: request.ApplicationId,
        Id: state.newId(),
        Name: request.Name!,
        ...optional('Description', request.Description),
        Monitors: request.Monitors ?? [],
      };
      state.addEnvironment(record);
      return environmentView(record);
    },
    GetEnvironment: (input) => environmentView(state.environment(ids(input).ApplicationId, ids(input).EnvironmentId)),
    ListEnvironments(input) {
      const { ApplicationId } = ids(input);
      state.application(ApplicationId);
      const environments = [...state.environments.values()].filter((record) => record.ApplicationId === ApplicationId);
      return paginate(environments.map(environmentView), input);
    },

    CreateDeploymentStrategy(input) {
      const request = input as unknown as CreateDeploymentStrategyRequest;
      const record = {
        Id: state.newId(),
        Name: request.Name!,
        ...optional('Description', request.Description),
        DeploymentDurationInMinutes: request.DeploymentDurationInMinutes!,
        GrowthType: request.GrowthType ?? 'LINEAR',
        GrowthFactor: request.GrowthFactor!,
        FinalBakeTimeInMinutes: request.FinalBakeTimeInMinutes ?? 0,
        ReplicateTo: request.ReplicateTo ?? 'NONE',
      };
      state.addStrategy(record);
      return record;
    },
    GetDeploymentStrategy: (input) => state.strategy(input['DeploymentStrategyId'] as string),
    ListDeploymentStrategies: (input) => paginate([...state.strategies.values()], input),

    CreateConfigurationProfile(input) {
      const request = input as unknown as CreateConfigurationProfileRequest & { ApplicationId: string };
      state.application(request.ApplicationId);
      const record: ProfileRecord = {
        ApplicationId: request.ApplicationId,
        Id: state.newId(),
        Name: request.Name!,
        LocationUri: request.LocationUri!,
        Type: request.Type ?? 'AWS.Freeform',
        Validators: request.Validators ?? [],
        ...optional('Description', request.Description),
        ...optional('RetrievalRoleArn', request.RetrievalRoleArn),
        ...optional('KmsKeyIdentifier', request.KmsKeyIdentifier),
      };
      state.addProfile(record);
      return record;
    },
    GetConfigurationProfile: (input) => state.profile(ids(input).ApplicationId, input['ConfigurationProfileId'] as string),
    ListConfigurationProfiles(input) {
      const request = input as unknown as ListConfigurationProfilesRequest & { ApplicationId: string };
      state.application(request.ApplicationId);
      const profiles = [...state.profiles.values()].filter(
        (profile) => profile.ApplicationId === request.ApplicationId && (request.Type === undefined || profile.Type === request.Type),
      );
      return paginate(
        profiles.map((profile) => ({
          ApplicationId: profile.ApplicationId,
          Id: profile.Id,
          Name: profile.Name,
          LocationUri: profile.LocationUri,
          ValidatorTypes: (profile.Validators ?? []).map((validator) => validator.Type),
          ...optional('Type', profile.Type),
        })),
        input,
      );
    },

    CreateHostedConfigurationVersion(input) {
      const request = input as unknown as CreateHostedConfigurationVersionRequest & { ApplicationId: string; ConfigurationProfileId: string; Content: Buffer };
      const profile = state.profile(request.ApplicationId, request.ConfigurationProfileId);
      if (profile.LocationUri !== 'hosted') throw badRequest(`Configuration profile ${profile.Id} is not stored in the hosted configuration store.`);
      const versions = state.versionsOf(request.ApplicationId, profile.Id);
      const latest = versions.at(-1)?.VersionNumber ?? 0;
      if (request.LatestVersionNumber !== undefined && request.LatestVersionNumber !== latest) {
        throw conflict(`LatestVersionNumber ${request.LatestVersionNumber} does not match the latest version number ${latest}.`);
      }
      const record: HostedVersionRecord = {
        ApplicationId: request.ApplicationId,
        ConfigurationProfileId: profile.Id,
        VersionNumber: latest + 1,
        Content: request.Content,
        ContentType: request.ContentType!,
        ...optional('Description', request.Description),
        ...optional('VersionLabel', request.VersionLabel),
        ...optional('KmsKeyArn', profile.KmsKeyArn),
      };
      state.addHostedVersion(record);
      return record;
    },
    GetHostedConfigurationVersion(input) {
      const version = state
        .versionsOf(ids(input).ApplicationId, input['ConfigurationProfileId'] as string)
        .find((candidate) => candidate.VersionNumber === input['VersionNumber']);
      if (!version) throw notFound('HostedConfigurationVersion', `Hosted configuration version ${String(input['VersionNumber'])} not found.`);
      return version;
    },
    ListHostedConfigurationVersions(input) {
      const request = input as unknown as ListHostedConfigurationVersionsRequest & { ApplicationId: string; ConfigurationProfileId: string };
      const label = request.VersionLabel;
      const matchesLabel = (version: HostedVersionRecord) =>
        label === undefined || (label.endsWith('*') ? (version.VersionLabel ?? '').startsWith(label.slice(0, -1)) : version.VersionLabel === label);
      const versions = state.versionsOf(request.ApplicationId, request.ConfigurationProfileId).filter(matchesLabel).reverse();
      return paginate(versions.map(({ Content: _content, ...summary }) => summary), input);
    },

    StartDeployment(input) {
      const record = startDeployment(state, input as unknown as StartDeploymentRequest & { ApplicationId: string; EnvironmentId: string }, clock.now());
      return deploymentView(record, clock.now());
    },
    StopDeployment(input) {
      const { ApplicationId, EnvironmentId, DeploymentNumber } = ids(input);
      const record = state.deployment(ApplicationId, EnvironmentId, DeploymentNumber);
      stopDeployment(record, input['AllowRevert'] === true, clock.now());
      return deploymentView(record, clock.now());
    },
    GetDeployment(input) {
      const { ApplicationId, EnvironmentId, DeploymentNumber } = ids(input);
      return deploymentView(state.deployment(ApplicationId, EnvironmentId, DeploymentNumber), clock.now());
    },
    ListDeployments(input) {
      const { ApplicationId, EnvironmentId } = ids(input);
      const newestFirst = [...state.deploymentsOf(ApplicationId, EnvironmentId)].reverse();
      return paginate(newestFirst.map((record) => deploymentSummary(record, clock.now())), input);
    },
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** AWS-style pagination: an opaque NextToken (the offset, encoded) and at most 50 items a page. */
function paginate<T>(items: readonly T[], input: OperationInput): { Items: T[]; NextToken?: string } {
  const maxResults = (input['MaxResults'] as number | undefined) ?? PAGE_SIZE;
  const token = input['NextToken'] as string | undefined;
  const offset = token === undefined ? 0 : decodeToken(token);
  const next = offset + maxResults;
  return { Items: items.slice(offset, next), ...(next < items.length ? { NextToken: encodeToken(next) } : {}) };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the BadRequest below
  }
  throw badRequest('The NextToken is not valid.');
}
