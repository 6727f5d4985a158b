import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedExample } from '../fixtures/deployments.js';
import { AppConfigDouble } from '../support/appconfig-double.js';
import { startProcess } from '../support/process.js';

let upstream: AppConfigDouble;

beforeAll(async () => {
  upstream = await AppConfigDouble.start();
  upstream.put(documentedExample);
});
afterAll(() => upstream.close());

const awsEnvironment = () => ({
  APPCONFIG_SOURCE: 'aws',
  AWS_ENDPOINT_URL_APPCONFIG: upstream.endpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test-access-key',
  AWS_SECRET_ACCESS_KEY: 'test-secret-key',
  HOST: '127.0.0.1',
  PORT: '0',
});

describe('the entry point (npm start)', () => {
  it('serves GraphQL from the endpoint in AWS_ENDPOINT_URL_APPCONFIG and stops cleanly on SIGTERM', async () => {
    const gateway = startProcess('src/main.ts', awsEnvironment());
    try {
      const [, url] = await gateway.waitFor(/serving GraphQL at (http:\/\/\S+\/graphql)/);
      const response = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state configurationLocationUri } }' }),
      });
      expect(await response.json()).toEqual({ data: { deployment: { state: 'COMPLETE', configurationLocationUri: 'ssm-parameter://Example-Parameter' } } });
      expect(upstream.callsTo('GetDeployment').at(-1)?.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=test-access-key\//);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });

  it('reports every invalid variable at once and exits non-zero', async () => {
    const gateway = startProcess('src/main.ts', { ...awsEnvironment(), PORT: 'eighty', APPCONFIG_MAX_CONCURRENCY: '0', LOG_LEVEL: 'loud' });
    expect(await gateway.exited()).toBe(1);
    expect(gateway.output()).toContain('Invalid configuration');
    for (const name of ['PORT', 'APPCONFIG_MAX_CONCURRENCY', 'LOG_LEVEL']) expect(gateway.output()).toContain(`${name}=`);
  });

  it('exits with a clear message when no AWS region is configured', async () => {
    const { AWS_REGION: _region, ...withoutRegion } = awsEnvironment();
    const gateway = startProcess('src/main.ts', { ...withoutRegion, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' });
    expect(await gateway.exited()).toBe(1);
    expect(gateway.output()).toContain('No AWS region: set AWS_REGION');
  });
});
