import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { type RunningProcess, startProcess } from '../support/process.js';
import { REDIS_URL } from '../support/redis.js';

/** The most of `times` (ms) that fall in any window of `windowMs`. */
function busiest(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let end = 0, start = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe.skipIf(!REDIS_URL)('one AppConfig budget for two gateway processes sharing Redis', () => {
  let emulator: TestEmulator;
  const replicas: RunningProcess[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    emulator = await startTestEmulator();
    for (let i = 0; i < 2; i += 1) {
      const replica = startProcess('src/main.ts', {
        APPCONFIG_SOURCE: 'aws',
        AWS_ENDPOINT_URL_APPCONFIG: emulator.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test-access-key',
        AWS_SECRET_ACCESS_KEY: 'test-secret-key',
        PORT: '0',
        REDIS_URL: REDIS_URL!,
        // Every query reaches AppConfig: only the budget stands between the replicas and it.
        CACHE_BACKEND: 'none',
        APPCONFIG_GET_RATE: '10',
        APPCONFIG_QUEUE_TIMEOUT_MS: '20000',
      });
      replicas.push(replica);
      const [, url] = await replica.waitFor(/serving GraphQL at (http:\/\/\S+\/graphql)/, 30_000);
      urls.push(url!);
    }
  }, 60_000);
  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await emulator.close();
  });

  it('keeps their combined Get calls within APPCONFIG_GET_RATE in every second, counted at AppConfig', async () => {
    emulator.resetCounters();
    const query = JSON.stringify({ query: '{ deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) { state } }' });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(urls[i % 2]!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query }).then((response) => response.json()),
      ),
    );

    expect(answers.every((answer) => JSON.stringify(answer) === JSON.stringify({ data: { deployment: { state: 'COMPLETE' } } }))).toBe(true);
    const arrivals = emulator.requestsTo('GetDeployment').map((request) => request.receivedAt);
    expect(arrivals).toHaveLength(40);
    // 10 per second for both together. Turns are exact (the store's own tests show it); an arrival trails its
    // turn by however long the process takes to write the request, up to a few hundred ms on a busy machine,
    // so windows are measured short of a second here, and the span below shows the average rate.
    const budgetLines = replicas.flatMap((replica) =>
      replica
        .output()
        .split('\n')
        .filter((line) => line.includes('budget')),
    );
    const offsets = [...arrivals].sort((a, b) => a - b).map((arrival) => arrival - Math.min(...arrivals));
    expect(busiest(arrivals, 750), `${budgetLines.join('\n')}\narrivals (ms): ${offsets.join(' ')}`).toBeLessThanOrEqual(10);
    // Two budgets of 10 would have taken 2 s; one shared budget takes 3.
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThanOrEqual(2900);
  }, 30_000);
});
