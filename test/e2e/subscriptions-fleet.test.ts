import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { startLinearDeployment, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway } from '../support/gateway.js';
import { freePort, type RunningProcess, startProcess } from '../support/process.js';
import { OwnRedis, REDIS_URL, redisServerAvailable } from '../support/redis.js';

const INTERVAL_MS = 300;

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

/** Starts a moving deployment of its own (LINEAR 25% over 15 minutes): each test watches a fresh one. */
async function movingDeployment(): Promise<number> {
  emulator.clock.advanceMinutes(60);
  return startLinearDeployment(emulator, { name: 'fleet', bakeMinutes: 0 });
}

function replica(redisUrl: string): RunningProcess {
  const process = startProcess('src/main.ts', {
    APPCONFIG_SOURCE: 'aws',
    AWS_ENDPOINT_URL_APPCONFIG: emulator.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test-access-key',
    AWS_SECRET_ACCESS_KEY: 'test-secret-key',
    APPCONFIG_ACCOUNT_ID: '123456789012',
    PORT: '0',
    REDIS_URL: redisUrl,
    WATCH_INTERVAL_SECONDS: String(INTERVAL_MS / 1000),
  });
  onTestFinished(async () => {
    await process.stop('SIGKILL');
  });
  return process;
}

async function urlOf(process: RunningProcess): Promise<string> {
  const [, url] = await process.waitFor(/serving GraphQL at (http:\/\/\S+\/graphql)/, 30_000);
  return url!.replace(/^http/, 'ws');
}

/** `count` graphql-ws subscribers on `url`, each recording the percentages it receives. */
function subscribers(url: string, deploymentNumber: number, count: number): Array<number[]> {
  const client: Client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 });
  onTestFinished(() => client.dispose());
  return Array.from({ length: count }, () => {
    const percentages: number[] = [];
    client.subscribe(
      {
        query: `subscription { deploymentChanged(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: ${deploymentNumber}) { percentageComplete } }`,
      },
      {
        next: (result) => void percentages.push((result.data as { deploymentChanged: { percentageComplete: number } }).deploymentChanged.percentageComplete),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    return percentages;
  });
}

const polls = () => emulator.requestsTo('GetDeployment').map((request) => request.receivedAt);

describe.skipIf(!REDIS_URL)('one watcher per deployment for the fleet (two gateway processes sharing Redis)', () => {
  it('makes one GetDeployment per interval for 200 subscribers on two replicas, and both hear each change', async () => {
    const number = await movingDeployment();
    const first = replica(REDIS_URL!);
    const second = replica(REDIS_URL!);
    const [a, b] = await Promise.all([urlOf(first), urlOf(second)]);
    const everyone = [...subscribers(a, number, 100), ...subscribers(b, number, 100)];
    await expect.poll(() => everyone.every((received) => received.length === 1), { timeout: 15_000 }).toBe(true);

    emulator.resetCounters();
    const started = Date.now();
    await expect.poll(() => polls().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(10);
    expect(polls().length).toBeLessThanOrEqual((Date.now() - started) / INTERVAL_MS + 2);

    emulator.clock.advanceMinutes(3);
    await expect.poll(() => everyone.every((received) => received.join() === '1,25'), { timeout: 15_000 }).toBe(true);
  }, 60_000);

  it('hands the watcher over within two intervals when the replica polling dies', async () => {
    const number = await movingDeployment();
    const holder = replica(REDIS_URL!);
    const holderUrl = await urlOf(holder);
    // The first replica to watch holds the lease; the second only hears it.
    const watchingHolder = subscribers(holderUrl, number, 1);
    await expect.poll(() => watchingHolder[0]?.length, { timeout: 15_000 }).toBe(1);
    const heir = replica(REDIS_URL!);
    const watchingHeir = subscribers(await urlOf(heir), number, 10);
    await expect.poll(() => watchingHeir.every((received) => received.length === 1), { timeout: 15_000 }).toBe(true);

    emulator.resetCounters();
    await expect.poll(() => polls().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const killedAt = Date.now();
    await holder.stop('SIGKILL');
    await expect.poll(() => polls().some((at) => at > killedAt), { timeout: 15_000 }).toBe(true);

    const resumedAt = polls().find((at) => at > killedAt)!;
    const lastBefore = Math.max(...polls().filter((at) => at <= killedAt));
    expect(resumedAt - lastBefore).toBeLessThanOrEqual(2 * INTERVAL_MS + 100);
    emulator.clock.advanceMinutes(3);
    await expect.poll(() => watchingHeir.every((received) => received.join() === '1,25'), { timeout: 15_000 }).toBe(true);
  }, 60_000);
});

describe.skipIf(!redisServerAvailable)('when Redis fails', () => {
  it('falls back to a watcher per process, and its subscribers still hear every change', async () => {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    onTestFinished(() => redis.stop());
    const gateway = await startGateway({ endpoint: emulator.endpoint, env: { REDIS_URL: redis.url, WATCH_INTERVAL_SECONDS: String(INTERVAL_MS / 1000) } });
    onTestFinished(() => gateway.stop());
    const number = await movingDeployment();
    const watching = subscribers(gateway.url.href.replace(/^http/, 'ws'), number, 3);
    await expect.poll(() => watching.every((received) => received.length === 1)).toBe(true);

    await redis.stop();
    emulator.clock.advanceMinutes(3);

    await expect.poll(() => watching.every((received) => received.join() === '1,25'), { timeout: 15_000 }).toBe(true);
  }, 60_000);
});
