import { pino, type Logger } from 'pino';

export interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

/** A pino logger at `debug` that keeps its lines, for tests of what the gateway logs and at what level. */
export function capturingLogger(): { readonly logger: Logger; readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

/** pino's numeric level of `error`. */
export const ERROR_LEVEL = 50;
