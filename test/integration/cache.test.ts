import { describe, expect, it } from 'vitest';
import { byNumber, COMPLETE, DEPLOYING, health, useCacheHarness } from '../support/cache.js';
import { latencyRule } from '../support/emulator.js';

const cache = useCacheHarness();
const { withGateway, gets, callsFor } = cache;

describe('the cross-request cache (in memory, the default)', () => {
  it('serves a final deployment again with zero AppConfig calls, dates intact', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_RESPONSES: 'false' }, async (gateway) => {
      const first = await gateway.query(byNumber(COMPLETE));
      const second = await gateway.query(byNumber(COMPLETE));
      expect(second.body).toEqual(first.body);
      expect(gets()).toBe(1);
      expect((await health(gateway)).cache).toMatchObject({ backend: 'memory', hits: 1 });
    }));

  it('refreshes an active deployment once its TTL has passed, and not before', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_ACTIVE_TTL_SECONDS: '5' }, async (gateway, clock) => {
      await gateway.query(byNumber(DEPLOYING));
      clock.advanceSeconds(4.999);
      await gateway.query(byNumber(DEPLOYING));
      expect(gets()).toBe(1);
      clock.advanceSeconds(0.001);
      await gateway.query(byNumber(DEPLOYING));
      expect(gets()).toBe(2);
    }));

  it('keeps a final deployment for CACHE_FINAL_TTL_SECONDS', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_FINAL_TTL_SECONDS: '600' }, async (gateway, clock) => {
      await gateway.query(byNumber(COMPLETE));
      clock.advanceSeconds(599);
      await gateway.query(byNumber(COMPLETE));
      expect(gets()).toBe(1);
      clock.advanceSeconds(1);
      await gateway.query(byNumber(COMPLETE));
      expect(gets()).toBe(2);
    }));

  it('never lets HTTP max-age outlast the cached entry', () =>
    withGateway(
      { CACHE_BACKEND: 'memory', CACHE_FINAL_TTL_SECONDS: '60', CACHE_ACTIVE_TTL_SECONDS: '3', HTTP_MAX_AGE_ACTIVE_SECONDS: '30' },
      async (gateway, clock) => {
        expect((await gateway.query(byNumber(COMPLETE))).headers.get('cache-control')).toBe('max-age=60, public');
        expect((await gateway.query(byNumber(DEPLOYING))).headers.get('cache-control')).toBe('max-age=3, public');
        clock.advanceSeconds(2);
        // Both answered from the cache now: 58 and 1 seconds of their entries remain.
        expect((await gateway.query(byNumber(COMPLETE))).headers.get('cache-control')).toBe('max-age=58, public');
        expect((await gateway.query(byNumber(DEPLOYING))).headers.get('cache-control')).toBe('max-age=1, public');
        expect(gets()).toBe(2);
      },
    ));

  it('caches NOT_FOUND briefly and never an upstream failure', () =>
    withGateway({ CACHE_BACKEND: 'memory' }, async (gateway) => {
      await gateway.query(byNumber(99));
      await gateway.query(byNumber(99));
      expect(gets()).toBe(1);
      cache.upstream.setFaults([{ fault: { kind: 'error', status: 500 }, operations: ['GetDeployment'], ids: ['1'] }]);
      await gateway.query(byNumber(1));
      await gateway.query(byNumber(1));
      // Three attempts each (the SDK retries a 500), none of them answered from the cache.
      expect(callsFor(1)).toBe(6);
    }));

  it('shares one AppConfig call among concurrent requests for the same deployment', () =>
    withGateway({ CACHE_BACKEND: 'memory' }, async (gateway) => {
      cache.upstream.setFaults([latencyRule(50)]);
      const answers = await Promise.all(Array.from({ length: 8 }, () => gateway.query(byNumber(COMPLETE))));
      expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
      expect(gets()).toBe(1);
    }));

  it('holds no more than CACHE_MAX_ENTRIES entries, evicting the least recently used', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_MAX_ENTRIES: '2', CACHE_RESPONSES: 'false' }, async (gateway) => {
      for (const n of [4, 6, 7]) await gateway.query(byNumber(n));
      expect(gets()).toBe(3);
      await gateway.query(byNumber(7));
      await gateway.query(byNumber(6));
      expect(gets()).toBe(3);
      await gateway.query(byNumber(4));
      expect(gets()).toBe(4);
    }));
});

describe('whole responses (CACHE_RESPONSES)', () => {
  const both = `{ final: ${byNumber(COMPLETE).slice(2, -2)} }`;
  const aliasOf = (alias: string, n: number) => `{ ${alias}: ${byNumber(n).slice(2, -2)} }`;

  it('answers a repeated query from one lookup, with what is left of its max-age', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_FINAL_TTL_SECONDS: '60' }, async (gateway, clock) => {
      const first = await gateway.query(both);
      clock.advanceSeconds(10);
      const second = await gateway.query(both);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get('cache-control')).toBe('max-age=50, public');
      expect((await health(gateway)).cache).toMatchObject({ hits: 0, misses: 1 });
      expect(gets()).toBe(1);
    }));

  it('keeps a moving deployment only as long as its entry, and answers it afresh after', () =>
    withGateway({ CACHE_BACKEND: 'memory', CACHE_ACTIVE_TTL_SECONDS: '5' }, async (gateway, clock) => {
      await gateway.query(aliasOf('moving', DEPLOYING));
      clock.advanceSeconds(4);
      expect((await gateway.query(aliasOf('moving', DEPLOYING))).headers.get('cache-control')).toBe('max-age=1, public');
      expect(gets()).toBe(1);
      clock.advanceSeconds(1);
      await gateway.query(aliasOf('moving', DEPLOYING));
      expect(gets()).toBe(2);
    }));

  it('never keeps a response with errors, and keys by variables', () =>
    withGateway({ CACHE_BACKEND: 'memory', APPCONFIG_MAX_ATTEMPTS: '1' }, async (gateway) => {
      const byVariable = 'query($n: Int!) { deployment(applicationId: "app1234", environmentId: "env1234", deploymentNumber: $n) { state } }';
      cache.upstream.setFaults([{ fault: { kind: 'error', status: 500 }, operations: ['GetDeployment'], ids: ['1'], times: 1 }]);
      expect((await gateway.query(byVariable, { n: 1 })).body.errors).toBeDefined();
      expect((await gateway.query(byVariable, { n: 1 })).body.data).toEqual({ deployment: { state: 'BAKING' } });
      expect((await gateway.query(byVariable, { n: 4 })).body.data).toEqual({ deployment: { state: 'COMPLETE' } });
      expect((await gateway.query(byVariable, { n: 4 })).body.data).toEqual({ deployment: { state: 'COMPLETE' } });
      expect(cache.upstream.requestedDeployments()).toEqual([1, 1, 4]);
    }));
});
