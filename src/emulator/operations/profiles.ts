import type { ConfigurationProfileSummary, Validator } from '@aws-sdk/client-appconfig';
import { isActive } from '../deployments.js';
import { badRequest, conflict } from '../errors.js';
import { projectOnto } from '../model.js';
import { scoped, type ProfileRecord } from '../state.js';
import { present, type Wire } from '../wire.js';
import { checkDeletionProtection, keepTags, positioned } from './shared.js';
import type { OperationContext, OperationHandlers } from './types.js';

type ProfileOperations = Pick<
  OperationHandlers,
  'CreateConfigurationProfile' | 'GetConfigurationProfile' | 'ListConfigurationProfiles' | 'UpdateConfigurationProfile' | 'DeleteConfigurationProfile'
>;

export function profileOperations({ model, state, clock, paginator, validation }: OperationContext): ProfileOperations {
  const checkedValidators = (validators: Validator[] | undefined) => {
    for (const validator of validators ?? []) {
      const defect = validation.validatorDefect(validator);
      if (defect) throw badRequest(defect);
    }
    return validators;
  };
  const summary = (profile: ProfileRecord): Wire<ConfigurationProfileSummary> => ({
    ...projectOnto<Wire<ConfigurationProfileSummary>>(model, 'ConfigurationProfileSummary', profile),
    ...present(
      'ValidatorTypes',
      profile.Validators?.flatMap((validator) => (validator.Type ? [validator.Type] : [])),
    ),
  });

  return {
    CreateConfigurationProfile(input) {
      state.application(input.ApplicationId);
      const record: ProfileRecord = {
        ApplicationId: input.ApplicationId,
        Id: state.newId(),
        Name: input.Name,
        LocationUri: input.LocationUri,
        Type: input.Type ?? 'AWS.Freeform',
        ...present('Validators', checkedValidators(input.Validators)),
        ...present('Description', input.Description),
        ...present('RetrievalRoleArn', input.RetrievalRoleArn),
        ...present('KmsKeyIdentifier', input.KmsKeyIdentifier),
        ...present('KmsKeyArn', input.KmsKeyIdentifier?.startsWith('arn:') ? input.KmsKeyIdentifier : undefined),
      };
      state.addProfile(record, clock.now());
      keepTags(state, { kind: 'configurationprofile', applicationId: record.ApplicationId, profileId: record.Id }, input.Tags);
      return record;
    },
    GetConfigurationProfile: (input) => state.profile(input.ApplicationId, input.ConfigurationProfileId),
    ListConfigurationProfiles(input) {
      state.application(input.ApplicationId);
      const rows = state.profiles
        .rows()
        .filter((row) => row.value.ApplicationId === input.ApplicationId && (input.Type === undefined || row.value.Type === input.Type));
      return paginator.page('ListConfigurationProfiles', input, positioned(rows, summary));
    },
    UpdateConfigurationProfile(input) {
      const {
        KmsKeyArn: _arn,
        KmsKeyIdentifier: _identifier,
        Validators: _validators,
        ...current
      } = state.profile(input.ApplicationId, input.ConfigurationProfileId);
      // An empty KmsKeyIdentifier removes the key (the model's KmsKeyIdentifierOrEmpty).
      const kmsKeyIdentifier = input.KmsKeyIdentifier === undefined ? _identifier : input.KmsKeyIdentifier || undefined;
      const record: ProfileRecord = {
        ...current,
        ...present('Name', input.Name),
        ...present('Description', input.Description),
        ...present('RetrievalRoleArn', input.RetrievalRoleArn),
        ...present('Validators', input.Validators === undefined ? _validators : checkedValidators(input.Validators)),
        ...present('KmsKeyIdentifier', kmsKeyIdentifier),
        ...present('KmsKeyArn', kmsKeyIdentifier === _identifier ? _arn : kmsKeyIdentifier?.startsWith('arn:') ? kmsKeyIdentifier : undefined),
      };
      state.addProfile(record);
      return record;
    },
    /** Refused while hosted versions remain (AppConfig's own wording), while a deployment of it is in progress, and by deletion protection. */
    DeleteConfigurationProfile(input) {
      const { ApplicationId, ConfigurationProfileId } = input;
      state.profile(ApplicationId, ConfigurationProfileId);
      if (state.versionsOf(ApplicationId, ConfigurationProfileId).length > 0) {
        throw badRequest(
          `Cannot delete configuration profile ${ConfigurationProfileId} because there are still hosted configuration versions existing under it.`,
        );
      }
      const now = clock.now();
      const moving = state
        .allDeployments()
        .find(
          (record) =>
            record.identity.ApplicationId === ApplicationId && record.identity.ConfigurationProfileId === ConfigurationProfileId && isActive(record, now),
        );
      if (moving) {
        throw conflict(
          `Configuration profile ${ConfigurationProfileId} is being deployed to environment ${moving.identity.EnvironmentId} (deployment ${moving.identity.DeploymentNumber}); it cannot be deleted until that deployment finishes.`,
        );
      }
      const key = scoped(ApplicationId, ConfigurationProfileId);
      checkDeletionProtection(
        state,
        { key, createdAt: state.profiles.row(key)?.createdAt ?? 0, description: `Configuration profile ${ConfigurationProfileId}` },
        input.DeletionProtectionCheck,
        now,
      );
      state.remove({ kind: 'configurationprofile', applicationId: ApplicationId, profileId: ConfigurationProfileId });
      return {};
    },
  };
}
