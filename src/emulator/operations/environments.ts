import { environmentState, isActive, progressOf } from '../deployments.js';
import { conflict } from '../errors.js';
import { scoped, type EnvironmentRecord } from '../state.js';
import { present, SERVICE_ENVIRONMENT_STATE } from '../wire.js';
import { checkDeletionProtection, keepTags, positioned } from './shared.js';
import type { OperationContext, OperationHandlers, OperationOutput } from './types.js';

type EnvironmentOperations = Pick<OperationHandlers, 'CreateEnvironment' | 'GetEnvironment' | 'ListEnvironments' | 'UpdateEnvironment' | 'DeleteEnvironment'>;

export function environmentOperations({ state, clock, paginator }: OperationContext): EnvironmentOperations {
  /** The stored environment with its State, which follows its latest deployment, in the service's form. */
  const view = ({ Monitors, ...record }: EnvironmentRecord): OperationOutput<'GetEnvironment'> => ({
    ...record,
    ...present('Monitors', Monitors),
    State: SERVICE_ENVIRONMENT_STATE[environmentState(state, record.ApplicationId, record.Id, clock.now())],
  });

  return {
    CreateEnvironment(input) {
      state.application(input.ApplicationId);
      const record: EnvironmentRecord = {
        ApplicationId: input.ApplicationId,
        Id: state.newId(),
        Name: input.Name,
        ...present('Description', input.Description),
        ...present('Monitors', input.Monitors),
      };
      state.addEnvironment(record, clock.now());
      keepTags(state, { kind: 'environment', applicationId: record.ApplicationId, environmentId: record.Id }, input.Tags);
      return view(record);
    },
    GetEnvironment: (input) => view(state.environment(input.ApplicationId, input.EnvironmentId)),
    ListEnvironments(input) {
      state.application(input.ApplicationId);
      const rows = state.environments.rows().filter((row) => row.value.ApplicationId === input.ApplicationId);
      return paginator.page('ListEnvironments', input, positioned(rows, view));
    },
    UpdateEnvironment(input) {
      const current = state.environment(input.ApplicationId, input.EnvironmentId);
      const record = {
        ...current,
        ...present('Name', input.Name),
        ...present('Description', input.Description),
        ...(input.Monitors ? { Monitors: input.Monitors } : {}),
      };
      state.addEnvironment(record);
      return view(record);
    },
    /** Refused while a deployment is in progress in it, and by deletion protection. */
    DeleteEnvironment(input) {
      const { ApplicationId, EnvironmentId } = input;
      state.environment(ApplicationId, EnvironmentId);
      const now = clock.now();
      const moving = state.deploymentsOf(ApplicationId, EnvironmentId).find((record) => isActive(record, now));
      if (moving) {
        throw conflict(
          `Environment ${EnvironmentId} currently has a state of ${environmentState(state, ApplicationId, EnvironmentId, now)}: deployment ${moving.identity.DeploymentNumber} is ${progressOf(moving, now).state}. It cannot be deleted until the deployment finishes.`,
        );
      }
      const key = scoped(ApplicationId, EnvironmentId);
      checkDeletionProtection(
        state,
        { key, createdAt: state.environments.row(key)?.createdAt ?? 0, description: `Environment ${EnvironmentId}` },
        input.DeletionProtectionCheck,
        now,
      );
      state.remove({ kind: 'environment', applicationId: ApplicationId, environmentId: EnvironmentId });
      return {};
    },
  };
}
