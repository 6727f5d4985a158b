import { describe, expect, it } from 'vitest';
import { readSeedFile, SAMPLE_SEED_FILE } from '../../src/emulator/seed.js';
import {
  DEPLOYMENT_STATES,
  documentedExample,
  EVENT_TYPES,
  GROWTH_TYPES,
  mergeSeeds,
  TRIGGERS,
  variedDeployments,
  variedSeed,
} from '../fixtures/deployments.js';
import { DEPLOYMENT_SELECTION, expectedDeployment } from '../support/expected.js';
import { useGatewayOverEmulator } from '../support/harness.js';

const t = useGatewayOverEmulator(mergeSeeds(readSeedFile(SAMPLE_SEED_FILE), variedSeed('app1234', 'env1234', 15)));

const varied = variedDeployments('app1234', 'env1234', 15);
const DOCUMENTED = `{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { ${DEPLOYMENT_SELECTION} } }`;

/** A fault rule that answers GetDeployment with `document` as AppConfig would send it. */
const answersGetDeploymentWith = (document: object, ids?: string[]) => ({
  fault: { kind: 'answer' as const, status: 200, body: JSON.stringify(document) },
  operations: ['GetDeployment'],
  ...(ids ? { ids } : {}),
});

describe('deployment(...)', () => {
  it("answers AWS's documented GetDeployment example field for field, from the emulator's sample data", async () => {
    const { body } = await t.gateway.query(DOCUMENTED);
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

  it('reads the example exactly as AWS sends it: every timestamp with microseconds and a +00:00 offset', async () => {
    // The emulator writes event and completion times in the Z form; this is AWS's own document, verbatim.
    t.upstream.setFaults([answersGetDeploymentWith(documentedExample)]);
    const { body } = await t.gateway.query(DOCUMENTED);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ deployment: expectedDeployment(documentedExample) });
    expect(expectedDeployment(documentedExample).eventLog[0]?.occurredAt).toBe('2021-09-17T21:59:03.888Z');
  });

  it('round-trips every member of varied deployments, covering every enum value and both timestamp forms', async () => {
    const aliases = varied.map(
      (d) =>
        `d${d.DeploymentNumber}: deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: ${d.DeploymentNumber}) { ${DEPLOYMENT_SELECTION} }`,
    );
    const { body } = await t.gateway.query(`{ ${aliases.join('\n')} }`);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual(Object.fromEntries(varied.map((d) => [`d${d.DeploymentNumber}`, expectedDeployment(d)])));

    const served = JSON.stringify(body.data);
    for (const value of [...DEPLOYMENT_STATES, ...GROWTH_TYPES, ...EVENT_TYPES, ...TRIGGERS]) expect(served).toContain(`"${value}"`);
    // StartedAt is served as recorded: in the Z form for odd deployments, with an offset for even ones.
    const startedAt = await Promise.all(
      [1, 2].map(
        async (n) =>
          ((await fetch(`${t.upstream.endpoint}/applications/app1234/environments/env1234/deployments/${n}`).then((r) => r.json())) as { StartedAt: string })
            .StartedAt,
      ),
    );
    expect(startedAt).toEqual(['2026-01-01T12:00:00.123Z', '2026-01-02T12:00:00.123000+00:00']);
  });

  it('makes one GetDeployment call per distinct deployment, however often it is aliased', async () => {
    const numbers = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 1, 2, 3, 4, 5];
    const aliases = numbers.map(
      (n, i) => `a${i}: deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: ${n}) { state eventLog { eventType } }`,
    );
    const { body } = await t.gateway.query(`{ ${aliases.join('\n')} }`);
    expect(body.errors).toBeUndefined();
    expect(t.upstream.callsTo('GetDeployment')).toBe(15);
    expect(new Set(t.upstream.requestedDeployments())).toEqual(new Set(numbers));
  });

  it('reaches AppConfig with ids holding reserved URL characters as one path segment each', async () => {
    // AppConfig's ids are [a-z0-9]{4,7}, so no seed holds these: the answer comes from a fault rule matching the exact ids.
    const odd = { ...documentedExample, ApplicationId: 'app/with?odd#chars%25', EnvironmentId: 'env name/..' };
    t.upstream.setFaults([answersGetDeploymentWith(odd, [odd.ApplicationId])]);
    const { body } = await t.gateway.query(
      `query($a: String!, $e: String!) { deployment(applicationId: $a, environmentId: $e, deploymentNumber: 1) { applicationId environmentId state } }`,
      { a: odd.ApplicationId, e: odd.EnvironmentId },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ deployment: { applicationId: odd.ApplicationId, environmentId: odd.EnvironmentId, state: 'COMPLETE' } });
    expect(t.upstream.requests.map((request) => [request.operation, request.labels])).toEqual([
      ['GetDeployment', { ApplicationId: odd.ApplicationId, EnvironmentId: odd.EnvironmentId, DeploymentNumber: '1' }],
    ]);
  });

  it('nulls only a field whose enum value this release does not know, naming the value', async () => {
    t.upstream.setFaults([answersGetDeploymentWith({ ...documentedExample, State: 'PAUSED' })]);
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
