import { z } from 'zod';
import { FaultSyntaxError, parseFaultRules, type FaultRule } from './faults/rules.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const environmentSchema = z.object({
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  EMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  EMULATOR_SEED: z.string().min(1).optional(),
  EMULATOR_TIME_SCALE: z.coerce.number().positive().max(1_000_000).default(1),
  EMULATOR_FAULTS: z
    .string()
    .default('')
    .transform((text, context) => {
      try {
        return parseFaultRules(text);
      } catch (error) {
        if (!(error instanceof FaultSyntaxError)) throw error;
        for (const problem of error.problems) context.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
    }),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

/** The emulator's settings, parsed once at start-up from its own variables. */
export interface EmulatorConfig {
  /** Where `npm run emulator` listens; the gateway's embedded emulator takes a free loopback port instead. */
  readonly port: number;
  readonly host: string;
  /** A seed file to load instead of the built-in sample data. */
  readonly seedPath: string | undefined;
  /** Simulated time runs this many times faster than real time (60: a minute per second). */
  readonly timeScale: number;
  /** Faults injected from the start; the control endpoint changes them while it runs. */
  readonly faults: readonly FaultRule[];
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

export class EmulatorConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid emulator configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'EmulatorConfigError';
  }
}

/** Parses the emulator's variables (and only those), reporting every invalid one together. An empty variable counts as unset. */
export function loadEmulatorConfig(env: Readonly<Record<string, string | undefined>>): EmulatorConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new EmulatorConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])])}: ${issue.message}`),
    );
  }
  const vars = parsed.data;
  return Object.freeze({
    port: vars.EMULATOR_PORT,
    host: vars.EMULATOR_HOST,
    seedPath: vars.EMULATOR_SEED,
    timeScale: vars.EMULATOR_TIME_SCALE,
    faults: Object.freeze(vars.EMULATOR_FAULTS),
    logLevel: vars.LOG_LEVEL,
  });
}
