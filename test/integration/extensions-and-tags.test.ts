import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

let emulator: TestEmulator;
let gateway: TestGateway;
beforeAll(async () => {
  emulator = await startTestEmulator();
  gateway = await startGateway({ endpoint: emulator.endpoint });
});
afterAll(async () => {
  await gateway.stop();
  await emulator.close();
});
beforeEach(() => {
  emulator.resetCounters();
  emulator.setFaults([]);
});

const APPLIED = `{
  first: deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { appliedExtensions { extension { ...E } } }
  second: deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 2) { appliedExtensions { extension { id } } }
}
fragment E on Extension { id name versionNumber arn description actions { actionPoint name description uri roleArn } parameters { name description required dynamic } }`;

describe('applied extensions link to their extension (GetExtension)', () => {
  it('answers the extension at the version that ran, once for the deployments that share it', async () => {
    const { body } = await gateway.query(APPLIED);

    expect(body.errors).toBeUndefined();
    const action = {
      name: 'notify-slack',
      description: 'Post the event to the channel.',
      uri: 'arn:aws:lambda:us-east-1:123456789012:function:appconfig-notify-slack',
      roleArn: 'arn:aws:iam::123456789012:role/appconfig-extension-invoker',
    };
    expect(body.data).toEqual({
      first: {
        appliedExtensions: [
          {
            extension: {
              id: 'ntf4ext',
              name: 'deploy-notifier',
              versionNumber: 1,
              arn: 'arn:aws:appconfig:us-east-1:123456789012:extension/ntf4ext/1',
              description: 'Posts deployment starts, completions and rollbacks to Slack.',
              actions: [
                { actionPoint: 'ON_DEPLOYMENT_START', ...action },
                { actionPoint: 'ON_DEPLOYMENT_COMPLETE', ...action },
                { actionPoint: 'ON_DEPLOYMENT_ROLLED_BACK', ...action },
              ],
              parameters: [
                { name: 'channel', description: 'The Slack channel to post to.', required: true, dynamic: null },
                { name: 'mention', description: 'Who to mention on a rollback.', required: false, dynamic: null },
              ],
            },
          },
        ],
      },
      second: { appliedExtensions: [{ extension: { id: 'ntf4ext' } }] },
    });
    expect(emulator.requestsTo('GetExtension').map((request) => [request.labels['ExtensionIdentifier'], request.query.get('version_number')])).toEqual([
      ['ntf4ext', '1'],
    ]);
  });

  it('nulls only the extension when it cannot be read', async () => {
    emulator.setFaults([{ fault: { kind: 'error', status: 500 }, operations: ['GetExtension'] }]);
    const { body } = await gateway.query(
      '{ deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { state appliedExtensions { extensionId extension { name } } } }',
    );

    expect(body.data).toEqual({ deployment: { state: 'COMPLETE', appliedExtensions: [{ extensionId: 'ntf4ext', extension: null }] } });
    expect(body.errors?.[0]).toMatchObject({ path: ['deployment', 'appliedExtensions', 0, 'extension'], extensions: { code: 'UPSTREAM_ERROR' } });
  });
});

describe('tags (ListTagsForResource)', () => {
  it('answers the tags of applications, environments and profiles, sorted by key, by their ARNs', async () => {
    const { body } = await gateway.query(`{ application(id: "chk2svc") {
      tags { key value }
      environments { id tags { key value } }
      configurationProfiles { id tags { key } } } }`);

    expect(body.errors).toBeUndefined();
    const application = (
      body.data as { application: { tags: unknown; environments: Array<{ id: string; tags: unknown }>; configurationProfiles: Array<{ tags: unknown }> } }
    ).application;
    expect(application.tags).toEqual([
      { key: 'cost-center', value: 'cc-4711' },
      { key: 'team', value: 'payments' },
    ]);
    expect(application.environments.length).toBeGreaterThan(0);
    for (const environment of application.environments) expect(environment.tags).toEqual(expect.any(Array));
    const arns = emulator.requestsTo('ListTagsForResource').map((request) => request.labels['ResourceArn']);
    expect(arns).toContain('arn:aws:appconfig:us-east-1:123456789012:application/chk2svc');
    expect(arns).toContain('arn:aws:appconfig:us-east-1:123456789012:application/chk2svc/environment/prod7ea');
    expect(arns.filter((arn) => arn?.includes('/configurationprofile/'))).toHaveLength(application.configurationProfiles.length);
    expect(new Set(arns).size).toBe(arns.length);
  });
});
