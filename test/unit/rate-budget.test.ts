import { createClient, type RedisClientType } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earliestStart, LATE_MS, PENALTY_MS, RateBudget, RateBudgetExceededError, type ReservationStore, WINDOW_MS } from '../../src/appconfig/rate-budget.js';
import { FallbackReservationStore, MemoryReservationStore, RedisReservationStore } from '../../src/appconfig/reservation-stores.js';
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

  it('falls back to its own reservations while Redis does not answer, and says so once', async () => {
    const { logger, lines } = capturingLogger();
    const broken: ReservationStore = { reserve: () => Promise.reject(new Error('down')), penalize: () => Promise.reject(new Error('down')) };
    const store = new FallbackReservationStore(broken, new MemoryReservationStore({ now: () => Date.now() }), logger, 50);
    expect(await store.reserve('k', 1, 0)).toMatchObject({ granted: true });
    expect(await store.reserve('k', 1, 0)).toMatchObject({ granted: false });
    expect(lines.filter((line) => line.msg?.includes('keeps a budget of its own'))).toHaveLength(1);
  });
});
