import {
  BadRequestException,
  ConflictException,
  CreateApplicationCommand,
  CreateConfigurationProfileCommand,
  CreateDeploymentStrategyCommand,
  CreateEnvironmentCommand,
  CreateHostedConfigurationVersionCommand,
  GetApplicationCommand,
  GetConfigurationProfileCommand,
  GetDeploymentCommand,
  GetDeploymentStrategyCommand,
  GetEnvironmentCommand,
  GetHostedConfigurationVersionCommand,
  ListApplicationsCommand,
  ListConfigurationProfilesCommand,
  ListDeploymentsCommand,
  ListDeploymentStrategiesCommand,
  ListEnvironmentsCommand,
  ListHostedConfigurationVersionsCommand,
  ResourceNotFoundException,
  StartDeploymentCommand,
  ListExperimentDefinitionsCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-appconfig';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentedExample } from '../fixtures/deployments.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { expectedDeployment } from '../support/expected.js';

let emulator: TestEmulator;
beforeEach(async () => {
  emulator = await startTestEmulator();
});
afterEach(() => emulator.close());

/** Creates an application, environment, hosted profile with one version, and the documented strategy. */
async function scaffold() {
  const { client } = emulator;
  const application = await client.send(new CreateApplicationCommand({ Name: 'demo', Description: 'made by a test' }));
  const environment = await client.send(new CreateEnvironmentCommand({ ApplicationId: application.Id, Name: 'prod' }));
  const profile = await client.send(new CreateConfigurationProfileCommand({ ApplicationId: application.Id, Name: 'flags', LocationUri: 'hosted' }));
  await client.send(
    new CreateHostedConfigurationVersionCommand({
      ApplicationId: application.Id,
      ConfigurationProfileId: profile.Id,
      Content: Buffer.from('{"enabled":true}'),
      ContentType: 'application/json',
      VersionLabel: 'v1-label',
    }),
  );
  const strategy = await client.send(
    new CreateDeploymentStrategyCommand({
      Name: 'documented',
      DeploymentDurationInMinutes: 15,
      GrowthFactor: 25,
      GrowthType: 'LINEAR',
      FinalBakeTimeInMinutes: 0,
    }),
  );
  const ids = { ApplicationId: application.Id!, EnvironmentId: environment.Id!, ConfigurationProfileId: profile.Id!, DeploymentStrategyId: strategy.Id! };
  const start = (extra: Partial<ConstructorParameters<typeof StartDeploymentCommand>[0]> = {}) =>
    client.send(new StartDeploymentCommand({ ...ids, ConfigurationVersion: '1', ...extra }));
  const get = (DeploymentNumber: number) =>
    client.send(new GetDeploymentCommand({ ApplicationId: ids.ApplicationId, EnvironmentId: ids.EnvironmentId, DeploymentNumber }));
  const environmentState = async () =>
    (await client.send(new GetEnvironmentCommand({ ApplicationId: ids.ApplicationId, EnvironmentId: ids.EnvironmentId }))).State;
  return { ids, start, get, environmentState };
}

describe('the emulator through @aws-sdk/client-appconfig', () => {
  it("serves AWS's documented GetDeployment example member for member", async () => {
    const { $metadata, ...deployment } = await emulator.client.send(
      new GetDeploymentCommand({ ApplicationId: '339ohji', EnvironmentId: '54j1r29', DeploymentNumber: 1 }),
    );
    expect($metadata.httpStatusCode).toBe(200);
    expect(deployment).toEqual({
      ...Object.fromEntries(Object.entries(documentedExample).filter(([key]) => !['EventLog', 'StartedAt', 'CompletedAt'].includes(key))),
      StartedAt: new Date('2021-09-17T21:43:54.205Z'),
      CompletedAt: new Date('2021-09-17T21:59:03.888Z'),
      EventLog: (documentedExample['EventLog'] as Array<Record<string, string>>).map((event) => ({ ...event, OccurredAt: new Date(event['OccurredAt']!) })),
    });
    expect(expectedDeployment(documentedExample).eventLog).toHaveLength(7);
  });

  it('runs a LINEAR deployment as AWS documents it: a step every 3 minutes, 100% at 12, complete at 15', async () => {
    const { start, get, environmentState } = await scaffold();
    const started = await start({ Description: 'watch me' });
    expect(started).toMatchObject({
      DeploymentNumber: 1,
      State: 'DEPLOYING',
      PercentageComplete: 0,
      VersionLabel: 'v1-label',
      ConfigurationLocationUri: 'hosted',
    });
    expect(started.$metadata.httpStatusCode).toBe(201);
    expect(started.EventLog?.map((event) => event.EventType)).toEqual(['DEPLOYMENT_STARTED']);
    expect(await environmentState()).toBe('Deploying');

    const seen: Array<[number, string | undefined, number | undefined]> = [];
    for (let minute = 1; minute <= 15; minute += 1) {
      emulator.clock.advanceMinutes(1);
      const deployment = await get(1);
      seen.push([minute, deployment.State, deployment.PercentageComplete]);
    }
    expect(seen.filter(([minute]) => minute % 3 === 0)).toEqual([
      [3, 'DEPLOYING', 25],
      [6, 'DEPLOYING', 50],
      [9, 'DEPLOYING', 75],
      [12, 'DEPLOYING', 100],
      [15, 'COMPLETE', 100],
    ]);
    const done = await get(1);
    expect(done.EventLog?.map((event) => [event.EventType, event.Description])).toEqual([
      ['DEPLOYMENT_COMPLETED', 'Deployment completed'],
      ['BAKE_TIME_STARTED', 'Deployment bake time started'],
      ['PERCENTAGE_UPDATED', 'Configuration available to 100.00% of clients'],
      ['PERCENTAGE_UPDATED', 'Configuration available to 75.00% of clients'],
      ['PERCENTAGE_UPDATED', 'Configuration available to 50.00% of clients'],
      ['PERCENTAGE_UPDATED', 'Configuration available to 25.00% of clients'],
      ['DEPLOYMENT_STARTED', 'Deployment started'],
    ]);
    expect(done.CompletedAt).toEqual(done.EventLog?.[0]?.OccurredAt);
    expect(done.CompletedAt!.getTime() - done.StartedAt!.getTime()).toBe(15 * 60_000);
    expect(await environmentState()).toBe('ReadyForDeployment');
  });

  it('runs an EXPONENTIAL deployment from the predefined canary strategy', async () => {
    const { start, get } = await scaffold();
    await start({ DeploymentStrategyId: 'AppConfig.Canary10Percent20Minutes' });
    const percentages: number[] = [];
    for (let minute = 0; minute < 20; minute += 1) {
      emulator.clock.advanceMinutes(1);
      const percentage = (await get(1)).PercentageComplete!;
      if (percentages.at(-1) !== percentage) percentages.push(percentage);
    }
    expect(percentages).toEqual([1, 10, 20, 40, 80, 100]);
    expect((await get(1)).State).toBe('BAKING');
    emulator.clock.advanceMinutes(10);
    expect((await get(1)).State).toBe('COMPLETE');
  });

  it.each([
    ['AppConfig.AllAtOnce', 'BAKING', 100, ['BAKE_TIME_STARTED', 'PERCENTAGE_UPDATED', 'DEPLOYMENT_STARTED']],
    ['a strategy of zero minutes and no bake time', 'COMPLETE', 100, ['DEPLOYMENT_COMPLETED', 'BAKE_TIME_STARTED', 'PERCENTAGE_UPDATED', 'DEPLOYMENT_STARTED']],
    ['AppConfig.Linear50PercentEvery30Seconds', 'DEPLOYING', 1, ['DEPLOYMENT_STARTED']],
  ])(
    'answers StartDeployment with %s as the service does: DEPLOYING at 0%%, only DEPLOYMENT_STARTED; progress shows on later reads',
    async (strategy, laterState, laterPercentage, laterEvents) => {
      const { start, get } = await scaffold();
      const DeploymentStrategyId = strategy.startsWith('AppConfig.')
        ? strategy
        : (
            await emulator.client.send(
              new CreateDeploymentStrategyCommand({ Name: 'instant', DeploymentDurationInMinutes: 0, GrowthFactor: 100, FinalBakeTimeInMinutes: 0 }),
            )
          ).Id!;
      const started = await start({ DeploymentStrategyId });
      expect(started).toMatchObject({ State: 'DEPLOYING', PercentageComplete: 0 });
      expect(started.EventLog?.map((event) => [event.EventType, event.TriggeredBy])).toEqual([['DEPLOYMENT_STARTED', 'USER']]);
      expect(started.CompletedAt).toBeUndefined();

      const later = await get(1);
      expect([later.State, later.PercentageComplete]).toEqual([laterState, laterPercentage]);
      expect(later.EventLog?.map((event) => event.EventType)).toEqual(laterEvents);
    },
  );

  it("refuses a second deployment while one is in progress, in the service's words, and a stale LatestDeploymentNumber", async () => {
    const { ids, start } = await scaffold();
    await start();
    const second = await start().catch((error: unknown) => error);
    expect(second).toBeInstanceOf(ConflictException);
    expect((second as Error).message).toBe(
      `Environment ${ids.EnvironmentId} currently has a state of DEPLOYING. The current deployment must finish before a new deployment can be started.`,
    );
    emulator.clock.advanceMinutes(15);
    await expect(start({ LatestDeploymentNumber: 0 })).rejects.toThrow('Deployment number 1 already exists');
    await expect(start({ LatestDeploymentNumber: 1 })).resolves.toMatchObject({ DeploymentNumber: 2 });
  });

  it('rolls back a running deployment on StopDeployment, and the environment follows', async () => {
    const { ids, start, get, environmentState } = await scaffold();
    await start();
    emulator.clock.advanceMinutes(7);
    const stopping = await emulator.client.send(
      new StopDeploymentCommand({ ApplicationId: ids.ApplicationId, EnvironmentId: ids.EnvironmentId, DeploymentNumber: 1 }),
    );
    expect(stopping.$metadata.httpStatusCode).toBe(202);
    expect(stopping).toMatchObject({ State: 'ROLLING_BACK', PercentageComplete: 50 });
    expect(stopping.EventLog?.[0]).toMatchObject({ EventType: 'ROLLBACK_STARTED', TriggeredBy: 'USER' });
    expect(await environmentState()).toBe('RollingBack');

    emulator.clock.advanceMinutes(1);
    const rolledBack = await get(1);
    expect(rolledBack.State).toBe('ROLLED_BACK');
    expect(rolledBack.EventLog?.slice(0, 2).map((event) => event.EventType)).toEqual(['ROLLBACK_COMPLETED', 'ROLLBACK_STARTED']);
    expect(await environmentState()).toBe('RolledBack');
    emulator.clock.advanceMinutes(60);
    expect((await get(1)).State).toBe('ROLLED_BACK');
  });

  it('reverts a COMPLETE deployment only with AllowRevert and within 72 hours', async () => {
    const { ids, start, get, environmentState } = await scaffold();
    const stop = (DeploymentNumber: number, AllowRevert?: boolean) =>
      emulator.client.send(new StopDeploymentCommand({ ApplicationId: ids.ApplicationId, EnvironmentId: ids.EnvironmentId, DeploymentNumber, AllowRevert }));
    await start();
    emulator.clock.advanceMinutes(15);

    await expect(stop(1)).rejects.toBeInstanceOf(BadRequestException);
    const reverted = await stop(1, true);
    expect(reverted).toMatchObject({ State: 'REVERTED' });
    expect(reverted.EventLog?.[0]).toMatchObject({ EventType: 'REVERT_COMPLETED', TriggeredBy: 'USER' });
    expect(await environmentState()).toBe('Reverted');
    await expect(stop(1, true)).rejects.toBeInstanceOf(BadRequestException);

    await start();
    emulator.clock.advanceMinutes(15 + 72 * 60 + 1);
    await expect(stop(2, true)).rejects.toThrow(/72 hours/);
    expect((await get(2)).State).toBe('COMPLETE');
  });

  it('answers typed errors with ResourceName, validation messages and clear refusals', async () => {
    const { client } = emulator;
    const missing = await client
      .send(new GetDeploymentCommand({ ApplicationId: '339ohji', EnvironmentId: '54j1r29', DeploymentNumber: 9 }))
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect(missing).toMatchObject({ ResourceName: 'Deployment', $metadata: { httpStatusCode: 404 } });

    const tooMany = await client.send(new ListApplicationsCommand({ MaxResults: 51 })).catch((error: unknown) => error);
    expect(tooMany).toBeInstanceOf(BadRequestException);
    expect((tooMany as Error).message).toBe(
      "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    );

    await expect(
      client.send(
        new StartDeploymentCommand({
          ApplicationId: '339ohji',
          EnvironmentId: '54j1r29',
          DeploymentStrategyId: 'not a strategy!',
          ConfigurationProfileId: 'ur8hx2f',
          ConfigurationVersion: '1',
        }),
      ),
    ).rejects.toThrow(/deploymentStrategyId/);
    await expect(client.send(new GetApplicationCommand({ ApplicationId: 'odd/id?#%' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(client.send(new ListExperimentDefinitionsCommand({}))).rejects.toMatchObject({
      name: 'NotImplementedException',
      message: 'The AppConfig emulator does not implement ListExperimentDefinitions.',
      $metadata: { httpStatusCode: 501 },
    });
  });

  it('pages every list with max_results and next_token', async () => {
    const { client } = emulator;
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListDeploymentStrategiesCommand({ MaxResults: 2, NextToken }));
      expect(page.Items!.length).toBeLessThanOrEqual(2);
      names.push(...page.Items!.map((item) => item.Name!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(names).toEqual(expect.arrayContaining(['AppConfig.AllAtOnce', 'AppConfig.Canary10Percent20Minutes', 'Example-Deployment-Strategy']));
    expect(new Set(names).size).toBe(names.length);
    await expect(client.send(new ListApplicationsCommand({ NextToken: 'garbage' }))).rejects.toBeInstanceOf(BadRequestException);
  });

  it('binds a NextToken to the operation and parameters it came from, and neither repeats nor skips items added between pages', async () => {
    const { client } = emulator;
    const first = await client.send(new ListApplicationsCommand({ MaxResults: 2 }));
    expect(first.Items?.map((item) => item.Id)).toEqual(['339ohji', 'chk2svc']);
    const elsewhere = await client.send(new ListDeploymentStrategiesCommand({ NextToken: first.NextToken })).catch((error: unknown) => error);
    expect(elsewhere).toBeInstanceOf(BadRequestException);
    expect((elsewhere as Error).message).toMatch(/NextToken was issued for a different request/);
    await expect(client.send(new ListEnvironmentsCommand({ ApplicationId: 'chk2svc', NextToken: first.NextToken }))).rejects.toBeInstanceOf(
      BadRequestException,
    );

    const added = [];
    for (const Name of ['late-1', 'late-2']) added.push((await client.send(new CreateApplicationCommand({ Name }))).Id);
    const rest: Array<string | undefined> = [];
    let NextToken = first.NextToken;
    while (NextToken) {
      const page = await client.send(new ListApplicationsCommand({ MaxResults: 2, NextToken }));
      rest.push(...(page.Items ?? []).map((item) => item.Id));
      NextToken = page.NextToken;
    }
    expect(rest).toEqual(['srch7ui', ...added]);
  });

  it('serves the sample resources through every Get and List operation', async () => {
    const { client } = emulator;
    expect((await client.send(new ListApplicationsCommand({}))).Items?.map((item) => item.Id)).toEqual(['339ohji', 'chk2svc', 'srch7ui']);
    expect(await client.send(new GetApplicationCommand({ ApplicationId: 'chk2svc' }))).toMatchObject({ Name: 'checkout-service' });
    expect((await client.send(new ListEnvironmentsCommand({ ApplicationId: 'chk2svc' }))).Items?.map((item) => [item.Name, item.State])).toEqual([
      ['production', 'Deploying'],
      ['staging', 'Deploying'],
    ]);
    expect(await client.send(new GetDeploymentStrategyCommand({ DeploymentStrategyId: 'AppConfig.AllAtOnce' }))).toMatchObject({
      DeploymentDurationInMinutes: 0,
      FinalBakeTimeInMinutes: 10,
    });
    expect(await client.send(new GetConfigurationProfileCommand({ ApplicationId: 'chk2svc', ConfigurationProfileId: 'ff1chkp' }))).toMatchObject({
      Type: 'AWS.AppConfig.FeatureFlags',
      Validators: [{ Type: 'JSON_SCHEMA' }],
    });
    expect((await client.send(new ListConfigurationProfilesCommand({ ApplicationId: 'chk2svc', Type: 'AWS.Freeform' }))).Items).toEqual([
      { ApplicationId: 'chk2svc', Id: 'lim5cfg', Name: 'rate-limits', LocationUri: 'hosted', Type: 'AWS.Freeform' },
    ]);
    const versions = await client.send(
      new ListHostedConfigurationVersionsCommand({ ApplicationId: 'chk2svc', ConfigurationProfileId: 'ff1chkp', VersionLabel: 'v1*' }),
    );
    expect(versions.Items?.map((item) => item.VersionLabel)).toEqual(['v1.1', 'v1.0']);
    const version = await client.send(
      new GetHostedConfigurationVersionCommand({ ApplicationId: 'chk2svc', ConfigurationProfileId: 'ff1chkp', VersionNumber: 2 }),
    );
    expect(version).toMatchObject({ ApplicationId: 'chk2svc', VersionNumber: 2, ContentType: 'application/json', VersionLabel: 'v1.1' });
    expect(JSON.parse(Buffer.from(version.Content!).toString('utf8'))).toMatchObject({ values: { 'one-click-checkout': { enabled: true } } });
    const deployments = await client.send(new ListDeploymentsCommand({ ApplicationId: 'chk2svc', EnvironmentId: 'prod7ea' }));
    expect(deployments.Items?.map((item) => [item.DeploymentNumber, item.State])).toEqual([
      [3, 'DEPLOYING'],
      [2, 'ROLLED_BACK'],
      [1, 'COMPLETE'],
    ]);
  });
});
