import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { AppConfigDouble, type WireDeployment } from './appconfig-double.js';
import { startGateway, type TestGateway, type TestGatewayOptions } from './gateway.js';

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

export interface DoubleWithGateways {
  readonly upstream: AppConfigDouble;
  /** Starts a gateway over the double with these options; it is stopped after the test. */
  readonly gatewayWith: (options?: Omit<TestGatewayOptions, 'endpoint'>) => Promise<TestGateway>;
}

/**
 * Registers hooks for files whose tests each need gateways of their own configuration over one
 * AppConfig double: the double lives for the file, gateways for one test, and the double's calls,
 * faults and latency are cleared after each test.
 */
export function useDoubleWithGatewaysPerTest(deployments: readonly WireDeployment[] = []): DoubleWithGateways {
  const started: TestGateway[] = [];
  const harness = {
    gatewayWith: async (options: Omit<TestGatewayOptions, 'endpoint'> = {}) => {
      const gateway = await startGateway({ endpoint: harness.upstream.endpoint, ...options });
      started.push(gateway);
      return gateway;
    },
  } as { upstream: AppConfigDouble; gatewayWith: DoubleWithGateways['gatewayWith'] };
  beforeAll(async () => {
    harness.upstream = await AppConfigDouble.start();
    harness.upstream.put(...deployments);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((gateway) => gateway.stop()));
    harness.upstream.reset();
  });
  afterAll(() => harness.upstream.close());
  return harness;
}
