import { createClient, type RedisClientType } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFleetBudget } from '../../src/appconfig/fleet-budget.js';
import {
  earliestStart,
  LATE_MS,
  PENALTY_MS,
  quotaClassOf,
  RateBudget,
  RateBudgetExceededError,
  type Reservation,
  type ReservationStore,
  WINDOW_MS,
} from '../../src/appconfig/rate-budget.js';
import { FallbackReservationStore, MemoryReservationStore, RedisReservationStore } from '../../src/appconfig/reservation-stores.js';
import { TestClock } from '../support/clock.js';
import { capturingLogger } from '../support/log-capture.js';
import { REDIS_URL } from '../support/redis.js';

describe('earliestStart', () => {
  it.each([
    ['nothing reserved', [], 1000, 3, 1000],
    ['room left in the window', [900, 950], 1000, 3, 1000],
    ['the window full: when its oldest start leaves it', [100, 200, 300], 1000, 3, 100 + WINDOW_MS],
    ['never before the last reservation', [2000], 1000, 3, 2000],
    ['a window full of future starts', [1500, 1600, 1700], 1000, 3, 1500 + WINDOW_MS],
  ])('%s', (_case, reserved, now, limit, expected) => {
    expect(earliestStart(reserved, now, limit)).toBe(expected);
  });
});

/** Runs the store's contract against `makeStore`; `now` reads the clock the store measures by. */
function storeContract(name: string, makeStore: () => ReservationStore | Promise<ReservationStore>, available = true) {
  describe.skipIf(!available)(`${name}: the reservation contract`, () => {
    let key = 0;
    const fresh = () => `test:${name}:${process.pid}:${Date.now()}:${(key += 1)}`;

    it('grants at once while the window has room, then paces starts so no window holds more than the limit', async () => {
      const store = await makeStore();
      const budget = fresh();
      const waits: number[] = [];
      for (let i = 0; i < 9; i += 1) {
        const reservation = await store.reserve(budget, 3, 10_000);
        expect(reservation.granted).toBe(true);
        if (reservation.granted) waits.push(reservation.waitMs);
      }
      // Three at once, three a window later, three two windows later (to the few ms the calls themselves take).
      expect(waits.map((wait) => Math.round(wait / WINDOW_MS))).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    });

    it('refuses, reserving nothing, a start further away than the caller can wait', async () => {
      const store = await makeStore();
      const budget = fresh();
      for (let i = 0; i < 2; i += 1) await store.reserve(budget, 2, 0);
      const refused = await store.reserve(budget, 2, 100);
      expect(refused.granted).toBe(false);
      if (!refused.granted) expect(refused.retryAfterMs).toBeGreaterThan(100);
      // The refusal took nothing: a caller who can wait a window gets the slot the refused one would have had.
      const waiting = await store.reserve(budget, 2, 2000);
      expect(waiting).toMatchObject({ granted: true });
      if (waiting.granted) expect(waiting.waitMs).toBeLessThan(WINDOW_MS + 50);
    });

    it('halves the limit while penalized', async () => {
      const store = await makeStore();
      const budget = fresh();
      await store.penalize(budget, PENALTY_MS);
      const granted = [];
      for (let i = 0; i < 4; i += 1) granted.push(await store.reserve(budget, 4, 0));
      expect(granted.map((reservation) => reservation.granted)).toEqual([true, true, false, false]);
    });
  });
}

storeContract('in memory', () => new MemoryReservationStore({ now: () => Date.now() }));

let redis: RedisClientType | undefined;
beforeAll(async () => {
  if (!REDIS_URL) return;
  redis = createClient({ url: REDIS_URL });
  await redis.connect();
});
afterAll(() => {
  if (redis?.isOpen) redis.destroy();
});
storeContract('in Redis', () => new RedisReservationStore(redis!), Boolean(REDIS_URL));

describe.skipIf(!REDIS_URL)('in Redis, for the fleet', () => {
  it('is one budget for every client of the same Redis and key', async () => {
    const other = createClient({ url: REDIS_URL! }) as RedisClientType;
    await other.connect();
    try {
      const stores = [new RedisReservationStore(redis!), new RedisReservationStore(other)];
      const key = `test:shared:${process.pid}:${Date.now()}`;
      const granted = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2]!.reserve(key, 4, 0)));
      expect(granted.filter((reservation) => reservation.granted)).toHaveLength(4);
    } finally {
      other.destroy();
    }
  });

  it('loads its script again when Redis has forgotten it', async () => {
    const store = new RedisReservationStore(redis!);
    const key = `test:flushed:${process.pid}:${Date.now()}`;
    expect(await store.reserve(key, 2, 0)).toMatchObject({ granted: true });
    await redis!.scriptFlush();
    expect(await store.reserve(key, 2, 0)).toMatchObject({ granted: true });
    expect(await store.reserve(key, 2, 0)).toMatchObject({ granted: false });
  });

  it('lets a penalty expire by itself', async () => {
    const key = `test:penalty:${process.pid}:${Date.now()}`;
    await new RedisReservationStore(redis!).penalize(key, 5000);
    const ttl = await redis!.pTTL(`${key}:penalty`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
  });

  it('shares one budget per AppConfig endpoint, not between endpoints', async () => {
    const { logger } = capturingLogger();
    const endpoint = `https://appconfig.test/${process.pid}/${Date.now()}`;
    const budget = (at: string) => createFleetBudget({ rates: { get: 1, list: 1 }, redis, endpoint: at, clock: new TestClock(), logger });
    expect(await budget(endpoint).admit('get', 0)).toBe(0);
    await expect(budget(endpoint).admit('get', 0)).rejects.toBeInstanceOf(RateBudgetExceededError);
    expect(await budget(`${endpoint}/other`).admit('get', 0)).toBe(0);
  });
});

describe('quota classes', () => {
  it('counts Get* calls against the get quota and List* calls against the list quota, and nothing else', () => {
    expect(['GetDeployment', 'ListTagsForResource', 'CreateApplication', 'TagResource', 'ForgetList'].map(quotaClassOf)).toEqual([
      'get',
      'list',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('names the setting of the spent quota in a refusal', () => {
    expect(new RateBudgetExceededError('get', 250).message).toBe("the gateway's APPCONFIG_GET_RATE budget has no call free for 250 ms");
    expect(new RateBudgetExceededError('list', 900).message).toBe("the gateway's APPCONFIG_LIST_RATE budget has no call free for 900 ms");
  });
});

describe('MemoryReservationStore on a clock the test moves', () => {
  it('halves the limit for exactly the penalty, and not a moment longer', async () => {
    let now = Date.UTC(2026, 0, 1);
    const store = new MemoryReservationStore({ now: () => now });
    await store.penalize('early', PENALTY_MS);
    await store.penalize('late', PENALTY_MS);
    const fourCalls = async (key: string) =>
      (await Promise.all(Array.from({ length: 4 }, () => store.reserve(key, 4, 0)))).map((reservation) => reservation.granted);
    now += PENALTY_MS - 1;
    expect(await fourCalls('early')).toEqual([true, true, false, false]);
    now += 1;
    expect(await fourCalls('late')).toEqual([true, true, true, true]);
  });
});

describe('RateBudget, over a store that answers as told', () => {
  function recordingStore(reservation: Reservation) {
    const asked: unknown[][] = [];
    const store: ReservationStore = {
      reserve: (...args) => (asked.push(['reserve', ...args]), Promise.resolve(reservation)),
      penalize: (...args) => (asked.push(['penalize', ...args]), Promise.resolve()),
    };
    return { store, asked };
  }

  it("reserves in its quota's own key, never a negative wait, and penalizes that key for PENALTY_MS", async () => {
    const { store, asked } = recordingStore({ granted: true, waitMs: 0 });
    const budget = new RateBudget({ rates: { get: 7, list: 3 }, store, key: 'fleet' });
    expect(await budget.admit('list', 500)).toBe(0);
    expect(await budget.admit('get', -5)).toBe(0);
    await budget.penalize('list');
    expect(asked).toEqual([
      // What is left of the 500 ms allowance by the time the store is asked.
      ['reserve', 'fleet:list', 3, expect.closeTo(500, -2)],
      ['reserve', 'fleet:get', 7, 0],
      ['penalize', 'fleet:list', PENALTY_MS],
    ]);
  });

  it("stops waiting for its turn when the caller's signal aborts", async () => {
    const { store } = recordingStore({ granted: true, waitMs: 5000 });
    const budget = new RateBudget({ rates: { get: 1, list: 1 }, store, key: 'fleet' });
    const controller = new AbortController();
    const admitted = budget.admit('get', 10_000, controller.signal);
    controller.abort();
    await expect(admitted).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('RateBudget', () => {
  it('admits at once while calls are free, refuses a turn further away than allowed, and waits for one within it', async () => {
    const budget = new RateBudget({ rates: { get: 2, list: 1 }, store: new MemoryReservationStore({ now: () => Date.now() }), key: 'test' });
    expect(await budget.admit('get', 0)).toBe(0);
    expect(await budget.admit('get', 0)).toBe(0);
    await expect(budget.admit('get', 10)).rejects.toBeInstanceOf(RateBudgetExceededError);
    expect(await budget.admit('list', 0)).toBe(0);
    const started = Date.now();
    const waited = await budget.admit('get', 2000);
    expect(waited).toBeGreaterThan(WINDOW_MS - 100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(waited - 5);
  });

  it('gives up a turn it wakes too late for, and takes another: a late call would crowd the next second', async () => {
    const asked: number[] = [];
    const store: ReservationStore = {
      reserve: (_key, _limit, maxWaitMs) => {
        asked.push(maxWaitMs);
        return Promise.resolve({ granted: true, waitMs: asked.length === 1 ? 20 : 0 });
      },
      penalize: () => Promise.resolve(),
    };
    const admitted = new RateBudget({ rates: { get: 50, list: 5 }, store, key: 'test' }).admit('get', 5000);
    // Once its 20 ms wait has begun, a busy event loop wakes it far past the margin.
    await new Promise((resolve) => setImmediate(resolve));
    const blockedUntil = performance.now() + LATE_MS + 150;
    while (performance.now() < blockedUntil);
    expect(await admitted).toBeGreaterThan(LATE_MS);
    expect(asked).toHaveLength(2);
    // The second turn may only wait what is left of the first's allowance.
    expect(asked[1]).toBeLessThan(5000 - LATE_MS);
  });

  it('falls back when Redis answers too slowly, penalties too, and says once when it answers again', async () => {
    vi.useFakeTimers();
    try {
      let answering = false;
      const primaryCalls: string[] = [];
      const slow = <T>(call: string, value: T): Promise<T> => (answering ? (primaryCalls.push(call), Promise.resolve(value)) : new Promise<T>(() => undefined));
      const primary: ReservationStore = { reserve: () => slow('reserve', { granted: true, waitMs: 7 }), penalize: () => slow('penalize', undefined) };
      const fallback = new MemoryReservationStore({ now: () => 0 });
      const { logger, lines } = capturingLogger();
      const store = new FallbackReservationStore(primary, fallback, logger, 100);

      let settled = false;
      const reserved = store.reserve('k', 2, 0).finally(() => (settled = true));
      await vi.advanceTimersByTimeAsync(99);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await reserved).toEqual({ granted: true, waitMs: 0 });
      const penalized = store.penalize('k', PENALTY_MS);
      await vi.advanceTimersByTimeAsync(100);
      await penalized;
      // The fallback took the penalty: its limit of 2 is halved.
      expect(await fallback.reserve('k', 2, 0)).toMatchObject({ granted: false });
      expect(lines.map((line) => [line.msg, (line['err'] as { message?: string } | undefined)?.message])).toEqual([
        ['the shared AppConfig budget in Redis failed; this replica keeps a budget of its own until it answers', 'Redis did not answer within 100 ms'],
      ]);

      answering = true;
      expect(await store.reserve('k', 2, 0)).toEqual({ granted: true, waitMs: 7 });
      await store.penalize('k', PENALTY_MS);
      expect(primaryCalls).toEqual(['reserve', 'penalize']);
      expect(lines.map((line) => line.msg).slice(1)).toEqual(['the shared AppConfig budget in Redis answers again']);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('falls back to its own reservations while Redis does not answer, and says so once', async () => {
    const { logger, lines } = capturingLogger();
    const broken: ReservationStore = { reserve: () => Promise.reject(new Error('down')), penalize: () => Promise.reject(new Error('down')) };
    const store = new FallbackReservationStore(broken, new MemoryReservationStore({ now: () => Date.now() }), logger, 50);
    expect(await store.reserve('k', 1, 0)).toMatchObject({ granted: true });
    expect(await store.reserve('k', 1, 0)).toMatchObject({ granted: false });
    expect(lines.filter((line) => line.msg?.includes('keeps a budget of its own'))).toHaveLength(1);
  });
});
