import type { Logger } from 'pino';
import { scaledClock } from './clock.js';
import type { EmulatorConfig } from './config.js';
import { createContentValidation } from './content-validation.js';
import { FaultInjector } from './faults/injector.js';
import { loadServiceModel } from './model.js';
import { readSeedFile, SAMPLE_SEED_FILE, seedState } from './seed.js';
import { createEmulator, type Emulator } from './server.js';

export interface RunningEmulator {
  readonly emulator: Emulator;
  readonly endpoint: string;
}

/**
 * Seeds an emulator (the sample data unless EMULATOR_SEED names a file), starts its clock, installs
 * EMULATOR_FAULTS and listens where `listenOn` says (the configured port and host by default).
 */
export async function startEmulator(
  config: EmulatorConfig,
  logger: Logger,
  listenOn: { readonly port: number; readonly host: string } = config,
): Promise<RunningEmulator> {
  const clock = scaledClock(config.timeScale);
  const seedSource = config.seedPath ?? SAMPLE_SEED_FILE;
  const model = loadServiceModel();
  const validation = createContentValidation();
  const state = seedState(model, validation, readSeedFile(seedSource), clock.now(), String(seedSource));
  const emulator = createEmulator({ model, state, clock, logger, validation, faults: new FaultInjector(config.faults) });
  const endpoint = await emulator.listen(listenOn.port, listenOn.host);
  return { emulator, endpoint };
}
