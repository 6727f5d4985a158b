import { afterAll, beforeAll, beforeEach } from 'vitest';
import { AppConfigDouble, type WireDeployment } from './appconfig-double.js';
import { startGateway, type TestGateway } from './gateway.js';

export interface GatewayOverDouble {
  readonly upstream: AppConfigDouble;
  readonly gateway: TestGateway;
}

/**
 * Registers hooks that start an AppConfig double and a gateway over it for the file's tests, and
 * before each test clear the double's call log and faults and put `deployments` back.
 */
export function useGatewayOverDouble(deployments: readonly WireDeployment[] = []): GatewayOverDouble {
  const harness = {} as { upstream: AppConfigDouble; gateway: TestGateway };
  beforeAll(async () => {
    harness.upstream = await AppConfigDouble.start();
    harness.gateway = await startGateway({ endpoint: harness.upstream.endpoint });
  });
  afterAll(async () => {
    await harness.gateway.stop();
    await harness.upstream.close();
  });
  beforeEach(() => {
    harness.upstream.reset();
    harness.upstream.put(...deployments);
  });
  return harness;
}
