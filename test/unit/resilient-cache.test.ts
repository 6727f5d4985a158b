import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResilientCache } from '../../src/cache/resilient-cache.js';
import { capturingLogger } from '../support/log-capture.js';

const TIMEOUT_MS = 250;
const WARNING = 'shared cache failed; serving from AppConfig until it answers again';
const RECOVERED = 'shared cache is answering again';

/** A backend whose every operation does what `behave` says: answer, fail, or never answer. */
function backend(behave: () => 'answer' | 'fail' | 'hang') {
  const sets: Array<[string, string, KeyValueCacheSetOptions | undefined]> = [];
  const run = <T>(value: T): Promise<T> => {
    const behaviour = behave();
    if (behaviour === 'fail') return Promise.reject(new Error('connection refused'));
    if (behaviour === 'hang') return new Promise<T>(() => undefined);
    return Promise.resolve(value);
  };
  const inner: KeyValueCache<string> = {
    get: (key) => run(`value of ${key}`),
    set: (key, value, options) => (sets.push([key, value, options]), run(undefined)),
    delete: () => run(true),
  };
  return { inner, sets };
}

describe('ResilientCache', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes every operation through while the backend answers, and leaves no timer behind', async () => {
    const { inner, sets } = backend(() => 'answer');
    const { logger, lines } = capturingLogger();
    const cache = new ResilientCache(inner, logger, TIMEOUT_MS);
    expect(await cache.get('k')).toBe('value of k');
    await cache.set('k', 'v', { ttl: 30 });
    expect(await cache.delete('k')).toBe(true);
    expect(sets).toEqual([['k', 'v', { ttl: 30 }]]);
    expect(cache.health).toEqual({ errors: 0, failing: false });
    expect(vi.getTimerCount()).toBe(0);
    expect(lines).toEqual([]);
  });

  it('answers a miss when the backend fails: get undefined, set nothing, delete false', async () => {
    const { inner } = backend(() => 'fail');
    const cache = new ResilientCache(inner, capturingLogger().logger, TIMEOUT_MS);
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.set('k', 'v')).toBeUndefined();
    expect(await cache.delete('k')).toBe(false);
    expect(cache.health).toEqual({ errors: 3, failing: true });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up on an operation after timeoutMs, and not before', async () => {
    const { inner } = backend(() => 'hang');
    const { logger, lines } = capturingLogger();
    const cache = new ResilientCache(inner, logger, TIMEOUT_MS);
    let answered = false;
    const get = cache.get('k').then((value) => ((answered = true), value));
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await get).toBeUndefined();
    expect(cache.health).toEqual({ errors: 1, failing: true });
    expect(lines.map((line) => [line.msg, (line['err'] as { message?: string } | undefined)?.message])).toEqual([
      [WARNING, `cache operation timed out after ${TIMEOUT_MS} ms`],
    ]);
  });

  it('logs going down once and coming back once, however many operations fail or answer', async () => {
    let behaviour: 'answer' | 'fail' = 'fail';
    const { inner } = backend(() => behaviour);
    const { logger, lines } = capturingLogger();
    const cache = new ResilientCache(inner, logger, TIMEOUT_MS);
    await cache.get('a');
    await cache.get('b');
    expect(lines.map((line) => line.msg)).toEqual([WARNING]);
    expect(lines[0]?.level).toBe(40);

    behaviour = 'answer';
    await cache.get('a');
    await cache.get('b');
    expect(lines.map((line) => line.msg)).toEqual([WARNING, RECOVERED]);
    expect(lines[1]?.level).toBe(30);
    expect(cache.health).toEqual({ errors: 2, failing: false });

    behaviour = 'fail';
    await cache.get('a');
    expect(lines.map((line) => line.msg)).toEqual([WARNING, RECOVERED, WARNING]);
  });
});
