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
    expect(
      parseFaultRules(
        'throttle rate=0.2; latency=50-200 op=ListDeployments,GetDeployment; 503 id=chk2svc times=3; 500; stall op=GetEnvironment; reset; latency=30; hang; malformed',
      ),
    ).toEqual([
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

  it('reads a quota on throttle, operation prefixes, and answer= with its error type and percent-encoded body', () => {
    const body = JSON.stringify({ Message: 'User is not authorized; ask an admin' });
    expect(
      parseFaultRules(
        `throttle above=100/s op=Get*; throttle op=List* above=10/s; answer=403 type=AccessDeniedException body=${encodeURIComponent(body)} id=chk2svc; answer=200`,
      ),
    ).toEqual([
      { fault: { kind: 'throttle', abovePerSecond: 100 }, operations: ['Get*'], rate: 1 },
      { fault: { kind: 'throttle', abovePerSecond: 10 }, operations: ['List*'], rate: 1 },
      { fault: { kind: 'answer', status: 403, errorType: 'AccessDeniedException', body }, ids: ['chk2svc'], rate: 1 },
      { fault: { kind: 'answer', status: 200, body: '' }, rate: 1 },
    ]);
  });

  it('refuses options given to a fault they do not belong to, and malformed quotas, bodies and statuses', () => {
    const problems = problemsOf('500 above=10/s; throttle above=10; throttle above=0/s; stall body=x; answer=99; answer=200 body=%E0%A4%A; throttle op=*');
    expect(problems).toEqual([
      'rule 1 (500 above=10/s): above= goes with throttle',
      'rule 2 (throttle above=10): above= takes calls per second, such as above=100/s; got "10"',
      expect.stringMatching(/^rule 3 \(throttle above=0\/s\): fault.abovePerSecond: /) as unknown,
      'rule 4 (stall body=x): body= goes with answer=STATUS',
      expect.stringMatching(/^rule 5 \(answer=99\): fault.status: /) as unknown,
      'rule 6 (answer=200 body=%E0%A4%A): body= must be percent-encoded (encodeURIComponent); "%E0%A4%A" is not',
      expect.stringMatching(
        /^rule 7 \(throttle op=\*\): operations.0: an AWS operation name such as GetDeployment, or a prefix ending in \* such as Get\*/,
      ) as unknown,
    ]);
  });

  it('reports every bad rule together, each named', () => {
    const problems = problemsOf('throttle rate=2; explode; latency=200-50; 500 colour=red; reset op=getDeployment times=0');
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/^rule 1 \(throttle rate=2\): rate: /);
    expect(problems[1]).toBe(
      'rule 2 (explode): unknown fault "explode"; faults are throttle, 500, 503, latency=MS or latency=MIN-MAX, stall, hang, malformed, reset, answer=STATUS',
    );
    expect(problems[2]).toMatch(/^rule 3 \(latency=200-50\): fault: minMs must not exceed maxMs/);
    expect(problems[3]).toBe(
      'rule 4 (500 colour=red): unknown option colour=red; options are rate=, op=, id=, times= (and above= with throttle, type= and body= with answer=)',
    );
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

  it('matches operations by a prefix ending in *', () => {
    const injector = new FaultInjector([{ fault: { kind: 'error', status: 503 }, operations: ['List*', 'GetEnvironment'] }]);
    expect(
      ['ListDeployments', 'ListApplications', 'GetEnvironment', 'GetDeployment', 'GetEnvironmentX'].map(
        (operation) => injector.decide({ operation, ids: [] }).fault?.kind,
      ),
    ).toEqual(['error', 'error', 'error', undefined, undefined]);
  });

  it('throttles only the calls beyond its quota in any sliding second, counting every matching operation together', () => {
    let now = 10_000;
    const injector = new FaultInjector([{ fault: { kind: 'throttle', abovePerSecond: 3 }, operations: ['List*'] }], Math.random, () => now);
    const list = (operation = 'ListDeployments') => injector.decide({ operation, ids: [] }).fault?.kind ?? 'ok';

    expect([list(), list('ListApplications'), list(), list(), list('ListEnvironments')]).toEqual(['ok', 'ok', 'ok', 'throttle', 'throttle']);
    // Other operations neither count nor are throttled.
    expect(injector.decide({ operation: 'GetDeployment', ids: [] })).toEqual({ delayMs: 0 });
    // Throttled calls did not use the quota: once the first three are a second old, three more pass.
    now += 999;
    expect(list()).toBe('throttle');
    now += 1;
    expect([list(), list(), list(), list()]).toEqual(['ok', 'ok', 'ok', 'throttle']);
    // The window slides: 500 ms later the calls of 500 ms ago still count.
    now += 500;
    expect(list()).toBe('throttle');
  });

  it('counts a quota apart for each rule, and starts it afresh when the rules are replaced', () => {
    const now = 0;
    const rules = [
      { fault: { kind: 'throttle' as const, abovePerSecond: 1 }, operations: ['Get*'] },
      { fault: { kind: 'throttle' as const, abovePerSecond: 1 }, operations: ['List*'] },
    ];
    const injector = new FaultInjector(rules, Math.random, () => now);
    const kinds = (...operations: string[]) => operations.map((operation) => injector.decide({ operation, ids: [] }).fault?.kind ?? 'ok');
    expect(kinds('GetDeployment', 'ListDeployments', 'GetApplication', 'ListApplications')).toEqual(['ok', 'ok', 'throttle', 'throttle']);
    injector.replace(rules);
    expect(kinds('GetDeployment', 'GetDeployment')).toEqual(['ok', 'throttle']);
  });

  it('answers exactly what an answer rule says', () => {
    const injector = new FaultInjector([{ fault: { kind: 'answer', status: 200, body: '{"State":"PAUSED"}' }, operations: ['GetDeployment'] }]);
    expect(injector.decide({ operation: 'GetDeployment', ids: [] })).toEqual({
      delayMs: 0,
      fault: { kind: 'answer', status: 200, body: '{"State":"PAUSED"}' },
    });
    expect(() => injector.replace([{ fault: { kind: 'answer', status: 700 } }])).toThrow();
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
