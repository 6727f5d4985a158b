import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/emulator/clock.js';
import { loadServiceModel, shapeOf, validateShape } from '../../src/emulator/model.js';
import { createOperations } from '../../src/emulator/operations.js';
import { EmulatorState } from '../../src/emulator/state.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

const model = loadServiceModel();
let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

interface Call {
  readonly path: string;
  readonly body?: unknown;
  readonly raw?: { readonly body: string; readonly headers: Record<string, string> };
}

/**
 * One or more requests per implemented operation, over the sample data, in an order that works
 * (creations before the deployment they enable). Every deployment of the sample is fetched.
 */
const CALLS: Readonly<Record<string, readonly Call[]>> = {
  CreateApplication: [{ path: '/applications', body: { Name: 'conformance', Description: 'made by the model test' } }],
  GetApplication: [{ path: '/applications/chk2svc' }],
  ListApplications: [{ path: '/applications?max_results=2' }],
  CreateEnvironment: [{ path: '/applications/chk2svc/environments', body: { Name: 'perf', Monitors: [{ AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:x' }] } }],
  GetEnvironment: [{ path: '/applications/chk2svc/environments/prod7ea' }],
  ListEnvironments: [{ path: '/applications/chk2svc/environments' }, { path: '/applications/srch7ui/environments' }, { path: '/applications/339ohji/environments' }],
  CreateDeploymentStrategy: [{ path: '/deploymentstrategies', body: { Name: 'fast', DeploymentDurationInMinutes: 2, GrowthFactor: 50 } }],
  GetDeploymentStrategy: [{ path: '/deploymentstrategies/1225qzk' }, { path: '/deploymentstrategies/AppConfig.AllAtOnce' }],
  ListDeploymentStrategies: [{ path: '/deploymentstrategies' }],
  CreateConfigurationProfile: [{ path: '/applications/chk2svc/configurationprofiles', body: { Name: 'extra', LocationUri: 'hosted', Type: 'AWS.Freeform' } }],
  GetConfigurationProfile: [{ path: '/applications/chk2svc/configurationprofiles/ff1chkp' }, { path: '/applications/339ohji/configurationprofiles/ur8hx2f' }],
  ListConfigurationProfiles: [{ path: '/applications/chk2svc/configurationprofiles' }, { path: '/applications/srch7ui/configurationprofiles' }],
  CreateHostedConfigurationVersion: [
    { path: '/applications/srch7ui/configurationprofiles/ui2flag/hostedconfigurationversions', raw: { body: '{"x":1}', headers: { 'content-type': 'application/json', VersionLabel: 'conformance' } } },
  ],
  GetHostedConfigurationVersion: [{ path: '/applications/chk2svc/configurationprofiles/ff1chkp/hostedconfigurationversions/1' }],
  ListHostedConfigurationVersions: [{ path: '/applications/chk2svc/configurationprofiles/ff1chkp/hostedconfigurationversions' }],
  StartDeployment: [
    { path: '/applications/339ohji/environments/54j1r29/deployments', body: { DeploymentStrategyId: '1225qzk', ConfigurationProfileId: 'ur8hx2f', ConfigurationVersion: '2' } },
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
};

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
  const implemented = Object.keys(createOperations(new EmulatorState(), new ManualClock(0)));

  it('has a conformance request for every operation it implements', () => {
    expect(Object.keys(CALLS).sort()).toEqual([...implemented].sort());
  });

  it.each(Object.entries(CALLS))('%s answers the modelled status with members of the modelled types and constraints', async (name, calls) => {
    const operation = model.operations[name]!;
    for (const call of calls) {
      const response = await fetch(emulator.endpoint + call.path, {
        method: operation.http.method,
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body), headers: { 'content-type': 'application/json' } }),
        ...(call.raw ?? {}),
      });
      expect({ call: call.path, status: response.status }).toEqual({ call: call.path, status: operation.http.responseCode ?? 200 });
      expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      const output = await outputMembers(operation.output!.shape, response);
      expect(Object.keys(output).length).toBeGreaterThan(0);
      expect({ call: call.path, problems: validateShape(model, operation.output!.shape, output, '') }).toEqual({ call: call.path, problems: [] });
    }
  });

  it.each([
    ['ResourceNotFoundException', 'GET', '/applications/nope1/environments', 404],
    ['BadRequestException', 'GET', '/applications?max_results=0', 400],
    ['BadRequestException', 'GET', '/applications/339ohji/environments/54j1r29/deployments/one', 400],
    ['ConflictException', 'POST', '/applications/chk2svc/environments/prod7ea/deployments', 409],
    ['UnknownOperationException', 'GET', '/no/such/route', 404],
    ['NotImplementedException', 'DELETE', '/applications/chk2svc', 501],
  ])('answers %s for %s %s with status, x-amzn-ErrorType and a Message', async (errorType, method, path, status) => {
    const body = method === 'POST' ? JSON.stringify({ DeploymentStrategyId: '1225qzk', ConfigurationProfileId: 'ff1chkp', ConfigurationVersion: '1' }) : undefined;
    const response = await fetch(emulator.endpoint + path, { method, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) });
    expect(response.status).toBe(status);
    expect(response.headers.get('x-amzn-errortype')).toBe(errorType);
    expect(await response.json()).toEqual(expect.objectContaining({ Message: expect.any(String) as unknown }));
  });
});
