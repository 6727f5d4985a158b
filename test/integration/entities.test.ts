import { describe, expect, it } from 'vitest';
import { variedSeed } from '../fixtures/deployments.js';
import { useGatewayOverEmulator } from '../support/harness.js';

const t = useGatewayOverEmulator(variedSeed('app1234', 'env1234', 5));

describe('Deployment as a federation entity', () => {
  it('resolves _entities through the deployment loader, one call per distinct deployment, nulling only missing ones', async () => {
    const representations = [1, 2, 1, 99, 2, 3].map((deploymentNumber) => ({
      __typename: 'Deployment',
      applicationId: 'app1234',
      environmentId: 'env1234',
      deploymentNumber,
    }));
    const { body } = await t.gateway.query('query($r: [_Any!]!) { _entities(representations: $r) { ... on Deployment { deploymentNumber state } } }', {
      r: representations,
    });
    expect(body.data).toEqual({
      _entities: [
        { deploymentNumber: 1, state: 'BAKING' },
        { deploymentNumber: 2, state: 'VALIDATING' },
        { deploymentNumber: 1, state: 'BAKING' },
        null,
        { deploymentNumber: 2, state: 'VALIDATING' },
        { deploymentNumber: 3, state: 'DEPLOYING' },
      ],
    });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['_entities', 3], extensions: expect.objectContaining({ code: 'NOT_FOUND' }) as unknown })]);
    expect(t.upstream.requestedDeployments().sort((a, b) => a - b)).toEqual([1, 2, 3, 99]);
  });

  it('publishes its SDL with the Federation 2 link and the Deployment key through _service', async () => {
    const { body } = await t.gateway.query('{ _service { sdl } }');
    const sdl = (body.data as { _service: { sdl: string } })._service.sdl;
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7"');
    expect(sdl).toMatch(/type Deployment\s+@key\(fields: "applicationId environmentId deploymentNumber"\)/);
  });
});
