import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../support/clock.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

/**
 * The cache's promise: a request answered with the cache warm never costs more AppConfig calls than
 * the same request cold, whatever its shape, and final data costs none. Each shape runs against a
 * gateway of its own (a cold cache), on the emulator's sample data.
 */
let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

const SHAPES: ReadonlyArray<[string, string]> = [
  ['lists that prime the ids their links use', '{ applications(first: 10) { edges { node { id environments { id application { name } } } } } }'],
  [
    'a deployment and every entity it links to',
    '{ deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 2) { state application { name } environment { name state } deploymentStrategy { name } configurationProfile { name } } }',
  ],
  [
    'listed deployments with their event logs',
    '{ deployments(applicationId: "chk2svc", environmentId: "prod7ea", first: 5) { edges { node { state eventLog { eventType actionInvocations { errorCode } } } } } }',
  ],
  [
    "an environment's deployments, latest deployment and links back",
    '{ environment(applicationId: "chk2svc", id: "stg4kq1") { name latestDeployment { state } deployments(first: 3) { edges { node { environment { name } application { name } } } } } }',
  ],
  ['profile summaries and their detail', '{ application(id: "chk2svc") { configurationProfiles { name description validators { type } } } }'],
  [
    'strategies listed, then each by id',
    '{ deploymentStrategies(first: 10) { edges { node { id name } } } s: deploymentStrategy(id: "AppConfig.AllAtOnce") { name } }',
  ],
];

async function callsOf(gateway: TestGateway, query: string): Promise<number> {
  const before = emulator.calls.length;
  const { body } = await gateway.query(query);
  expect(body.errors).toBeUndefined();
  return emulator.calls.length - before;
}

describe('a warm request never costs more AppConfig calls than the same request cold', () => {
  it.each(SHAPES)('%s', async (_shape, query) => {
    const clock = new TestClock();
    const gateway = await startGateway({ endpoint: emulator.endpoint, env: { CACHE_BACKEND: 'memory' }, clock });
    try {
      const cold = await callsOf(gateway, query);
      expect(cold).toBeGreaterThan(0);
      // At once: everything it read is still valid.
      expect(await callsOf(gateway, query)).toBe(0);
      // After the lists' 5 s, before the resources' 30 s: pages are read again, and prime what they list.
      clock.advanceSeconds(6);
      expect(await callsOf(gateway, query)).toBeLessThanOrEqual(cold);
      // After everything has expired, a warm run is a cold run again.
      clock.advanceSeconds(100_000);
      expect(await callsOf(gateway, query)).toBeLessThanOrEqual(cold);
    } finally {
      await gateway.stop();
    }
  });

  it('answers a final deployment with zero calls for as long as its entry lives', async () => {
    const clock = new TestClock();
    const gateway = await startGateway({ endpoint: emulator.endpoint, env: { CACHE_BACKEND: 'memory' }, clock });
    try {
      const query = '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state eventLog { eventType } } }';
      expect(await callsOf(gateway, query)).toBe(1);
      clock.advanceSeconds(86_399);
      expect(await callsOf(gateway, query)).toBe(0);
    } finally {
      await gateway.stop();
    }
  });
});
