import type { EmulatorConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { scaledClock } from './clock.js';
import { loadServiceModel } from './model.js';
import { readSeedFile, SAMPLE_SEED_FILE, seedState } from './seed.js';
import { createEmulator, type Emulator } from './server.js';

export interface RunningEmulator {
  readonly emulator: Emulator;
  readonly endpoint: string;
}

/** Seeds an emulator (the sample data unless EMULATOR_SEED names a file), starts its clock and listens. */
export async function startEmulator(config: EmulatorConfig, logger: Logger, listenOn: { port: number; host: string }): Promise<RunningEmulator> {
  const clock = scaledClock(config.timeScale);
  const seedSource = config.seedPath ?? SAMPLE_SEED_FILE;
  const model = loadServiceModel();
  const state = seedState(model, readSeedFile(seedSource), clock.now(), String(seedSource));
  const emulator = createEmulator({ model, state, clock, logger });
  const endpoint = await emulator.listen(listenOn.port, listenOn.host);
  return { emulator, endpoint };
}
