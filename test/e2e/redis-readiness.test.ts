import { afterAll, beforeAll, describe, it, onTestFinished } from 'vitest';
import { eventually, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { startGateway } from '../support/gateway.js';
import { freePort } from '../support/process.js';
import { OwnRedis, redisServerAvailable } from '../support/redis.js';

let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

describe.skipIf(!redisServerAvailable)('GET /readyz with Redis', () => {
  it('is unready while Redis is unreachable, and ready again once it is back', async () => {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    try {
      const gateway = await startGateway({ endpoint: emulator.endpoint, env: { CACHE_BACKEND: 'redis', REDIS_URL: redis.url } });
      onTestFinished(() => gateway.stop());
      await eventually(async () => (await fetch(new URL('/readyz', gateway.url))).status === 200, 10_000, 'ready with Redis up');
      await redis.stop();
      await eventually(async () => (await fetch(new URL('/readyz', gateway.url))).status === 503, 10_000, 'unready with Redis down');
      await redis.start();
      await eventually(async () => (await fetch(new URL('/readyz', gateway.url))).status === 200, 10_000, 'ready with Redis back');
    } finally {
      await redis.stop();
    }
  });
});
