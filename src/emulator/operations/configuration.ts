import { progressOf } from '../deployments.js';
import { notFound } from '../errors.js';
import { scoped } from '../state.js';
import type { OperationContext, OperationHandlers } from './types.js';

type ConfigurationOperations = Pick<OperationHandlers, 'GetConfiguration'>;

/** States whose configuration clients keep: a rolled-back or reverted deployment hands back its predecessor's. */
const SERVED = new Set(['DEPLOYING', 'BAKING', 'VALIDATING', 'COMPLETE']);

/**
 * The deprecated GetConfiguration: the configuration last deployed to an environment from a profile
 * (each named by id or name). A client that already has that version gets no content. It marks the
 * environment and profile active for deletion protection, as AppConfig does.
 */
export function configurationOperations({ state, clock }: OperationContext): ConfigurationOperations {
  return {
    GetConfiguration(input) {
      const application = state.applications.values().find((candidate) => candidate.Id === input.Application || candidate.Name === input.Application);
      if (!application) throw notFound('Application', `Application ${input.Application} not found`);
      const byIdOrName = <T extends { Id: string; Name: string }>(candidates: T[], wanted: string, resourceName: string) => {
        const match = candidates.find((candidate) => candidate.Id === wanted || candidate.Name === wanted);
        if (!match) throw notFound(resourceName, `${resourceName} ${wanted} not found in application ${application.Id}`);
        return match;
      };
      const environment = byIdOrName(state.environmentsOf(application.Id), input.Environment, 'Environment');
      const profile = byIdOrName(state.profilesOf(application.Id), input.Configuration, 'ConfigurationProfile');
      const now = clock.now();
      const deployed = [...state.deploymentsOf(application.Id, environment.Id)]
        .reverse()
        .find((record) => record.identity.ConfigurationProfileId === profile.Id && SERVED.has(progressOf(record, now).state));
      if (!deployed) throw notFound('Configuration', `Nothing from configuration profile ${profile.Id} is deployed to environment ${environment.Id}`);
      state.lastRead.set(scoped(application.Id, environment.Id), now);
      state.lastRead.set(scoped(application.Id, profile.Id), now);

      const version = deployed.identity.ConfigurationVersion ?? '';
      const hosted = state
        .versionsOf(application.Id, profile.Id)
        .find((candidate) => String(candidate.VersionNumber) === version || candidate.VersionLabel === version);
      if (input.ClientConfigurationVersion === version || !hosted)
        return { ConfigurationVersion: version, ContentType: hosted?.ContentType ?? 'application/octet-stream' };
      return { ConfigurationVersion: version, ContentType: hosted.ContentType, Content: hosted.Content };
    },
  };
}
