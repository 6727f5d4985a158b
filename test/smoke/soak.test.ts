import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, startProcess } from '../support/process.js';

interface SoakFigures {
  requestsSent: number;
  answersByStatus: Record<string, number>;
  answersByCode: Record<string, number>;
  upstreamCalls: number;
  faultsInjected: Record<string, number>;
  rssMiB: { start?: number; middle?: number; end?: number };
  mustBeZero: { gateway5xx: number; unmaskedInternalErrors: number; unanswered: number };
  gatewayExitCode: number | null;
}

/** `npm run soak -- --seconds 5` in npm run bench:smoke, so the soak cannot rot; the long run is by hand. */
describe('npm run soak -- --seconds 5', () => {
  it('sends valid and faulty traffic to a production gateway over a faulty AppConfig, which never answers 5xx nor lets an internal message out', async () => {
    const soak = startProcess('bench/soak.ts', {}, ['--seconds', '5', '--clients', '4']);
    expect(await soak.exited(), soak.output()).toBe(0);
    const figures = JSON.parse(readFileSync(`${PROJECT_ROOT}bench/results/soak-5s.json`, 'utf8')) as SoakFigures;

    expect(figures.mustBeZero).toEqual({ gateway5xx: 0, unmaskedInternalErrors: 0, unanswered: 0 });
    expect(figures.gatewayExitCode).toBe(0);
    expect(figures.requestsSent).toBeGreaterThan(0);
    // Both kinds of traffic went through: answered queries and refused client mistakes.
    expect(figures.answersByStatus['200']).toBeGreaterThan(0);
    expect(figures.answersByStatus['400']).toBeGreaterThan(0);
    expect(figures.answersByCode['BAD_USER_INPUT']).toBeGreaterThan(0);
    // AppConfig was reached, slowly.
    expect(figures.upstreamCalls).toBeGreaterThan(0);
    expect(figures.faultsInjected['latency']).toBeGreaterThan(0);
    expect(figures.rssMiB.start).toBeGreaterThan(0);
    expect(soak.output()).toMatch(/^gateway 5xx: 0$/m);
  });
});
