import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, startProcess } from '../support/process.js';

interface ModeResult {
  mode: string;
  clientKind: 'subscribe' | 'poll';
  clients: number;
  clientsStarted: { started: number; failed: number };
  getDeploymentCallsPerInterval: number;
  staleness: { samples: number; missed: number };
  deliveryToLast: { changes: number; deliveredToAll: number } | null;
  subscriptionsActive: number;
  watchersActive: number;
  errors: number;
}

interface LiveFigures {
  settings: { clients: number; deployments: number };
  results: ModeResult[];
}

/** `npm run bench:live -- --quick` in npm run bench:smoke, so the live benchmark cannot rot; the full run is by hand. */
describe('npm run bench:live -- --quick', () => {
  it('polls AppConfig once a deployment per interval for all its subscribers, and every client sees every change', async () => {
    const bench = startProcess('bench/live.ts', {}, ['--quick']);
    expect(await bench.exited(), bench.output()).toBe(0);
    const { settings, results } = JSON.parse(readFileSync(`${PROJECT_ROOT}bench/results/live-quick.json`, 'utf8')) as LiveFigures;

    for (const result of results) {
      expect(result.clientsStarted, result.mode).toEqual({ started: settings.clients, failed: 0 });
      expect(result.errors, result.mode).toBe(0);
      expect(result.staleness.samples, result.mode).toBeGreaterThan(0);
      expect(result.staleness.missed, result.mode).toBe(0);
    }
    const subscribe = results.find((result) => result.clientKind === 'subscribe')!;
    // One watcher, so one GetDeployment an interval, per deployment, whatever its subscribers:
    // a window of a few intervals counts each deployment's polls to within one either side.
    expect(subscribe).toMatchObject({ subscriptionsActive: settings.clients, watchersActive: settings.deployments });
    expect(subscribe.getDeploymentCallsPerInterval).toBeGreaterThanOrEqual(settings.deployments * 0.6);
    expect(subscribe.getDeploymentCallsPerInterval).toBeLessThanOrEqual(settings.deployments * 1.4);
    // Each change reached every subscriber of its deployment.
    expect(subscribe.deliveryToLast!.changes).toBeGreaterThan(0);
    expect(subscribe.deliveryToLast!.deliveredToAll).toBe(subscribe.deliveryToLast!.changes);
    // Pollers share AppConfig calls through the caches: no more than subscribers cost, not one a client.
    for (const poll of results.filter((result) => result.clientKind === 'poll')) {
      expect(poll.getDeploymentCallsPerInterval, poll.mode).toBeLessThanOrEqual(settings.deployments * 1.4);
    }
    const documented = readFileSync(`${PROJECT_ROOT}docs/performance.md`, 'utf8').match(/^\| mode \| GetDeployment \/ interval \|.*\n\|[-:|]+\|$/m)?.[0];
    expect(documented).toBeDefined();
    expect(bench.output()).toContain(documented);
  }, 300_000);
});
