import type { Deployment } from '@aws-sdk/client-appconfig';
import { describe, expect, it } from 'vitest';
import type { AppConfigApi, DeploymentPageRequest } from '../../src/appconfig/api.js';
import { ErrorCode, gatewayError } from '../../src/errors.js';
import { createLoaders } from '../../src/loaders/index.js';
import { ReadFreshness } from '../../src/loaders/read-freshness.js';
import type { DeploymentKey } from '../../src/model/deployment.js';

/** An AppConfigApi that records every call; deployment 404 is missing. */
function recordingApi() {
  const getCalls: DeploymentKey[] = [];
  const listCalls: DeploymentPageRequest[] = [];
  const unexpected = () => Promise.reject(new Error('not called in these tests'));
  const api: AppConfigApi = {
    getApplication: unexpected,
    listApplications: unexpected,
    getEnvironment: unexpected,
    listEnvironments: unexpected,
    getDeploymentStrategy: unexpected,
    listDeploymentStrategies: unexpected,
    getConfigurationProfile: unexpected,
    listConfigurationProfiles: unexpected,
    listHostedConfigurationVersions: unexpected,
    getExtension: unexpected,
    listTagsForResource: unexpected,
    getDeployment(key) {
      getCalls.push(key);
      if (key.deploymentNumber === 404) return Promise.reject(gatewayError(ErrorCode.NOT_FOUND, 'no such deployment'));
      return Promise.resolve<Deployment>({ ApplicationId: key.applicationId, EnvironmentId: key.environmentId, DeploymentNumber: key.deploymentNumber });
    },
    listDeployments(request) {
      listCalls.push(request);
      return Promise.resolve({ items: [] });
    },
  };
  return { api, getCalls, listCalls };
}

const NO_CACHE = { ttl: { final: 0, active: 0, list: 0, resource: 0, notFound: 0, staleIfError: 0 }, freshness: new ReadFreshness() };
const key = (applicationId: string, environmentId: string, deploymentNumber: number): DeploymentKey => ({ applicationId, environmentId, deploymentNumber });

describe('deployment loader', () => {
  it('batches the keys of one tick, calls AppConfig once per distinct key and answers in key order', async () => {
    const { api, getCalls } = recordingApi();
    const loaders = createLoaders({ api, ...NO_CACHE });
    const keys = [key('a', 'e', 1), key('a', 'e', 2), key('a', 'e', 1), key('b', 'e', 1), key('a', 'e', 2)];

    const results = await Promise.all(keys.map((k) => loaders.deployment.load(k)));

    expect(getCalls).toEqual([key('a', 'e', 1), key('a', 'e', 2), key('b', 'e', 1)]);
    expect(results.map((d) => [d.ApplicationId, d.DeploymentNumber])).toEqual([
      ['a', 1],
      ['a', 2],
      ['a', 1],
      ['b', 1],
      ['a', 2],
    ]);
  });

  it('keeps ids that would collide under naive joining apart', async () => {
    const { api, getCalls } = recordingApi();
    const loaders = createLoaders({ api, ...NO_CACHE });
    await Promise.all([loaders.deployment.load(key('a|b', 'c', 1)), loaders.deployment.load(key('a', 'b|c', 1))]);
    expect(getCalls).toHaveLength(2);
  });

  it('fails only the key that failed', async () => {
    const { api } = recordingApi();
    const loaders = createLoaders({ api, ...NO_CACHE });
    const [ok, missing] = await Promise.allSettled([loaders.deployment.load(key('a', 'e', 1)), loaders.deployment.load(key('a', 'e', 404))]);
    expect(ok).toMatchObject({ status: 'fulfilled', value: { DeploymentNumber: 1 } });
    expect(missing).toMatchObject({ status: 'rejected', reason: { extensions: { code: 'NOT_FOUND' } } });
  });

  it('serves a repeated key from the request cache without calling AppConfig again', async () => {
    const { api, getCalls } = recordingApi();
    const loaders = createLoaders({ api, ...NO_CACHE });
    await loaders.deployment.load(key('a', 'e', 1));
    await loaders.deployment.load(key('a', 'e', 1));
    expect(getCalls).toHaveLength(1);
  });

  it('starts empty for every request: loaders share no cache', async () => {
    const { api, getCalls } = recordingApi();
    await createLoaders({ api, ...NO_CACHE }).deployment.load(key('a', 'e', 1));
    await createLoaders({ api, ...NO_CACHE }).deployment.load(key('a', 'e', 1));
    expect(getCalls).toHaveLength(2);
  });
});

describe('deployment page loader', () => {
  it('de-duplicates identical page requests and keeps different tokens apart', async () => {
    const { api, listCalls } = recordingApi();
    const loaders = createLoaders({ api, ...NO_CACHE });
    const first = { applicationId: 'a', environmentId: 'e', maxResults: 50 };
    await Promise.all([
      loaders.deploymentPage.load(first),
      loaders.deploymentPage.load({ ...first }),
      loaders.deploymentPage.load({ ...first, nextToken: 'abc' }),
    ]);
    expect(listCalls).toEqual([first, { ...first, nextToken: 'abc' }]);
  });
});
