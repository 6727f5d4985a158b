import { badRequest } from '../errors.js';
import type { ApplicationRecord } from '../state.js';
import { present } from '../wire.js';
import { keepTags, positioned } from './shared.js';
import type { OperationContext, OperationHandlers } from './types.js';

type ApplicationOperations = Pick<OperationHandlers, 'CreateApplication' | 'GetApplication' | 'ListApplications' | 'UpdateApplication' | 'DeleteApplication'>;

export function applicationOperations({ state, clock, paginator }: OperationContext): ApplicationOperations {
  return {
    CreateApplication(input) {
      const record: ApplicationRecord = { Id: state.newId(), Name: input.Name, ...present('Description', input.Description) };
      state.addApplication(record, clock.now());
      keepTags(state, { kind: 'application', applicationId: record.Id }, input.Tags);
      return record;
    },
    GetApplication: (input) => state.application(input.ApplicationId),
    ListApplications: (input) => paginator.page('ListApplications', input, positioned(state.applications.rows())),
    UpdateApplication(input) {
      const record = { ...state.application(input.ApplicationId), ...present('Name', input.Name), ...present('Description', input.Description) };
      state.addApplication(record);
      return record;
    },
    /** Refused while environments or profiles remain, as AppConfig refuses a profile that still has versions. */
    DeleteApplication(input) {
      const id = input.ApplicationId;
      const remaining = [
        ...(state.environmentsOf(id).length > 0 ? ['environments'] : []),
        ...(state.profilesOf(id).length > 0 ? ['configuration profiles'] : []),
      ];
      if (remaining.length > 0) throw badRequest(`Cannot delete application ${id} because there are still ${remaining.join(' and ')} existing under it.`);
      state.remove({ kind: 'application', applicationId: id });
      return {};
    },
  };
}
