import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../src/emulator/faults/injector.js';
import { FaultSyntaxError, parseFaultRules } from '../../src/emulator/faults/rules.js';

function problemsOf(text: string): readonly string[] {
  try {
    parseFaultRules(text);
  } catch (error) {
    if (error instanceof FaultSyntaxError) return error.problems;
    throw error;
  }
  return [];
}

/** A random source that returns `values` in turn. */
const sequence = (...values: number[]) => {
  let next = 0;
  return () => values[next++ % values.length]!;
};

describe('the EMULATOR_FAULTS grammar', () => {
  it('reads every fault kind and option', () => {
    expect(parseFaultRules('throttle rate=0.2; latency=50-200 op=ListDeployments,GetDeployment; 503 id=chk2svc times=3; 500; stall op=GetEnvironment; reset; latency=30; hang; malformed')).toEqual([
      { fault: { kind: 'throttle' }, rate: 0.2 },
      { fault: { kind: 'latency', minMs: 50, maxMs: 200 }, operations: ['ListDeployments', 'GetDeployment'], rate: 1 },
      { fault: { kind: 'error', status: 503 }, ids: ['chk2svc'], times: 3, rate: 1 },
      { fault: { kind: 'error', status: 500 }, rate: 1 },
      { fault: { kind: 'stall' }, operations: ['GetEnvironment'], rate: 1 },
      { fault: { kind: 'reset' }, rate: 1 },
      { fault: { kind: 'latency', minMs: 30, maxMs: 30 }, rate: 1 },
      { fault: { kind: 'hang' }, rate: 1 },
      { fault: { kind: 'malformed' }, rate: 1 },
    ]);
    expect(parseFaultRules('  ')).toEqual([]);
  });

  it('reports every bad rule together, each named', () => {
    const problems = problemsOf('throttle rate=2; explode; latency=200-50; 500 colour=red; reset op=getDeployment times=0');
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/^rule 1 \(throttle rate=2\): rate: /);
    expect(problems[1]).toBe('rule 2 (explode): unknown fault "explode"; faults are throttle, 500, 503, latency=MS or latency=MIN-MAX, stall, hang, malformed, reset');
    expect(problems[2]).toMatch(/^rule 3 \(latency=200-50\): fault: minMs must not exceed maxMs/);
    expect(problems[3]).toBe('rule 4 (500 colour=red): unknown option colour=red; options are rate=, op=, id=, times=');
    expect(problems.slice(4).join('\n')).toMatch(/rule 5 .*operations.0: an AWS operation name[\s\S]*rule 5 .*times: /);
  });
});

describe('the fault injector', () => {
  const facts = { operation: 'GetDeployment', ids: ['chk2svc', 'prod7ea', '3'] };

  it('hits a share of requests by rate', () => {
    const injector = new FaultInjector([{ fault: { kind: 'throttle' }, rate: 0.5 }], sequence(0.1, 0.7, 0.49, 0.5));
    expect([1, 2, 3, 4].map(() => injector.decide(facts).fault?.kind)).toEqual(['throttle', undefined, 'throttle', undefined]);
  });

  it('matches by operation and by id, and stops after `times`', () => {
    const injector = new FaultInjector([
      { fault: { kind: 'error', status: 503 }, operations: ['ListDeployments'] },
      { fault: { kind: 'reset' }, ids: ['prod7ea'], times: 2 },
    ]);
    expect(injector.decide({ operation: 'ListDeployments', ids: [] }).fault).toEqual({ kind: 'error', status: 503 });
    expect([1, 2, 3].map(() => injector.decide(facts).fault?.kind)).toEqual(['reset', 'reset', undefined]);
    expect(injector.decide({ operation: 'GetDeployment', ids: ['srch7ui'] })).toEqual({ delayMs: 0 });
  });

  it('adds the delays of every matching latency rule before the first other fault that fires', () => {
    const injector = new FaultInjector(
      [
        { fault: { kind: 'latency', minMs: 100, maxMs: 200 } },
        { fault: { kind: 'latency', minMs: 10, maxMs: 10 }, operations: ['GetDeployment'] },
        { fault: { kind: 'stall' }, ids: ['3'] },
        { fault: { kind: 'throttle' } },
      ],
      sequence(0.5),
    );
    expect(injector.decide(facts)).toEqual({ delayMs: 160, fault: { kind: 'stall' } });
    expect(injector.decide({ operation: 'ListApplications', ids: [] })).toEqual({ delayMs: 150, fault: { kind: 'throttle' } });
  });

  it('replaces its rules while it runs, validating them', () => {
    const injector = new FaultInjector();
    expect(injector.decide(facts)).toEqual({ delayMs: 0 });
    injector.replace([{ fault: { kind: 'throttle' } }]);
    expect(injector.current()).toEqual([{ fault: { kind: 'throttle' }, rate: 1 }]);
    expect(injector.decide(facts).fault).toEqual({ kind: 'throttle' });
    expect(() => injector.replace([{ fault: { kind: 'error', status: 502 as 500 } }])).toThrow();
    expect(injector.current()).toHaveLength(1);
  });
});
