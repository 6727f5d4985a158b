import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.js';

export type { Logger };

export interface LoggerOptions {
  readonly level: Config['logLevel'];
  /** LOG_FORMAT; undefined: readable lines when `terminal` and not in production, JSON lines otherwise. */
  readonly format: Config['logFormat'];
  readonly production: boolean;
  /** Whether stdout is a terminal (a person reading), rather than a file, a pipe or a log collector. */
  readonly terminal: boolean;
  /** Fields added to every line, such as the trace id of the span it is written in. */
  readonly mixin?: () => Record<string, unknown>;
}

/**
 * One logger per process, handed to whatever needs it: JSON lines on stdout for collectors, or the
 * same lines made readable by pino-pretty (in the process, synchronously, so nothing is lost on exit).
 */
export function createLogger(options: LoggerOptions): Logger {
  const settings = { level: options.level, base: { service: 'appconfig-graph' }, ...(options.mixin ? { mixin: options.mixin } : {}) };
  const readable = options.format === 'pretty' || (options.format === undefined && options.terminal && !options.production);
  if (!readable) return pino(settings);
  return pino(settings, pretty({ sync: true, colorize: options.terminal, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }));
}
