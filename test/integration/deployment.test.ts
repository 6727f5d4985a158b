import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentedExample } from '../fixtures/deployments.js';
import { AppConfigDouble } from '../support/appconfig-double.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

let upstream: AppConfigDouble;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await AppConfigDouble.start();
  gateway = await startGateway({ endpoint: upstream.endpoint });
});
afterAll(async () => {
  await gateway.stop();
  await upstream.close();
});
beforeEach(() => upstream.reset());

describe('deployment(...)', () => {
  it('answers AWS documented GetDeployment example field for field', async () => {
    upstream.put(documentedExample);
    const { body } = await gateway.query(`{
      deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) {
        applicationId environmentId deploymentNumber state percentageComplete growthType growthFactor startedAt completedAt
        eventLog { eventType triggeredBy description occurredAt }
      }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({ deployment: { state: 'COMPLETE', startedAt: '2021-09-17T21:43:54.205Z' } });
  });
});
