import type { HostedConfigurationVersionSummary } from '@aws-sdk/client-appconfig';
import { invalidConfiguration } from '../content-validation.js';
import { isActive } from '../deployments.js';
import { badRequest, conflict } from '../errors.js';
import { projectOnto } from '../model.js';
import type { HostedVersionRecord } from '../state.js';
import { present, type Wire } from '../wire.js';
import type { OperationContext, OperationHandlers } from './types.js';

type HostedVersionOperations = Pick<
  OperationHandlers,
  | 'CreateHostedConfigurationVersion'
  | 'GetHostedConfigurationVersion'
  | 'ListHostedConfigurationVersions'
  | 'DeleteHostedConfigurationVersion'
  | 'ValidateConfiguration'
>;

export function hostedVersionOperations({ model, state, clock, paginator, validation }: OperationContext): HostedVersionOperations {
  /** `version_label` matches exactly, or as a prefix when it ends with `*`. */
  const matchesLabel = (label: string | undefined) => (version: HostedVersionRecord) =>
    label === undefined || (label.endsWith('*') ? (version.VersionLabel ?? '').startsWith(label.slice(0, -1)) : version.VersionLabel === label);

  return {
    /** Content of an `AWS.AppConfig.FeatureFlags` profile must be in that type's format; validators run at deployment. */
    CreateHostedConfigurationVersion(input) {
      const profile = state.profile(input.ApplicationId, input.ConfigurationProfileId);
      if (profile.LocationUri !== 'hosted') throw badRequest(`Configuration profile ${profile.Id} is not stored in the hosted configuration store.`);
      const latest = state.versionsOf(input.ApplicationId, profile.Id).at(-1)?.VersionNumber ?? 0;
      if (input.LatestVersionNumber !== undefined && input.LatestVersionNumber !== latest) {
        throw conflict(`LatestVersionNumber ${input.LatestVersionNumber} does not match the latest version number ${latest}.`);
      }
      const problems = validation.typeProblems(profile.Type, input.Content);
      if (problems.length > 0) throw invalidConfiguration(problems);
      const record: HostedVersionRecord = {
        ApplicationId: input.ApplicationId,
        ConfigurationProfileId: profile.Id,
        VersionNumber: latest + 1,
        Content: input.Content,
        ContentType: input.ContentType,
        ...present('Description', input.Description),
        ...present('VersionLabel', input.VersionLabel),
        ...present('KmsKeyArn', profile.KmsKeyArn),
      };
      state.addHostedVersion(record);
      return record;
    },
    GetHostedConfigurationVersion: (input) => state.hostedVersion(input.ApplicationId, input.ConfigurationProfileId, input.VersionNumber),
    ListHostedConfigurationVersions(input) {
      const newestFirst = state
        .versionsOf(input.ApplicationId, input.ConfigurationProfileId)
        .filter(matchesLabel(input.VersionLabel))
        .map((version) => ({
          position: -version.VersionNumber,
          item: projectOnto<Wire<HostedConfigurationVersionSummary>>(model, 'HostedConfigurationVersionSummary', version),
        }))
        .reverse();
      return paginator.page('ListHostedConfigurationVersions', input, newestFirst);
    },
    /** Refused while a deployment of that version is in progress. */
    DeleteHostedConfigurationVersion(input) {
      const { ApplicationId, ConfigurationProfileId, VersionNumber } = input;
      const version = state.hostedVersion(ApplicationId, ConfigurationProfileId, VersionNumber);
      const now = clock.now();
      const moving = state
        .allDeployments()
        .find(
          (record) =>
            record.identity.ApplicationId === ApplicationId &&
            record.identity.ConfigurationProfileId === ConfigurationProfileId &&
            [String(VersionNumber), version.VersionLabel].includes(record.identity.ConfigurationVersion) &&
            isActive(record, now),
        );
      if (moving)
        throw badRequest(
          `Hosted configuration version ${VersionNumber} is being deployed (deployment ${moving.identity.DeploymentNumber} in environment ${moving.identity.EnvironmentId}) and cannot be deleted until it finishes.`,
        );
      state.removeHostedVersion(version);
      return {};
    },
    /** Runs the profile type's format check and its JSON Schema validators over a hosted version; other stores cannot be read here. */
    ValidateConfiguration(input) {
      const profile = state.profile(input.ApplicationId, input.ConfigurationProfileId);
      if (profile.LocationUri !== 'hosted') return {};
      const version = state
        .versionsOf(input.ApplicationId, profile.Id)
        .find((candidate) => String(candidate.VersionNumber) === input.ConfigurationVersion || candidate.VersionLabel === input.ConfigurationVersion);
      if (!version) throw badRequest(`Configuration version ${input.ConfigurationVersion} does not exist for configuration profile ${profile.Id}.`);
      const problems = [...validation.typeProblems(profile.Type, version.Content), ...validation.validatorProblems(profile.Validators, version.Content)];
      if (problems.length > 0) throw invalidConfiguration(problems);
      return {};
    },
  };
}
