import { describe, expect, it } from 'vitest';
import { EmulatorConfigError, loadEmulatorConfig } from '../../src/emulator/config.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadEmulatorConfig(env);
  } catch (error) {
    if (error instanceof EmulatorConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("the emulator's configuration", () => {
  it('applies the documented defaults, and reads only its own variables', () => {
    expect(loadEmulatorConfig({ PORT: 'eighty', APPCONFIG_SOURCE: 'mars' })).toEqual({
      port: 4010,
      host: '127.0.0.1',
      seedPath: undefined,
      timeScale: 1,
      faults: [],
      logLevel: 'info',
    });
  });

  it('reads every variable, an empty one counting as unset', () => {
    const config = loadEmulatorConfig({
      EMULATOR_PORT: '0',
      EMULATOR_HOST: '0.0.0.0',
      EMULATOR_SEED: 'seed.json',
      EMULATOR_TIME_SCALE: '60',
      EMULATOR_FAULTS: 'throttle rate=0.2; latency=5-10 op=GetDeployment',
      LOG_LEVEL: '',
    });
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      seedPath: 'seed.json',
      timeScale: 60,
      faults: [
        { fault: { kind: 'throttle' }, rate: 0.2 },
        { fault: { kind: 'latency', minMs: 5, maxMs: 10 }, operations: ['GetDeployment'], rate: 1 },
      ],
      logLevel: 'info',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every invalid variable and every bad fault rule together, each named', () => {
    const problems = problemsOf({ EMULATOR_PORT: '70000', EMULATOR_TIME_SCALE: '0', EMULATOR_FAULTS: 'throttle rate=2; boom', LOG_LEVEL: 'loud' });
    expect(problems.map((problem) => problem.split('=')[0])).toEqual([
      'EMULATOR_PORT',
      'EMULATOR_TIME_SCALE',
      'EMULATOR_FAULTS',
      'EMULATOR_FAULTS',
      'LOG_LEVEL',
    ]);
    expect(problems[2]).toMatch(/^EMULATOR_FAULTS="throttle rate=2; boom": rule 1 \(throttle rate=2\): rate: /);
    expect(problems[3]).toContain('rule 2 (boom): unknown fault "boom"');
  });
});
