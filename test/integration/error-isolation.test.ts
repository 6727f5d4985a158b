import { describe, expect, it } from 'vitest';
import type { FaultRuleInput } from '../../src/emulator/faults/rules.js';
import type { TestGateway } from '../support/gateway.js';
import { useEmulatorWithGatewaysPerTest } from '../support/harness.js';

/**
 * Every list field is nullable (the Relay convention) so that one list AppConfig cannot give us nulls
 * that list alone, with a coded error pointing at it, and never its parent or its siblings. Over the
 * sample data; each case makes exactly one AppConfig operation fail (a 500, not retried) and checks
 * the query's other fields still answer.
 */
const t = useEmulatorWithGatewaysPerTest();

/** The AppConfig operation fails, for every request or only those naming one of `ids`. */
const failing = (operation: string, ids?: string[]): FaultRuleInput => ({
  fault: { kind: 'error', status: 500 },
  operations: [operation],
  ...(ids ? { ids } : {}),
});

const edges = (selection: string) => `edges { node { ${selection} } }`;
const PROD_DEPLOYMENTS = (selection: string) => `deployments(applicationId: "chk2svc", environmentId: "prod7ea", first: 5) { ${edges(selection)} }`;

/** A value at a path of the answer's data. */
function at(data: unknown, path: ReadonlyArray<string | number>): unknown {
  return path.reduce<unknown>(
    (value, key) => (value === null || typeof value !== 'object' ? undefined : (value as Record<string | number, unknown>)[key]),
    data,
  );
}

async function gateway(): Promise<TestGateway> {
  return t.gatewayWith({ maxAttempts: 1 });
}

interface FailingList {
  /** The list field, as the schema names it. */
  readonly field: string;
  readonly query: string;
  readonly fault: FaultRuleInput;
  /** Where the null (and the error's path) must be. */
  readonly path: ReadonlyArray<string | number>;
  /** Siblings that must still answer, with what they answer. */
  readonly siblings: ReadonlyArray<readonly [path: ReadonlyArray<string | number>, value: unknown]>;
}

const FAILING_LISTS: readonly FailingList[] = [
  {
    field: 'Query.deployments',
    query: `{ ${PROD_DEPLOYMENTS('deploymentNumber')} application(id: "chk2svc") { name } }`,
    fault: failing('ListDeployments'),
    path: ['deployments'],
    siblings: [[['application', 'name'], 'checkout-service']],
  },
  {
    field: 'Query.applications',
    query: `{ applications(first: 5) { ${edges('id')} } deploymentStrategies(first: 10) { ${edges('id')} } }`,
    fault: failing('ListApplications'),
    path: ['applications'],
    siblings: [[['deploymentStrategies', 'edges', 0, 'node', 'id'], expect.any(String)]],
  },
  {
    field: 'Query.deploymentStrategies',
    query: `{ deploymentStrategies(first: 10) { ${edges('id')} } applications(first: 5) { ${edges('id')} } }`,
    fault: failing('ListDeploymentStrategies'),
    path: ['deploymentStrategies'],
    siblings: [[['applications', 'edges', 0, 'node', 'id'], expect.any(String)]],
  },
  {
    field: 'Application.environments',
    query: '{ application(id: "chk2svc") { name environments { id } configurationProfiles { id } } }',
    fault: failing('ListEnvironments'),
    path: ['application', 'environments'],
    siblings: [
      [['application', 'name'], 'checkout-service'],
      [['application', 'configurationProfiles', 0, 'id'], expect.any(String)],
    ],
  },
  {
    field: 'Application.configurationProfiles',
    query: '{ application(id: "chk2svc") { name environments { id } configurationProfiles { id } } }',
    fault: failing('ListConfigurationProfiles'),
    path: ['application', 'configurationProfiles'],
    siblings: [
      [['application', 'name'], 'checkout-service'],
      [['application', 'environments', 0, 'id'], expect.any(String)],
    ],
  },
  {
    // Only production's list fails: staging's, beside it in the same list of environments, answers.
    field: 'Environment.deployments',
    query: `{ application(id: "chk2svc") { environments { id name deployments(first: 5) { ${edges('deploymentNumber')} } } } }`,
    fault: failing('ListDeployments', ['prod7ea']),
    path: ['application', 'environments', 0, 'deployments'],
    siblings: [
      [['application', 'environments', 0, 'name'], 'production'],
      [['application', 'environments', 1, 'id'], 'stg4kq1'],
      [['application', 'environments', 1, 'deployments', 'edges', 0, 'node', 'deploymentNumber'], 3],
    ],
  },
  {
    field: 'ConfigurationProfile.hostedConfigurationVersions',
    query: `{ configurationProfile(applicationId: "chk2svc", id: "ff1chkp") { name validators { type } hostedConfigurationVersions(first: 5) { ${edges('versionNumber')} } } }`,
    fault: failing('ListHostedConfigurationVersions'),
    path: ['configurationProfile', 'hostedConfigurationVersions'],
    siblings: [
      [['configurationProfile', 'validators'], [{ type: 'JSON_SCHEMA' }]],
      [['configurationProfile', 'name'], expect.any(String)],
    ],
  },
  // A listed deployment's event log and applied extensions come from its own GetDeployment: if that
  // fails, only that deployment's list is null; its listed fields and the other deployments answer.
  ...(['eventLog { eventType }', 'appliedExtensions { extensionId }'] as const).map((selection): FailingList => ({
    field: `Deployment.${selection.split(' ')[0]!}`,
    query: `{ ${PROD_DEPLOYMENTS(`deploymentNumber state ${selection}`)} }`,
    fault: failing('GetDeployment', ['2']),
    // Newest first: 3, 2, 1.
    path: ['deployments', 'edges', 1, 'node', selection.split(' ')[0]!],
    siblings: [
      [['deployments', 'edges', 1, 'node', 'state'], 'ROLLED_BACK'],
      [['deployments', 'edges', 2, 'node', selection.split(' ')[0]!], expect.any(Array)],
      [['deployments', 'edges', 0, 'node', selection.split(' ')[0]!], expect.any(Array)],
    ],
  })),
];

describe('a list AppConfig cannot give us is null alone', () => {
  it.each(FAILING_LISTS.map((list) => [list.field, list] as const))('%s', async (_field, { query, fault, path, siblings }) => {
    const { status, body } = await (await gateway()).query(query);
    // The fault is what failed the list, and it was asked for.
    expect(t.upstream.callsTo(fault.operations![0]!)).toBeGreaterThan(0);
    t.upstream.setFaults([fault]);
    const failed = await (await gateway()).query(query);

    expect([status, body.errors]).toEqual([200, undefined]);
    expect(at(body.data, path)).not.toBeNull();
    expect(failed.status).toBe(200);
    expect(at(failed.body.data, path)).toBeNull();
    expect(failed.body.errors).toEqual([
      expect.objectContaining({
        path,
        extensions: expect.objectContaining({
          code: 'UPSTREAM_ERROR',
          upstream: expect.objectContaining({ operation: fault.operations![0] }) as unknown,
        }) as unknown,
      }),
    ]);
    for (const [siblingPath, value] of siblings) expect(at(failed.body.data, siblingPath), siblingPath.join('.')).toEqual(value);
  });
});

describe('lists that come with their parent, and so cannot fail on their own', () => {
  // Environment.monitors, ConfigurationProfile.validators, DeploymentEvent.actionInvocations and
  // AppliedExtension.parameters are members of a value already loaded (the environment, the profile,
  // the deployment's detail): no call of their own can fail. If their parent's call fails, the parent
  // is null (above). Their shape is what there is to check.
  it('answers them as lists of their items, empty where AppConfig sent none', async () => {
    const { body } = await (
      await gateway()
    ).query(`{
      environment(applicationId: "chk2svc", id: "prod7ea") { monitors { alarmArn alarmRoleArn } }
      staging: environment(applicationId: "chk2svc", id: "stg4kq1") { monitors { alarmArn } }
      configurationProfile(applicationId: "chk2svc", id: "ff1chkp") { validators { type } }
      deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 2) {
        eventLog { eventType actionInvocations { actionName errorCode } }
        appliedExtensions { parameters { name value } }
      }
    }`);

    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({
      environment: { monitors: [{ alarmArn: expect.stringMatching(/^arn:aws:cloudwatch:/) as unknown, alarmRoleArn: expect.any(String) as unknown }] },
      staging: { monitors: [] },
      configurationProfile: { validators: [{ type: 'JSON_SCHEMA' }] },
    });
    const deployment = at(body.data, ['deployment']) as {
      eventLog: Array<{ actionInvocations: unknown[] }>;
      appliedExtensions: Array<{ parameters: unknown[] }>;
    };
    expect(deployment.eventLog.every((event) => Array.isArray(event.actionInvocations))).toBe(true);
    expect(deployment.eventLog.flatMap((event) => event.actionInvocations)).toContainEqual({
      actionName: expect.any(String) as unknown,
      errorCode: expect.any(String) as unknown,
    });
    expect(deployment.appliedExtensions[0]?.parameters).toEqual(
      expect.arrayContaining([{ name: expect.any(String) as unknown, value: expect.any(String) as unknown }]),
    );
  });
});
