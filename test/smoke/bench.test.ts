import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../bench/scenarios.js';
import { PROJECT_ROOT, startProcess } from '../support/process.js';

interface Row {
  scenario: string;
  system: string;
  requestsPerSecond: number;
  upstreamCallsPerRequest: number;
  callsPerDistinct: number | null;
  failedRequests: number;
}

/** `npm run bench -- --quick` in npm run bench:smoke, so the benchmark cannot rot (its fleet scenario in fleet.test.ts); the full run is not part of CI. */
describe('npm run bench -- --quick', () => {
  it('measures every system on every scenario, and the gateway makes exactly one call per distinct resource', async () => {
    const bench = startProcess('bench/run.ts', {}, ['--quick', '--no-fleet']);
    expect(await bench.exited(), bench.output()).toBe(0);
    const { rows } = JSON.parse(readFileSync(`${PROJECT_ROOT}bench/results/quick.json`, 'utf8')) as { rows: Row[] };

    for (const scenario of SCENARIOS) {
      const row = (system: string) => rows.find((candidate) => candidate.scenario === scenario.name && candidate.system === system);
      for (const system of ['gateway', 'gateway-cached', 'naive', 'apollo-floor', 'graphql-js-floor']) {
        expect(row(system), `${system} × ${scenario.name}`).toMatchObject({ failedRequests: 0 });
        expect(row(system)!.requestsPerSecond).toBeGreaterThan(0);
      }
      expect(row('gateway')).toMatchObject({ upstreamCallsPerRequest: scenario.distinctCalls, callsPerDistinct: 1 });
      expect(row('apollo-floor')?.upstreamCallsPerRequest).toBe(0);
      expect(row('gateway-cached')!.upstreamCallsPerRequest).toBeLessThanOrEqual(scenario.distinctCalls);
    }
    const cached = (name: string) => rows.find((row) => row.scenario === name && row.system === 'gateway-cached')!;
    // Deployment 4 is COMPLETE: once cached, it never costs an AppConfig call again.
    expect(cached('one-deployment').upstreamCallsPerRequest).toBe(0);
    const naive = (name: string) => rows.find((row) => row.scenario === name && row.system === 'naive')!;
    expect(naive('aliases-20-of-15').upstreamCallsPerRequest).toBe(20);
    expect(naive('entities-100-of-50').upstreamCallsPerRequest).toBe(100);
    // The table prints with docs/performance.md's headings and alignment, so a new run pastes in over the old one.
    const documented = readFileSync(`${PROJECT_ROOT}docs/performance.md`, 'utf8').match(/^\| scenario \| AppConfig latency \|.*\n\|[-:|]+\|$/m)?.[0];
    expect(documented).toBeDefined();
    expect(bench.output()).toContain(documented);
  }, 180_000);
});
