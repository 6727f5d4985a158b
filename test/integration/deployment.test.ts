import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_STATES, documentedExample, EVENT_TYPES, GROWTH_TYPES, TRIGGERS, variedDeployments } from '../fixtures/deployments.js';
import { DEPLOYMENT_SELECTION, expectedDeployment } from '../support/expected.js';
import { useGatewayOverDouble } from '../support/harness.js';

const t = useGatewayOverDouble();

const varied = variedDeployments('app1234', 'env1234', 15);

describe('deployment(...)', () => {
  it("answers AWS's documented GetDeployment example field for field", async () => {
    t.upstream.put(documentedExample);
    const { body } = await t.gateway.query(`{
      deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { ${DEPLOYMENT_SELECTION} }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ deployment: expectedDeployment(documentedExample) });
    expect(body.data).toMatchObject({
      deployment: {
        state: 'COMPLETE',
        percentageComplete: 100,
        growthFactor: 25,
        startedAt: '2021-09-17T21:43:54.205Z',
        completedAt: '2021-09-17T21:59:03.888Z',
        kmsKeyArn: null,
        appliedExtensions: [],
      },
    });
  });

  it('round-trips every member of varied deployments, covering every enum value and both timestamp forms', async () => {
    t.upstream.put(...varied);
    const aliases = varied.map((d) => `d${d.DeploymentNumber}: deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: ${d.DeploymentNumber}) { ${DEPLOYMENT_SELECTION} }`);
    const { body } = await t.gateway.query(`{ ${aliases.join('\n')} }`);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual(Object.fromEntries(varied.map((d) => [`d${d.DeploymentNumber}`, expectedDeployment(d)])));

    const served = JSON.stringify(body.data);
    for (const value of [...DEPLOYMENT_STATES, ...GROWTH_TYPES, ...EVENT_TYPES, ...TRIGGERS]) expect(served).toContain(`"${value}"`);
  });

  it('makes one GetDeployment call per distinct deployment, however often it is aliased', async () => {
    t.upstream.put(...varied);
    const numbers = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 1, 2, 3, 4, 5];
    const aliases = numbers.map((n, i) => `a${i}: deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: ${n}) { state eventLog { eventType } }`);
    const { body } = await t.gateway.query(`{ ${aliases.join('\n')} }`);
    expect(body.errors).toBeUndefined();
    expect(t.upstream.callsTo('GetDeployment')).toHaveLength(15);
    expect(new Set(t.upstream.calls.map((call) => call.deploymentNumber))).toEqual(new Set(numbers));
  });

  it('reaches AppConfig with ids holding reserved URL characters as one path segment each', async () => {
    const odd = { ...documentedExample, ApplicationId: 'app/with?odd#chars%25', EnvironmentId: 'env name/..' };
    t.upstream.put(odd);
    const { body } = await t.gateway.query(
      `query($a: String!, $e: String!) { deployment(applicationId: $a, environmentId: $e, deploymentNumber: 1) { applicationId environmentId state } }`,
      { a: odd.ApplicationId, e: odd.EnvironmentId },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ deployment: { applicationId: odd.ApplicationId, environmentId: odd.EnvironmentId, state: 'COMPLETE' } });
    expect(t.upstream.calls).toEqual([expect.objectContaining({ applicationId: odd.ApplicationId, environmentId: odd.EnvironmentId, deploymentNumber: 1 })]);
  });

  it('nulls only a field whose enum value this release does not know, naming the value', async () => {
    t.upstream.put({ ...documentedExample, State: 'PAUSED' });
    const { body } = await t.gateway.query(`{
      deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state configurationName eventLog { eventType } }
    }`);
    expect(body.data).toEqual({ deployment: { state: null, configurationName: 'Example-Configuration-Profile', eventLog: expect.any(Array) as unknown } });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['deployment', 'state'],
        message: expect.stringContaining('"PAUSED"') as unknown,
        extensions: expect.objectContaining({ code: 'UPSTREAM_ERROR', unknownEnumValue: 'PAUSED', enumType: 'DeploymentState' }) as unknown,
      }),
    ]);
  });
});
