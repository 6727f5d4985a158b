import { pino, type Logger } from 'pino';
import type { EmulatorConfig } from './config.js';

export type { Logger };

/** JSON lines on stdout, for `npm run emulator`; the gateway hands its own logger to an embedded emulator. */
export function createEmulatorLogger(level: EmulatorConfig['logLevel']): Logger {
  return pino({ level, base: { service: 'appconfig-emulator' } });
}
