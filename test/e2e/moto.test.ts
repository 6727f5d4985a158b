import { spawn, spawnSync } from 'node:child_process';
import { AppConfigClient, CreateApplicationCommand, CreateConfigurationProfileCommand } from '@aws-sdk/client-appconfig';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { freePort } from '../support/process.js';

const motoAvailable = spawnSync('moto_server', ['--help']).error === undefined;
if (!motoAvailable) console.warn('Skipping the moto tests: no `moto_server` on PATH (it comes with Python 3.11 on the project machines).');

async function waitUntilServing(endpoint: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(`${endpoint}/moto-api/`);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`moto_server did not start at ${endpoint}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** moto implements AppConfig applications and configuration profiles: a second, independent AppConfig. */
describe.skipIf(!motoAvailable)("the gateway against moto's AppConfig", () => {
  let moto: ReturnType<typeof spawn>;
  let endpoint: string;
  let gateway: TestGateway;
  let ids: { application: string; profile: string };

  beforeAll(async () => {
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    await waitUntilServing(endpoint);

    const client = new AppConfigClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const application = await client.send(new CreateApplicationCommand({ Name: 'from-moto', Description: 'created through the SDK' }));
    const profile = await client.send(
      new CreateConfigurationProfileCommand({
        ApplicationId: application.Id,
        Name: 'moto-flags',
        LocationUri: 'hosted',
        Type: 'AWS.Freeform',
        Description: 'a profile',
      }),
    );
    client.destroy();
    ids = { application: application.Id!, profile: profile.Id! };
    gateway = await startGateway({ endpoint });
  });
  afterAll(async () => {
    await gateway?.stop();
    moto?.kill();
  });

  it('answers application and configurationProfile from it', async () => {
    const { body } = await gateway.query(
      `query($a: String!, $p: String!) {
        application(id: $a) { id name description }
        configurationProfile(applicationId: $a, id: $p) { applicationId id name description locationUri type validators { type } }
      }`,
      { a: ids.application, p: ids.profile },
    );
    expect(body).toEqual({
      data: {
        application: { id: ids.application, name: 'from-moto', description: 'created through the SDK' },
        configurationProfile: {
          applicationId: ids.application,
          id: ids.profile,
          name: 'moto-flags',
          description: 'a profile',
          locationUri: 'hosted',
          type: 'AWS.Freeform',
          validators: [],
        },
      },
    });
  });

  it('answers NOT_FOUND for an application moto does not have', async () => {
    const { body } = await gateway.query('{ application(id: "nope123") { name } }');
    expect(body.data).toEqual({ application: null });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
