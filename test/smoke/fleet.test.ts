import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, startProcess } from '../support/process.js';

interface DesignResult {
  design: string;
  getCallsMaxPerSecond: number;
  listCallsMaxPerSecond: number;
  getCallsEachSecond: number[];
  listCallsEachSecond: number[];
  throttledByAppConfig: number;
  throttledAttempts: number;
  unanswered: number;
  http5xx: number;
  fields: { data: number; stale: number; throttled: number; otherErrors: Record<string, number> };
}

interface FleetFigures {
  budget: { get: number; list: number };
  results: DesignResult[];
}

/** AWS's quotas, which the emulator enforces in the benchmark: twice the default budget. */
const QUOTA = { get: 100, list: 10 };

/** `npm run bench:fleet -- --quick` in npm run bench:smoke, so the fleet benchmark cannot rot; the full run is by hand. */
describe('npm run bench:fleet -- --quick', () => {
  it('keeps three replicas sharing a Redis budget inside AppConfig quotas under ten times the demand, where per-process caps do not', async () => {
    const bench = startProcess('bench/fleet.ts', {}, ['--quick']);
    expect(await bench.exited(), bench.output()).toBe(0);
    const { budget, results } = JSON.parse(readFileSync(`${PROJECT_ROOT}bench/results/fleet-quick.json`, 'utf8')) as FleetFigures;
    const design = (name: string) => results.find((result) => result.design === name)!;
    const shared = design('fleet budget');
    const perProcess = design('per-process cap');

    // The load asks for more than the budget: without it, the replicas exceed it...
    expect(perProcess.listCallsMaxPerSecond).toBeGreaterThan(budget.list);
    // ...with it, AppConfig never throttles them, and over the run they keep to it: at most the budget for
    // each second begun. A sliding second may exceed the budget (calls reach AppConfig a little after
    // their reserved start, unevenly), within the half of the quota the default budget leaves.
    expect(shared).toMatchObject({ throttledByAppConfig: 0, throttledAttempts: 0, unanswered: 0, http5xx: 0 });
    expect(shared.getCallsMaxPerSecond).toBeLessThanOrEqual(QUOTA.get);
    expect(shared.listCallsMaxPerSecond).toBeLessThanOrEqual(QUOTA.list);
    const total = (counts: number[]) => counts.reduce((sum, count) => sum + count, 0);
    expect(total(shared.getCallsEachSecond)).toBeLessThanOrEqual(budget.get * shared.getCallsEachSecond.length);
    expect(total(shared.listCallsEachSecond)).toBeLessThanOrEqual(budget.list * shared.listCallsEachSecond.length);
    // What the budget holds back is answered stale or UPSTREAM_THROTTLED, never as a failure of another kind.
    expect(shared.fields.otherErrors).toEqual({});
    expect(shared.fields.data).toBeGreaterThan(0);
    expect(shared.fields.throttled).toBeGreaterThan(0);
    // The table prints with docs/performance.md's headings and alignment, so a new run pastes in over the old one.
    const documented = readFileSync(`${PROJECT_ROOT}docs/performance.md`, 'utf8').match(/^\| design \| Get calls\/s.*\n\|[-:|]+\|$/m)?.[0];
    expect(documented).toBeDefined();
    expect(bench.output()).toContain(documented);
  }, 300_000);
});
