import {
  BadRequestException,
  ConflictException,
  CreateApplicationCommand,
  CreateConfigurationProfileCommand,
  CreateEnvironmentCommand,
  CreateExtensionAssociationCommand,
  CreateExtensionCommand,
  CreateHostedConfigurationVersionCommand,
  DeleteApplicationCommand,
  DeleteConfigurationProfileCommand,
  DeleteDeploymentStrategyCommand,
  DeleteEnvironmentCommand,
  DeleteExtensionAssociationCommand,
  DeleteExtensionCommand,
  DeleteHostedConfigurationVersionCommand,
  GetAccountSettingsCommand,
  GetApplicationCommand,
  GetConfigurationCommand,
  GetConfigurationProfileCommand,
  GetDeploymentCommand,
  GetEnvironmentCommand,
  GetExtensionAssociationCommand,
  GetExtensionCommand,
  ListExtensionAssociationsCommand,
  ListExtensionsCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  StartDeploymentCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAccountSettingsCommand,
  UpdateApplicationCommand,
  UpdateConfigurationProfileCommand,
  UpdateDeploymentStrategyCommand,
  UpdateEnvironmentCommand,
  UpdateExtensionAssociationCommand,
  UpdateExtensionCommand,
} from '@aws-sdk/client-appconfig';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { arnOf } from '../../src/emulator/arn.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';

let emulator: TestEmulator;
beforeEach(async () => {
  emulator = await startTestEmulator();
});
afterEach(() => emulator.close());

const send: TestEmulator['client']['send'] = (command) => emulator.client.send(command);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error & { $metadata?: { httpStatusCode?: number } },
  );

const checkout = arnOf({ kind: 'application', applicationId: 'chk2svc' });
const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:audit';
const role = 'arn:aws:iam::123456789012:role/audit';

describe('updating resources', () => {
  it('changes only the members given, and the change is what later reads see', async () => {
    expect(await send(new UpdateApplicationCommand({ ApplicationId: 'chk2svc', Description: 'Checkout, renamed' }))).toMatchObject({
      Name: 'checkout-service',
      Description: 'Checkout, renamed',
    });
    expect(await send(new GetApplicationCommand({ ApplicationId: 'chk2svc' }))).toMatchObject({ Description: 'Checkout, renamed' });

    const environment = await send(new UpdateEnvironmentCommand({ ApplicationId: 'chk2svc', EnvironmentId: 'prod7ea', Name: 'prod', Monitors: [] }));
    expect(environment).toMatchObject({ Name: 'prod', Description: 'Customer-facing checkout.', State: 'Deploying' });
    expect(environment.Monitors).toBeUndefined();

    const profile = await send(new UpdateConfigurationProfileCommand({ ApplicationId: 'chk2svc', ConfigurationProfileId: 'ff1chkp', KmsKeyIdentifier: '' }));
    expect(profile).toMatchObject({ Name: 'checkout-flags', Validators: [{ Type: 'JSON_SCHEMA' }] });
    expect([profile.KmsKeyIdentifier, profile.KmsKeyArn]).toEqual([undefined, undefined]);

    expect(await send(new UpdateDeploymentStrategyCommand({ DeploymentStrategyId: '1225qzk', FinalBakeTimeInMinutes: 20 }))).toMatchObject({
      DeploymentDurationInMinutes: 15,
      GrowthFactor: 25,
      FinalBakeTimeInMinutes: 20,
    });
  });

  it('refuses to change or delete a predefined strategy', async () => {
    expect(await failure(send(new UpdateDeploymentStrategyCommand({ DeploymentStrategyId: 'AppConfig.AllAtOnce', GrowthFactor: 50 })))).toBeInstanceOf(
      BadRequestException,
    );
    expect((await failure(send(new DeleteDeploymentStrategyCommand({ DeploymentStrategyId: 'AppConfig.AllAtOnce' }))))?.message).toMatch(
      /predefined deployment strategy/,
    );
  });
});

describe('deleting resources', () => {
  it("refuses to delete a profile that still has hosted versions, in AppConfig's words, then deletes it once they are gone", async () => {
    const { Id } = await send(new CreateConfigurationProfileCommand({ ApplicationId: 'chk2svc', Name: 'scratch', LocationUri: 'hosted' }));
    const ids = { ApplicationId: 'chk2svc', ConfigurationProfileId: Id };
    await send(new CreateHostedConfigurationVersionCommand({ ...ids, Content: Buffer.from('{}'), ContentType: 'application/json' }));
    const refused = await failure(send(new DeleteConfigurationProfileCommand(ids)));
    expect(refused).toBeInstanceOf(BadRequestException);
    expect(refused?.message).toBe(`Cannot delete configuration profile ${Id} because there are still hosted configuration versions existing under it.`);
    await send(new DeleteHostedConfigurationVersionCommand({ ...ids, VersionNumber: 1 }));
    await send(new DeleteConfigurationProfileCommand(ids));
    expect(await failure(send(new GetConfigurationProfileCommand(ids)))).toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses to delete what a deployment in progress uses: its environment, its profile, the version it deploys', async () => {
    // chk2svc/prod7ea deployment 3 deploys ff1chkp version 3 ("v2.0-beta") and is still DEPLOYING.
    const environment = await failure(send(new DeleteEnvironmentCommand({ ApplicationId: 'chk2svc', EnvironmentId: 'prod7ea' })));
    expect(environment).toBeInstanceOf(ConflictException);
    expect(environment?.message).toMatch(/^Environment prod7ea currently has a state of DEPLOYING: deployment 3 is DEPLOYING/);
    const version = await failure(
      send(new DeleteHostedConfigurationVersionCommand({ ApplicationId: 'chk2svc', ConfigurationProfileId: 'ff1chkp', VersionNumber: 3 })),
    );
    expect(version).toBeInstanceOf(BadRequestException);
    expect(version?.message).toMatch(/is being deployed \(deployment 3 in environment prod7ea\)/);
    await send(new DeleteHostedConfigurationVersionCommand({ ApplicationId: 'chk2svc', ConfigurationProfileId: 'ff1chkp', VersionNumber: 1 }));

    emulator.clock.advanceMinutes(24 * 60);
    await send(new DeleteEnvironmentCommand({ ApplicationId: 'chk2svc', EnvironmentId: 'prod7ea' }));
    expect(await failure(send(new GetEnvironmentCommand({ ApplicationId: 'chk2svc', EnvironmentId: 'prod7ea' })))).toBeInstanceOf(ResourceNotFoundException);
    expect(await failure(send(new GetDeploymentCommand({ ApplicationId: 'chk2svc', EnvironmentId: 'prod7ea', DeploymentNumber: 1 })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('refuses to delete an application that still has environments or profiles, then deletes it, its tags and its extension associations', async () => {
    const { Id } = await send(new CreateApplicationCommand({ Name: 'short-lived', Tags: { owner: 'test' } }));
    const association = await send(
      new CreateExtensionAssociationCommand({
        ExtensionIdentifier: 'deploy-notifier',
        ResourceIdentifier: arnOf({ kind: 'application', applicationId: Id! }),
        Parameters: { channel: '#x' },
      }),
    );
    const { Id: environmentId } = await send(new CreateEnvironmentCommand({ ApplicationId: Id, Name: 'dev' }));
    const refused = await failure(send(new DeleteApplicationCommand({ ApplicationId: Id })));
    expect(refused?.message).toBe(`Cannot delete application ${Id} because there are still environments existing under it.`);
    await send(new DeleteEnvironmentCommand({ ApplicationId: Id, EnvironmentId: environmentId }));
    expect(await send(new DeleteApplicationCommand({ ApplicationId: Id }))).toMatchObject({ $metadata: { httpStatusCode: 204 } });
    expect(await failure(send(new GetApplicationCommand({ ApplicationId: Id })))).toBeInstanceOf(ResourceNotFoundException);
    expect(await failure(send(new ListTagsForResourceCommand({ ResourceArn: arnOf({ kind: 'application', applicationId: Id! }) })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
    expect(await failure(send(new GetExtensionAssociationCommand({ ExtensionAssociationId: association.Id })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it('protects environments and profiles that served configuration within the protection period, unless bypassed', async () => {
    expect(await send(new GetAccountSettingsCommand({}))).toMatchObject({ DeletionProtection: { Enabled: false, ProtectionPeriodInMinutes: 60 } });
    await send(new UpdateAccountSettingsCommand({ DeletionProtection: { Enabled: true } }));
    expect(await send(new GetAccountSettingsCommand({}))).toMatchObject({ DeletionProtection: { Enabled: true, ProtectionPeriodInMinutes: 60 } });

    await send(new GetConfigurationCommand({ Application: '339ohji', Environment: '54j1r29', Configuration: 'ur8hx2f', ClientId: 'test' }));
    const environment = await failure(send(new DeleteEnvironmentCommand({ ApplicationId: '339ohji', EnvironmentId: '54j1r29' })));
    expect(environment).toBeInstanceOf(ConflictException);
    expect(environment?.message).toMatch(/served configuration within the last 60 minutes .* set DeletionProtectionCheck to BYPASS/);
    await send(new DeleteEnvironmentCommand({ ApplicationId: '339ohji', EnvironmentId: '54j1r29', DeletionProtectionCheck: 'BYPASS' }));

    expect(await failure(send(new DeleteConfigurationProfileCommand({ ApplicationId: '339ohji', ConfigurationProfileId: 'ur8hx2f' })))).toBeInstanceOf(
      ConflictException,
    );
    emulator.clock.advanceMinutes(61);
    await send(new DeleteConfigurationProfileCommand({ ApplicationId: '339ohji', ConfigurationProfileId: 'ur8hx2f' }));
  });
});

describe('tags', () => {
  it('lists the sample tags, adds, replaces and removes them, and keeps those given at creation', async () => {
    expect((await send(new ListTagsForResourceCommand({ ResourceArn: checkout }))).Tags).toEqual({ team: 'payments', 'cost-center': 'cc-4711' });
    await send(new TagResourceCommand({ ResourceArn: checkout, Tags: { team: 'checkout', tier: '1' } }));
    await send(new UntagResourceCommand({ ResourceArn: checkout, TagKeys: ['cost-center', 'absent'] }));
    expect((await send(new ListTagsForResourceCommand({ ResourceArn: checkout }))).Tags).toEqual({ team: 'checkout', tier: '1' });

    const { Id } = await send(
      new CreateConfigurationProfileCommand({ ApplicationId: 'chk2svc', Name: 'tagged', LocationUri: 'hosted', Tags: { kind: 'limits' } }),
    );
    expect(
      (await send(new ListTagsForResourceCommand({ ResourceArn: arnOf({ kind: 'configurationprofile', applicationId: 'chk2svc', profileId: Id! }) }))).Tags,
    ).toEqual({ kind: 'limits' });
  });

  it('answers ResourceNotFoundException for a resource that does not exist, and refuses a 51st tag', async () => {
    const missing = await failure(send(new ListTagsForResourceCommand({ ResourceArn: arnOf({ kind: 'application', applicationId: 'nope123' }) })));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    const tooMany = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v']));
    expect(await failure(send(new TagResourceCommand({ ResourceArn: checkout, Tags: tooMany })))).toBeInstanceOf(BadRequestException);
  });
});

describe('extensions and their associations', () => {
  it('answers GetExtension for the extension the sample deployments applied, by id, name or ARN', async () => {
    const deployment = await send(new GetDeploymentCommand({ ApplicationId: 'chk2svc', EnvironmentId: 'prod7ea', DeploymentNumber: 1 }));
    const applied = deployment.AppliedExtensions![0]!;
    const extension = await send(new GetExtensionCommand({ ExtensionIdentifier: applied.ExtensionId }));
    expect(extension).toMatchObject({
      Id: 'ntf4ext',
      Name: 'deploy-notifier',
      VersionNumber: 1,
      Arn: 'arn:aws:appconfig:us-east-1:123456789012:extension/ntf4ext/1',
    });
    expect(Object.keys(extension.Actions ?? {})).toEqual(['ON_DEPLOYMENT_START', 'ON_DEPLOYMENT_COMPLETE', 'ON_DEPLOYMENT_ROLLED_BACK']);
    expect(await send(new GetExtensionCommand({ ExtensionIdentifier: 'deploy-notifier' }))).toMatchObject({ Id: 'ntf4ext' });
    expect(await send(new GetExtensionCommand({ ExtensionIdentifier: extension.Arn }))).toMatchObject({ Id: 'ntf4ext' });
    expect(await send(new GetExtensionAssociationCommand({ ExtensionAssociationId: applied.ExtensionAssociationId }))).toMatchObject({
      ExtensionArn: extension.Arn,
      ResourceArn: arnOf({ kind: 'environment', applicationId: 'chk2svc', environmentId: 'prod7ea' }),
      Parameters: applied.Parameters,
    });
    const invocation = deployment.EventLog?.at(-1)?.ActionInvocations?.[0];
    expect(invocation?.ExtensionIdentifier).toBe(extension.Arn);
  });

  it('versions an extension by name, guarded by LatestVersionNumber', async () => {
    const actions = { ON_DEPLOYMENT_COMPLETE: [{ Name: 'audit', Uri: lambda, RoleArn: role }] };
    const first = await send(new CreateExtensionCommand({ Name: 'audit', Actions: actions, Parameters: { stream: { Required: true } } }));
    expect(first).toMatchObject({ VersionNumber: 1 });
    expect(await failure(send(new CreateExtensionCommand({ Name: 'audit', Actions: actions })))).toBeInstanceOf(ConflictException);
    const second = await send(new CreateExtensionCommand({ Name: 'audit', Actions: actions, LatestVersionNumber: 1 }));
    expect(second).toMatchObject({ Id: first.Id, VersionNumber: 2, Arn: `arn:aws:appconfig:us-east-1:123456789012:extension/${first.Id}/2` });
    expect(await send(new GetExtensionCommand({ ExtensionIdentifier: 'audit', VersionNumber: 1 }))).toMatchObject({
      VersionNumber: 1,
      Parameters: { stream: { Required: true } },
    });
    expect(await send(new UpdateExtensionCommand({ ExtensionIdentifier: first.Id, Description: 'audits deployments' }))).toMatchObject({
      VersionNumber: 2,
      Description: 'audits deployments',
    });
    expect((await send(new ListExtensionsCommand({ Name: 'audit' }))).Items).toEqual([
      { Id: first.Id, Name: 'audit', VersionNumber: 2, Arn: second.Arn, Description: 'audits deployments' },
    ]);
  });

  it('applies associated extensions to new deployments, checks parameters, and keeps an associated extension from deletion', async () => {
    const extension = await send(
      new CreateExtensionCommand({
        Name: 'audit',
        Actions: { ON_DEPLOYMENT_START: [{ Name: 'audit', Uri: lambda, RoleArn: role }] },
        Parameters: { stream: { Required: true } },
      }),
    );
    const resource = arnOf({ kind: 'application', applicationId: '339ohji' });
    const missing = await failure(send(new CreateExtensionAssociationCommand({ ExtensionIdentifier: 'audit', ResourceIdentifier: resource })));
    expect(missing?.message).toBe('Extension audit requires parameter stream.');
    expect(
      (
        await failure(
          send(
            new CreateExtensionAssociationCommand({ ExtensionIdentifier: 'audit', ResourceIdentifier: resource, Parameters: { stream: 'a', colour: 'red' } }),
          ),
        )
      )?.message,
    ).toBe('Extension audit has no parameter colour.');
    const association = await send(
      new CreateExtensionAssociationCommand({ ExtensionIdentifier: extension.Arn, ResourceIdentifier: resource, Parameters: { stream: 'deploys' } }),
    );
    expect(association).toMatchObject({ ExtensionArn: extension.Arn, ResourceArn: resource, ExtensionVersionNumber: 1 });
    expect(await send(new UpdateExtensionAssociationCommand({ ExtensionAssociationId: association.Id, Parameters: { stream: 'audit-log' } }))).toMatchObject({
      Parameters: { stream: 'audit-log' },
    });
    expect((await send(new ListExtensionAssociationsCommand({ ResourceIdentifier: resource }))).Items).toEqual([
      { Id: association.Id, ExtensionArn: extension.Arn, ResourceArn: resource },
    ]);

    const started = await send(
      new StartDeploymentCommand({
        ApplicationId: '339ohji',
        EnvironmentId: '54j1r29',
        DeploymentStrategyId: 'AppConfig.AllAtOnce',
        ConfigurationProfileId: 'ur8hx2f',
        ConfigurationVersion: '2',
      }),
    );
    expect(started.AppliedExtensions).toEqual([
      { ExtensionId: extension.Id, ExtensionAssociationId: association.Id, VersionNumber: 1, Parameters: { stream: 'audit-log' } },
    ]);

    expect((await failure(send(new DeleteExtensionCommand({ ExtensionIdentifier: 'audit' }))))?.message).toMatch(/still has associations/);
    await send(new DeleteExtensionAssociationCommand({ ExtensionAssociationId: association.Id }));
    await send(new DeleteExtensionCommand({ ExtensionIdentifier: 'audit' }));
    expect(await failure(send(new GetExtensionCommand({ ExtensionIdentifier: 'audit' })))).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('GetConfiguration (deprecated)', () => {
  it('serves the content last deployed from a hosted profile, by id or name, and nothing to a client that has that version', async () => {
    const byName = await send(
      new GetConfigurationCommand({ Application: 'checkout-service', Environment: 'staging', Configuration: 'rate-limits', ClientId: 'test' }),
    );
    expect(byName).toMatchObject({ ConfigurationVersion: '1', ContentType: 'application/json' });
    expect(JSON.parse(Buffer.from(byName.Content!).toString('utf8'))).toEqual({ defaultRps: 50, partners: { acme: 200 } });
    const unchanged = await send(
      new GetConfigurationCommand({
        Application: 'chk2svc',
        Environment: 'stg4kq1',
        Configuration: 'lim5cfg',
        ClientId: 'test',
        ClientConfigurationVersion: '1',
      }),
    );
    expect(unchanged.Content?.length ?? 0).toBe(0);
    expect(
      await failure(send(new GetConfigurationCommand({ Application: 'chk2svc', Environment: 'stg4kq1', Configuration: 'ff1chkp', ClientId: 'test' }))),
    ).toBeInstanceOf(ResourceNotFoundException);
  });

  it('serves a newly deployed version once its deployment has started', async () => {
    const created = await send(
      new CreateHostedConfigurationVersionCommand({
        ApplicationId: 'chk2svc',
        ConfigurationProfileId: 'lim5cfg',
        Content: Buffer.from('{"defaultRps":75}'),
        ContentType: 'application/json',
      }),
    );
    expect(created.VersionNumber).toBe(2);
    emulator.clock.advanceMinutes(20);
    await send(
      new StartDeploymentCommand({
        ApplicationId: 'chk2svc',
        EnvironmentId: 'stg4kq1',
        DeploymentStrategyId: 'AppConfig.AllAtOnce',
        ConfigurationProfileId: 'lim5cfg',
        ConfigurationVersion: '2',
      }),
    );
    const served = await send(new GetConfigurationCommand({ Application: 'chk2svc', Environment: 'stg4kq1', Configuration: 'lim5cfg', ClientId: 'test' }));
    expect([served.ConfigurationVersion, Buffer.from(served.Content!).toString('utf8')]).toEqual(['2', '{"defaultRps":75}']);
  });
});
