import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arnOf } from '../../src/emulator/arn.js';
import { ManualClock } from '../../src/emulator/clock.js';
import { createContentValidation } from '../../src/emulator/content-validation.js';
import { loadServiceModel, shapeOf, validateShape } from '../../src/emulator/model.js';
import { createOperations } from '../../src/emulator/operations/index.js';
import { createPaginator } from '../../src/emulator/pagination.js';
import { EmulatorState } from '../../src/emulator/state.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const model = loadServiceModel();
let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

interface Call {
  /** `{name}` stands for the Id a previous call captured under that name. */
  readonly path: string;
  readonly body?: unknown;
  readonly raw?: { readonly body: string; readonly headers: Record<string, string> };
  /** Remember the answer's Id under this name. */
  readonly capture?: string;
}

const tagsOf = (arn: string) => `/tags/${encodeURIComponent(arn)}`;
const checkoutArn = arnOf({ kind: 'application', applicationId: 'chk2svc' });
const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:conformance';
const role = 'arn:aws:iam::123456789012:role/conformance';

/**
 * One or more requests per operation, over the sample data, in an order that works: creations
 * before what uses them, deletions of what the test created last. Every sample deployment is fetched.
 */
const CALLS: Readonly<Record<string, readonly Call[]>> = {
  CreateApplication: [
    { path: '/applications', body: { Name: 'conformance', Description: 'made by the model test', Tags: { made: 'by-test' } }, capture: 'app' },
  ],
  GetApplication: [{ path: '/applications/chk2svc' }],
  ListApplications: [{ path: '/applications?max_results=2' }],
  UpdateApplication: [{ path: '/applications/{app}', body: { Description: 'updated by the model test' } }],
  CreateEnvironment: [
    {
      path: '/applications/{app}/environments',
      body: { Name: 'perf', Monitors: [{ AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:x' }] },
      capture: 'env',
    },
  ],
  GetEnvironment: [{ path: '/applications/chk2svc/environments/prod7ea' }, { path: '/applications/339ohji/environments/54j1r29' }],
  ListEnvironments: [
    { path: '/applications/chk2svc/environments' },
    { path: '/applications/srch7ui/environments' },
    { path: '/applications/339ohji/environments' },
  ],
  UpdateEnvironment: [{ path: '/applications/{app}/environments/{env}', body: { Description: 'updated', Monitors: [] } }],
  CreateDeploymentStrategy: [{ path: '/deploymentstrategies', body: { Name: 'fast', DeploymentDurationInMinutes: 2, GrowthFactor: 50 }, capture: 'strategy' }],
  GetDeploymentStrategy: [{ path: '/deploymentstrategies/1225qzk' }, { path: '/deploymentstrategies/AppConfig.AllAtOnce' }],
  ListDeploymentStrategies: [{ path: '/deploymentstrategies' }],
  UpdateDeploymentStrategy: [{ path: '/deploymentstrategies/{strategy}', body: { FinalBakeTimeInMinutes: 20 } }],
  CreateConfigurationProfile: [
    {
      path: '/applications/{app}/configurationprofiles',
      body: { Name: 'extra', LocationUri: 'hosted', Type: 'AWS.Freeform', Validators: [{ Type: 'JSON_SCHEMA', Content: '{"type":"object"}' }] },
      capture: 'profile',
    },
  ],
  GetConfigurationProfile: [{ path: '/applications/chk2svc/configurationprofiles/ff1chkp' }, { path: '/applications/339ohji/configurationprofiles/ur8hx2f' }],
  ListConfigurationProfiles: [
    { path: '/applications/chk2svc/configurationprofiles' },
    { path: '/applications/srch7ui/configurationprofiles?type=AWS.AppConfig.FeatureFlags' },
  ],
  UpdateConfigurationProfile: [{ path: '/applications/{app}/configurationprofiles/{profile}', body: { Description: 'updated' } }],
  CreateHostedConfigurationVersion: [
    {
      path: '/applications/{app}/configurationprofiles/{profile}/hostedconfigurationversions',
      raw: { body: '{"x":1}', headers: { 'content-type': 'application/json', VersionLabel: 'conformance' } },
    },
  ],
  GetHostedConfigurationVersion: [{ path: '/applications/chk2svc/configurationprofiles/ff1chkp/hostedconfigurationversions/1' }],
  ListHostedConfigurationVersions: [{ path: '/applications/chk2svc/configurationprofiles/ff1chkp/hostedconfigurationversions?max_results=2' }],
  ValidateConfiguration: [{ path: '/applications/{app}/configurationprofiles/{profile}/validators?configuration_version=1' }],
  CreateExtension: [
    {
      path: '/extensions',
      body: {
        Name: 'conformance-ext',
        Actions: { ON_DEPLOYMENT_COMPLETE: [{ Name: 'notify', Uri: lambda, RoleArn: role }] },
        Parameters: { topic: { Required: false } },
      },
      capture: 'extension',
    },
  ],
  GetExtension: [{ path: '/extensions/ntf4ext' }, { path: '/extensions/deploy-notifier?version_number=1' }],
  ListExtensions: [{ path: '/extensions' }],
  UpdateExtension: [{ path: '/extensions/{extension}', body: { Description: 'updated' } }],
  CreateExtensionAssociation: [
    {
      path: '/extensionassociations',
      body: { ExtensionIdentifier: '{extension}', ResourceIdentifier: arnOf({ kind: 'application', applicationId: '{app}' }) },
      capture: 'association',
    },
  ],
  GetExtensionAssociation: [{ path: '/extensionassociations/as7slck' }],
  ListExtensionAssociations: [
    { path: '/extensionassociations' },
    {
      path: `/extensionassociations?resource_identifier=${encodeURIComponent(arnOf({ kind: 'environment', applicationId: 'chk2svc', environmentId: 'prod7ea' }))}`,
    },
  ],
  UpdateExtensionAssociation: [{ path: '/extensionassociations/{association}', body: { Parameters: { topic: 'conformance' } } }],
  TagResource: [{ path: tagsOf(checkoutArn), body: { Tags: { conformance: 'yes' } } }],
  ListTagsForResource: [{ path: tagsOf(checkoutArn) }],
  UntagResource: [{ path: `${tagsOf(checkoutArn)}?tagKeys=conformance&tagKeys=absent` }],
  GetAccountSettings: [{ path: '/settings' }],
  UpdateAccountSettings: [{ path: '/settings', body: { DeletionProtection: { ProtectionPeriodInMinutes: 30 } } }],
  StartDeployment: [
    {
      path: '/applications/339ohji/environments/54j1r29/deployments',
      body: { DeploymentStrategyId: '1225qzk', ConfigurationProfileId: 'ur8hx2f', ConfigurationVersion: '2' },
    },
  ],
  StopDeployment: [{ path: '/applications/339ohji/environments/54j1r29/deployments/2' }],
  GetDeployment: [
    ...[1, 2].map((n) => ({ path: `/applications/339ohji/environments/54j1r29/deployments/${n}` })),
    ...[1, 2, 3].map((n) => ({ path: `/applications/chk2svc/environments/prod7ea/deployments/${n}` })),
    ...[1, 2, 3].map((n) => ({ path: `/applications/chk2svc/environments/stg4kq1/deployments/${n}` })),
    ...[1, 2].map((n) => ({ path: `/applications/srch7ui/environments/beta3zz/deployments/${n}` })),
    { path: '/applications/srch7ui/environments/prod8hh/deployments/1' },
  ],
  ListDeployments: [
    { path: '/applications/chk2svc/environments/prod7ea/deployments' },
    { path: '/applications/chk2svc/environments/stg4kq1/deployments?max_results=1' },
    { path: '/applications/srch7ui/environments/beta3zz/deployments' },
  ],
  GetConfiguration: [
    { path: '/applications/checkout-service/environments/staging/configurations/rate-limits?client_id=conformance' },
    { path: '/applications/339ohji/environments/54j1r29/configurations/ur8hx2f?client_id=conformance' },
  ],
  DeleteExtensionAssociation: [{ path: '/extensionassociations/{association}' }],
  DeleteExtension: [{ path: '/extensions/{extension}' }],
  DeleteHostedConfigurationVersion: [{ path: '/applications/{app}/configurationprofiles/{profile}/hostedconfigurationversions/1' }],
  DeleteConfigurationProfile: [{ path: '/applications/{app}/configurationprofiles/{profile}' }],
  DeleteEnvironment: [{ path: '/applications/{app}/environments/{env}' }],
  DeleteDeploymentStrategy: [{ path: '/deployementstrategies/{strategy}' }],
  DeleteApplication: [{ path: '/applications/{app}' }],
};

/**
 * Where the live service departs from its model (NOTES §9), and the emulator with it: each names the
 * operations and the exact validation problem it excuses. Nothing else is excused.
 */
const LIVE_SERVICE_DEVIATIONS = [
  {
    name: "an environment's State in the service's CamelCase form",
    operations: ['CreateEnvironment', 'GetEnvironment', 'ListEnvironments', 'UpdateEnvironment'],
    problem:
      /^Value '(ReadyForDeployment|Deploying|RollingBack|RolledBack|Reverted)' at '(items\.\d+\.member\.)?state' failed to satisfy constraint: Member must satisfy enum value set: \[READY_FOR_DEPLOYMENT, DEPLOYING, ROLLING_BACK, ROLLED_BACK, REVERTED\]$/,
  },
  {
    name: "StartDeployment's PercentageComplete of 0.0",
    operations: ['StartDeployment'],
    problem: /^Value '0' at 'percentageComplete' failed to satisfy constraint: Member must have value greater than or equal to 1$/,
  },
] as const;

const captured = new Map<string, string>();
const excused = new Set<string>();
const fill = (text: string) => text.replace(/\{([a-z]+)\}/g, (whole, name: string) => captured.get(name) ?? whole);

/** Reads a response back into output members as the output shape binds them (headers, payload, JSON). */
async function outputMembers(shapeName: string, response: Response): Promise<Record<string, unknown>> {
  const shape = shapeOf(model, shapeName);
  const output: Record<string, unknown> = {};
  const body = Buffer.from(await response.arrayBuffer());
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    if (member.location === 'header') {
      const value = response.headers.get(member.locationName ?? name);
      if (value !== null) output[name] = shapeOf(model, member.shape).type === 'integer' ? Number(value) : value;
    } else if (shape.payload === name) {
      output[name] = body;
    }
  }
  return shape.payload ? output : { ...output, ...(JSON.parse(body.toString('utf8')) as Record<string, unknown>) };
}

describe("the emulator's answers against AppConfig's model", () => {
  const implemented = Object.keys(
    createOperations({ model, state: new EmulatorState(), clock: new ManualClock(0), paginator: createPaginator(), validation: createContentValidation() }),
  );

  it('implements every operation of the model but the experiment ones, and has a conformance request for each', () => {
    const modelled = Object.keys(model.operations).filter((name) => !name.includes('Experiment'));
    expect(modelled).toHaveLength(45);
    expect([...implemented].sort()).toEqual(modelled.sort());
    expect(Object.keys(CALLS).sort()).toEqual(modelled.sort());
  });

  it.each(Object.entries(CALLS))('%s answers the modelled status with members of the modelled types and constraints', async (name, calls) => {
    const operation = model.operations[name]!;
    for (const call of calls) {
      const path = fill(call.path);
      const response = await fetch(emulator.endpoint + path, {
        method: operation.http.method,
        ...(call.body === undefined ? {} : { body: fill(JSON.stringify(call.body)), headers: { 'content-type': 'application/json' } }),
        ...(call.raw ? { body: call.raw.body, headers: call.raw.headers } : {}),
      });
      expect({ call: path, status: response.status }).toEqual({ call: path, status: operation.http.responseCode ?? 200 });
      expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      if (!operation.output) {
        expect(await response.text()).toBe('');
        continue;
      }
      const output = await outputMembers(operation.output.shape, response);
      expect(Object.keys(output).length).toBeGreaterThan(0);
      if (call.capture) captured.set(call.capture, output['Id'] as string);
      const problems = validateShape(model, operation.output.shape, output, '').filter((problem) => {
        const deviation = LIVE_SERVICE_DEVIATIONS.find(
          (candidate) => (candidate.operations as readonly string[]).includes(name) && candidate.problem.test(problem),
        );
        if (deviation) excused.add(deviation.name);
        return !deviation;
      });
      expect({ call: path, problems }).toEqual({ call: path, problems: [] });
    }
  });

  it('needed every excuse on the list of live-service deviations', () => {
    expect([...excused].sort()).toEqual(LIVE_SERVICE_DEVIATIONS.map((deviation) => deviation.name).sort());
  });

  it.each([
    ['ResourceNotFoundException', 'GET', '/applications/nope1/environments', 404],
    ['BadRequestException', 'GET', '/applications?max_results=0', 400],
    ['BadRequestException', 'GET', '/applications/339ohji/environments/54j1r29/deployments/one', 400],
    ['ConflictException', 'POST', '/applications/chk2svc/environments/prod7ea/deployments', 409],
    ['UnknownOperationException', 'GET', '/no/such/route', 404],
    ['NotImplementedException', 'GET', '/experimentdefinitions', 501],
  ])('answers %s for %s %s with status, x-amzn-ErrorType and a Message', async (errorType, method, path, status) => {
    const body =
      method === 'POST' ? JSON.stringify({ DeploymentStrategyId: '1225qzk', ConfigurationProfileId: 'ff1chkp', ConfigurationVersion: '1' }) : undefined;
    const response = await fetch(emulator.endpoint + path, { method, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) });
    expect(response.status).toBe(status);
    expect(response.headers.get('x-amzn-errortype')).toBe(errorType);
    expect(await response.json()).toEqual(expect.objectContaining({ Message: expect.any(String) as unknown }));
  });
});
