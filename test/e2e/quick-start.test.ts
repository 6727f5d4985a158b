import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedExample } from '../fixtures/deployments.js';
import { DEPLOYMENT_SELECTION, expectedDeployment } from '../support/expected.js';
import { startProcess } from '../support/process.js';

/** The defaults a new user gets from `npm start`: no AWS account, no variables (but a free port). */
const defaults = { PORT: '0' };

describe('npm start with no configuration', () => {
  it("serves AWS's documented example from the embedded emulator, through the SDK over loopback HTTP", async () => {
    const gateway = startProcess('src/main.ts', defaults);
    try {
      const [, url, emulatorEndpoint] = await gateway.waitFor(
        /serving GraphQL at (http:\/\/\S+\/graphql) from the embedded AppConfig emulator at (http:\/\/127\.0\.0\.1:\d+)\/ \(sample data\)/,
      );
      await gateway.waitFor(/Try it: .*curl/);
      const response = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { ${DEPLOYMENT_SELECTION} } }` }),
      });
      expect(await response.json()).toEqual({ data: { deployment: { ...expectedDeployment(documentedExample), appliedExtensions: [] } } });

      const direct = await fetch(`${emulatorEndpoint}/applications/339ohji/environments/54j1r29/deployments/1`);
      expect(await direct.json()).toMatchObject({ State: 'COMPLETE', ConfigurationProfileId: 'ur8hx2f' });
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });

  it('loads EMULATOR_SEED instead of the sample, and refuses an invalid one naming the bad entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-'));
    try {
      const good = join(dir, 'good.json');
      writeFileSync(
        good,
        JSON.stringify({ Applications: [{ Id: 'mine123', Name: 'my-app' }], Environments: [{ ApplicationId: 'mine123', Id: 'env1234', Name: 'dev' }] }),
      );
      const gateway = startProcess('src/main.ts', { ...defaults, EMULATOR_SEED: good });
      try {
        const [, url] = await gateway.waitFor(/serving GraphQL at (http:\/\/\S+\/graphql)/);
        const response = await fetch(url!, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query:
              '{ deployments(applicationId: "mine123", environmentId: "env1234") { edges { cursor } } example: deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state } }',
          }),
        });
        const body = (await response.json()) as { data: unknown; errors: Array<{ extensions: { code: string } }> };
        expect(body.data).toEqual({ deployments: { edges: [] }, example: null });
        expect(body.errors[0]?.extensions.code).toBe('NOT_FOUND');
      } finally {
        await gateway.stop();
      }

      const bad = join(dir, 'bad.json');
      writeFileSync(
        bad,
        JSON.stringify({
          Applications: [
            { Id: 'mine123', Name: 'my-app' },
            { Id: 'TOO-LONG-ID', Name: 'x' },
          ],
        }),
      );
      const refused = startProcess('src/main.ts', { ...defaults, EMULATOR_SEED: bad });
      expect(await refused.exited()).toBe(1);
      expect(refused.output()).toContain(`Invalid emulator seed ${bad}`);
      expect(refused.output()).toContain("Applications[1] (TOO-LONG-ID): Value 'TOO-LONG-ID' at 'id' failed to satisfy constraint");
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('npm run emulator', () => {
  it('serves AppConfig alone on EMULATOR_PORT for any SDK', async () => {
    const emulator = startProcess('src/emulator/main.ts', { EMULATOR_PORT: '0' });
    try {
      const [, endpoint] = await emulator.waitFor(/AppConfig emulator at (http:\/\/127\.0\.0\.1:\d+)/);
      const response = await fetch(`${endpoint}/applications`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ Items: expect.arrayContaining([expect.objectContaining({ Id: '339ohji' })]) as unknown });
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  });
});
