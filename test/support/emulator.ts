import { AppConfigClient } from '@aws-sdk/client-appconfig';
import { pino } from 'pino';
import { ManualClock } from '../../src/emulator/clock.js';
import { loadServiceModel } from '../../src/emulator/model.js';
import { readSeedFile, SAMPLE_SEED_FILE, type SeedFile, seedState } from '../../src/emulator/seed.js';
import { createEmulator } from '../../src/emulator/server.js';
import type { EmulatorState } from '../../src/emulator/state.js';

export interface TestEmulator {
  readonly endpoint: string;
  readonly clock: ManualClock;
  readonly state: EmulatorState;
  /** A real SDK client pointed at the emulator. */
  readonly client: AppConfigClient;
  /** Operations answered since the last reset, in order. */
  readonly calls: string[];
  callsTo(operation: string): number;
  close(): Promise<void>;
}

/** 2026-11-26T12:00:00Z: the manual clock's start, so seeded relative times are reproducible. */
export const TEST_EPOCH = Date.UTC(2026, 10, 26, 12, 0, 0);

/** The emulator on an ephemeral loopback port, on a manual clock, seeded with `seed` (the sample by default). */
export async function startTestEmulator(seed: SeedFile = readSeedFile(SAMPLE_SEED_FILE)): Promise<TestEmulator> {
  const clock = new ManualClock(TEST_EPOCH);
  const model = loadServiceModel();
  const state = seedState(model, seed, clock.now());
  const calls: string[] = [];
  const emulator = createEmulator({ model, state, clock, logger: pino({ level: 'silent' }), observe: (operation) => calls.push(operation) });
  const endpoint = await emulator.listen(0, '127.0.0.1');
  const client = new AppConfigClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test-access-key', secretAccessKey: 'test-secret-key' },
    maxAttempts: 1,
  });
  return {
    endpoint,
    clock,
    state,
    client,
    calls,
    callsTo: (operation) => calls.filter((call) => call === operation).length,
    async close() {
      client.destroy();
      await emulator.close();
    },
  };
}
