import { describe, expect, it } from 'vitest';
import { loadServiceModel, validateShape } from '../../src/emulator/model.js';

const model = loadServiceModel();

describe('validation against the AppConfig model', () => {
  it('accepts a well-formed deployment', () => {
    expect(
      validateShape(
        model,
        'Deployment',
        { ApplicationId: '339ohji', DeploymentNumber: 1, State: 'COMPLETE', GrowthFactor: 25, StartedAt: '2021-09-17T21:43:54.205Z', EventLog: [] },
        '',
      ),
    ).toEqual([]);
  });

  it.each([
    ['an unknown enum value', 'Deployment', { State: 'PAUSED' }, "Value 'PAUSED' at 'state' failed to satisfy constraint: Member must satisfy enum value set"],
    [
      'a float below its minimum',
      'Deployment',
      { GrowthFactor: 0 },
      "at 'growthFactor' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    ['an id off its pattern', 'Deployment', { ApplicationId: 'AB' }, 'Member must satisfy regular expression pattern'],
    ['an epoch timestamp', 'Deployment', { StartedAt: 1631915034 }, "at 'startedAt' failed to satisfy constraint: Member must be an ISO-8601 date-time"],
    ['a member the shape lacks', 'Deployment', { Type: 'USER' }, 'Member has no field named Type'],
    ['a nested problem', 'Deployment', { EventLog: [{ EventType: 'NOPE' }] }, "at 'eventLog.1.member.eventType'"],
    [
      'a missing required member',
      'StartDeploymentRequest',
      { ApplicationId: 'a', EnvironmentId: 'e' },
      "Value null at 'deploymentStrategyId' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a page size over 50',
      'ListApplicationsRequest',
      { MaxResults: 51 },
      "Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    ],
    [
      'a map over its size',
      'AppliedExtension',
      { Parameters: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`p${i}`, 'v'])) },
      'Member must have length less than or equal to 10',
    ],
  ])('reports %s', (_case, shape, value, message) => {
    const problems = validateShape(model, shape, value, '');
    expect(problems.join('\n')).toContain(message);
  });
});
