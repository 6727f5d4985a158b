import { describe, expect, it } from 'vitest';
import type { SeedFile } from '../../src/emulator/seed.js';
import { variedSeed } from '../fixtures/deployments.js';
import { startTestEmulator } from '../support/emulator.js';
import { startGateway } from '../support/gateway.js';
import { useEmulatorWithGatewaysPerTest } from '../support/harness.js';

const t = useEmulatorWithGatewaysPerTest(variedSeed('app1234', 'env1234', 60));

const representations = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ __typename: 'Deployment', applicationId: 'app1234', environmentId: 'env1234', deploymentNumber: i + 1 }));
const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Deployment { state } } }';

describe('the AppConfig call budget of one request (APPCONFIG_MAX_CALLS_PER_REQUEST)', () => {
  it('refuses 3 000 representations before any call, with the estimate and the limit', async () => {
    const gateway = await t.gatewayWith();

    const { status, body } = await gateway.query(ENTITIES, { r: representations(3000) });

    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', estimatedCalls: 3000, maxCallsPerRequest: 200 });
    expect(body.errors?.[0]?.message).toContain('APPCONFIG_MAX_CALLS_PER_REQUEST');
    expect(t.upstream.calls).toEqual([]);
  });

  it('counts representations of one deployment once, as the loaders fetch it once', async () => {
    const gateway = await t.gatewayWith({ env: { APPCONFIG_MAX_CALLS_PER_REQUEST: '5' } });
    const repeated = Array.from({ length: 50 }, () => representations(1)[0]);

    const { body } = await gateway.query(ENTITIES, { r: repeated });

    expect(body.errors).toBeUndefined();
    expect(t.upstream.callsTo('GetDeployment')).toBe(1);
  });

  it('counts every alias, and lets through a query within the budget', async () => {
    const gateway = await t.gatewayWith({ env: { APPCONFIG_MAX_CALLS_PER_REQUEST: '10' } });
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `d${i}: deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: ${i + 1}) { state }`).join(' ')} }`;

    const over = await gateway.query(aliases(11));
    expect(over.status).toBe(400);
    expect(over.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', estimatedCalls: 11, maxCallsPerRequest: 10 });
    expect(t.upstream.calls).toEqual([]);

    const within = await gateway.query(aliases(10));
    expect(within.body.errors).toBeUndefined();
    expect(t.upstream.calls).toHaveLength(10);
  });

  it('counts list pages and the detail each listed deployment needs', async () => {
    const gateway = await t.gatewayWith({ env: { APPCONFIG_MAX_CALLS_PER_REQUEST: '50' } });
    const list = (first: number, selection: string) =>
      `{ deployments(applicationId: "app1234", environmentId: "env1234", first: ${first}) { edges { node { ${selection} } } } }`;

    // Summaries only: one page of 50 is one call, however many are listed.
    expect((await gateway.query(list(50, 'state'))).body.errors).toBeUndefined();
    // The event log needs GetDeployment per item: 1 page + 50 details passes 50.
    const detailed = await gateway.query(list(50, 'eventLog { eventType }'));
    expect(detailed.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', estimatedCalls: 51 });
    expect(t.upstream.callsTo('GetDeployment')).toBe(0);
  });

  it('refuses an answer of more than MAX_QUERY_COST objects, with the estimate', async () => {
    const gateway = await t.gatewayWith({ env: { MAX_QUERY_COST: '500' } });

    const { status, body } = await gateway.query(
      '{ deployments(applicationId: "app1234", environmentId: "env1234", first: 20) { edges { node { eventLog { actionInvocations { uri } } } } } }',
    );

    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', maxCost: 500 });
    expect(body.errors?.[0]?.message).toContain('MAX_QUERY_COST');
    expect(t.upstream.calls).toEqual([]);
  });

  it("counts the subgraph's SDL as a thousand objects: a router's one read passes, aliased copies are refused", async () => {
    const gateway = await t.gatewayWith();

    const once = await gateway.query('{ _service { sdl } }');
    expect(once.status).toBe(200);
    expect((once.body.data?.['_service'] as { sdl: string }).sdl).toContain('type Deployment');
    const copies = await gateway.query(`{ ${Array.from({ length: 30 }, (_, i) => `s${i}: _service { sdl }`).join(' ')} }`);
    expect(copies.status).toBe(400);
    expect(copies.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', maxCost: 25000 });
  });

  // The answer repeats an entity once per representation, so objects count every copy; calls count
  // distinct ones (the estimate once counted distinct ones for both, and let 100 copies of one through).
  it('refuses repeated _entities representations whose answer would hold more than MAX_QUERY_COST objects', async () => {
    const gateway = await t.gatewayWith({ env: { MAX_QUERY_COST: '250' } });
    const repeated = Array.from({ length: 100 }, () => representations(1)[0]);

    // Deployment 1 has two events: the answer would hold 100 × 3 = 300 objects; estimated, 100 × (1 + 10).
    const { status, body } = await gateway.query(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Deployment { state eventLog { eventType } } } }',
      { r: repeated },
    );

    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', maxCost: 250 });
    expect(status).toBe(400);
    expect(t.upstream.calls).toEqual([]);
  });
});

describe('the call budget while executing', () => {
  /** One application with six environments: a list the estimate cannot know the length of. */
  const seed: SeedFile = {
    Applications: [{ Id: 'wide001', Name: 'wide' }],
    Environments: Array.from({ length: 6 }, (_, i) => ({ ApplicationId: 'wide001', Id: `env000${i}`, Name: `environment ${i}` })),
  };

  it('fails the calls past the budget with QUERY_TOO_EXPENSIVE and answers the rest', async () => {
    const emulator = await startTestEmulator(seed);
    const gateway = await startGateway({ endpoint: emulator.endpoint, env: { APPCONFIG_MAX_CALLS_PER_REQUEST: '5' } });
    try {
      // Estimated at 3 calls (one environment assumed); it takes 1 + 1 + 6.
      const { status, body } = await gateway.query('{ application(id: "wide001") { name environments { id latestDeployment { deploymentNumber } } } }');

      expect(status).toBe(200);
      const environments = (body.data as { application: { environments: Array<{ latestDeployment: unknown }> } }).application.environments;
      expect(environments).toHaveLength(6);
      expect(body.errors).toHaveLength(3);
      for (const error of body.errors ?? []) {
        expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', maxCallsPerRequest: 5, upstream: { operation: 'ListDeployments' } });
        expect(error.path).toEqual(['application', 'environments', expect.any(Number), 'latestDeployment']);
      }
      expect(emulator.calls).toHaveLength(5);
    } finally {
      await gateway.stop();
      await emulator.close();
    }
  });
});
