import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** JSON lines on stdout, one logger per process, handed to whatever needs it. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({ level, base: { service: 'appconfig-graph' } });
}
