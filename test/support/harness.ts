import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { readSeedFile, SAMPLE_SEED_FILE, type SeedFile } from '../../src/emulator/seed.js';
import { startTestEmulator, type TestEmulator } from './emulator.js';
import { startGateway, type TestGateway, type TestGatewayOptions } from './gateway.js';

export interface GatewayOverEmulator {
  readonly upstream: TestEmulator;
  readonly gateway: TestGateway;
}

/**
 * Registers hooks that start the AppConfig emulator, seeded with `seed` (the sample data by default),
 * and a gateway over it for the file's tests; before each test the emulator's faults and counters are cleared.
 */
export function useGatewayOverEmulator(seed: SeedFile = readSeedFile(SAMPLE_SEED_FILE)): GatewayOverEmulator {
  const harness = {} as { upstream: TestEmulator; gateway: TestGateway };
  beforeAll(async () => {
    harness.upstream = await startTestEmulator(seed);
    harness.gateway = await startGateway({ endpoint: harness.upstream.endpoint });
  });
  afterAll(async () => {
    await harness.gateway.stop();
    await harness.upstream.close();
  });
  beforeEach(() => {
    harness.upstream.setFaults([]);
    harness.upstream.resetCounters();
  });
  return harness;
}

export interface EmulatorWithGateways {
  readonly upstream: TestEmulator;
  /** Starts a gateway over the emulator with these options; it is stopped after the test. */
  readonly gatewayWith: (options?: Omit<TestGatewayOptions, 'endpoint'>) => Promise<TestGateway>;
}

/**
 * Registers hooks for files whose tests each need gateways of their own configuration over one
 * emulator: the emulator lives for the file, gateways for one test, and the emulator's faults and
 * counters are cleared after each test (once its gateways have stopped, so no call of theirs is left).
 */
export function useEmulatorWithGatewaysPerTest(seed: SeedFile = readSeedFile(SAMPLE_SEED_FILE)): EmulatorWithGateways {
  const started: TestGateway[] = [];
  const harness = {
    gatewayWith: async (options: Omit<TestGatewayOptions, 'endpoint'> = {}) => {
      const gateway = await startGateway({ endpoint: harness.upstream.endpoint, ...options });
      started.push(gateway);
      return gateway;
    },
  } as { upstream: TestEmulator; gatewayWith: EmulatorWithGateways['gatewayWith'] };
  beforeAll(async () => {
    harness.upstream = await startTestEmulator(seed);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((gateway) => gateway.stop()));
    harness.upstream.setFaults([]);
    harness.upstream.resetCounters();
  });
  afterAll(() => harness.upstream.close());
  return harness;
}
