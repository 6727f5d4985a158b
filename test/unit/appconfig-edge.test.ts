import { AppConfigClient, ListTagsForResourceCommand } from '@aws-sdk/client-appconfig';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CallBudget } from '../../src/appconfig/call-budget.js';
import { createAppConfigEdge, NoRegionError } from '../../src/appconfig/edge.js';
import { loadConfig } from '../../src/config.js';
import { TestClock } from '../support/clock.js';
import { capturingLogger } from '../support/log-capture.js';

const appConfig = mockClient(AppConfigClient);
afterEach(() => {
  appConfig.reset();
  vi.unstubAllEnvs();
});
// The mock stubs every AppConfigClient's send: give it back for whatever runs next in this worker.
afterAll(() => appConfig.restore());

const options = () => ({ settings: loadConfig({}).appConfig, accountId: '111122223333', clock: new TestClock(), logger: capturingLogger().logger });

describe('createAppConfigEdge', () => {
  it('refuses to start without a region, saying how to set one', async () => {
    // No region from the environment or a profile: the SDK's chain finds none.
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/aws-config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/aws-credentials');
    const refusal = createAppConfigEdge(options());
    await expect(refusal).rejects.toBeInstanceOf(NoRegionError);
    await expect(refusal).rejects.toMatchObject({
      name: 'NoRegionError',
      message: 'No AWS region: set AWS_REGION (or a region in the AWS_PROFILE of ~/.aws/config).',
    });
  });

  it("reports its region and endpoint, and reads tags by the resource's ARN in that region and account", async () => {
    appConfig.on(ListTagsForResourceCommand).resolves({ Tags: { team: 'a' } });
    const edge = await createAppConfigEdge({
      ...options(),
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9/',
      credentials: { accessKeyId: 'k', secretAccessKey: 's' },
    });
    try {
      expect([edge.region, edge.endpoint]).toEqual(['eu-west-1', 'http://127.0.0.1:9/']);
      const api = edge.service.forScope({ lane: 'test', budget: new CallBudget(10) });
      expect(await api.listTagsForResource({ applicationId: 'app' })).toEqual({ team: 'a' });
      expect(appConfig.commandCalls(ListTagsForResourceCommand).map((call) => call.args[0].input)).toEqual([
        { ResourceArn: 'arn:aws:appconfig:eu-west-1:111122223333:application/app' },
      ]);
    } finally {
      edge.close();
    }
  });
});
