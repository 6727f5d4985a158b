import { describe, expect, it } from 'vitest';
import { startProcess } from '../support/process.js';

describe('npm run emulator', () => {
  it('starts whatever the gateway-only variables say, and applies EMULATOR_FAULTS', async () => {
    const emulator = startProcess('src/emulator/main.ts', {
      EMULATOR_PORT: '0',
      PORT: 'eighty',
      APPCONFIG_MAX_CONCURRENCY: '0',
      EMULATOR_FAULTS: 'throttle op=ListApplications',
    });
    try {
      const [, endpoint] = await emulator.waitFor(/AppConfig emulator at (http:\/\/127\.0\.0\.1:\d+)/);
      const throttled = await fetch(`${endpoint}/applications`);
      expect([throttled.status, throttled.headers.get('x-amzn-errortype')]).toEqual([429, 'ThrottlingException']);
      expect((await fetch(`${endpoint}/deploymentstrategies`)).status).toBe(200);
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  });

  it('reports every invalid variable of its own at once, without a stack trace, and exits 1', async () => {
    const emulator = startProcess('src/emulator/main.ts', { EMULATOR_PORT: 'high', EMULATOR_TIME_SCALE: '-1', EMULATOR_FAULTS: 'explode' });
    expect(await emulator.exited()).toBe(1);
    const output = emulator.output();
    expect(output).toContain('Invalid emulator configuration');
    for (const name of ['EMULATOR_PORT="high"', 'EMULATOR_TIME_SCALE="-1"', 'EMULATOR_FAULTS="explode"']) expect(output).toContain(name);
    expect(output).not.toMatch(/^\s+at /m);
  });
});

describe('npm start with the embedded emulator', () => {
  it('applies EMULATOR_FAULTS to the embedded emulator', async () => {
    const gateway = startProcess('src/main.ts', { PORT: '0', APPCONFIG_MAX_ATTEMPTS: '1', EMULATOR_FAULTS: 'throttle op=GetDeployment' });
    try {
      const [, url] = await gateway.waitFor(/serving GraphQL at (http:\/\/\S+\/graphql)/);
      const response = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state } }' }),
      });
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(body.errors[0]?.extensions.code).toBe('UPSTREAM_THROTTLED');
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });

  it('refuses invalid emulator variables at start-up, naming them', async () => {
    const gateway = startProcess('src/main.ts', { PORT: '0', EMULATOR_FAULTS: 'throttle rate=1.5' });
    expect(await gateway.exited()).toBe(1);
    expect(gateway.output()).toContain('Invalid emulator configuration');
    expect(gateway.output()).toContain('EMULATOR_FAULTS="throttle rate=1.5"');
  });
});
