import { createHash } from 'node:crypto';
import type { RedisClientType } from '@redis/client';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { earliestStart, penalized, type Reservation, type ReservationStore, WINDOW_MS } from './rate-budget.js';

/** Reservations in this process: the budget of one replica. */
export class MemoryReservationStore implements ReservationStore {
  private readonly reserved = new Map<string, number[]>();
  private readonly penalties = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  reserve(key: string, limit: number, maxWaitMs: number): Promise<Reservation> {
    const now = this.clock.now();
    const starts = (this.reserved.get(key) ?? []).filter((start) => start > now - WINDOW_MS);
    this.reserved.set(key, starts);
    const effectiveLimit = (this.penalties.get(key) ?? 0) > now ? penalized(limit) : limit;
    const at = earliestStart(starts, now, effectiveLimit);
    if (at - now > maxWaitMs) return Promise.resolve({ granted: false, retryAfterMs: at - now });
    starts.push(at);
    return Promise.resolve({ granted: true, waitMs: at - now });
  }

  penalize(key: string, forMs: number): Promise<void> {
    this.penalties.set(key, this.clock.now() + forMs);
    return Promise.resolve();
  }
}

/**
 * earliestStart in Lua, atomic in Redis, on Redis's own clock (so that replicas' clocks need not
 * agree). KEYS: the reserved starts (a sorted set), a sequence for unique members, the penalty flag.
 * ARGV: limit, window, longest wait. Answers {1, wait} or {0, retry after}.
 */
const RESERVE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
if redis.call('EXISTS', KEYS[3]) == 1 then limit = math.max(1, math.floor(limit / 2)) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local at = now
if count >= limit then
  local leaving = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  at = math.max(at, tonumber(leaving[2]) + window)
end
if count > 0 then
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  at = math.max(at, tonumber(last[2]))
end
if at - now > maxWait then return {0, at - now} end
local sequence = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], at, tostring(at) .. ':' .. tostring(sequence))
redis.call('PEXPIRE', KEYS[1], window + maxWait + 1000)
redis.call('PEXPIRE', KEYS[2], window + maxWait + 1000)
return {1, at - now}
`;
const RESERVE_SHA = createHash('sha1').update(RESERVE_SCRIPT).digest('hex');

/** Reservations in Redis: one budget for every replica that uses the same Redis and key. */
export class RedisReservationStore implements ReservationStore {
  constructor(private readonly client: RedisClientType) {}

  async reserve(key: string, limit: number, maxWaitMs: number): Promise<Reservation> {
    const options = { keys: [key, `${key}:sequence`, `${key}:penalty`], arguments: [String(limit), String(WINDOW_MS), String(Math.floor(maxWaitMs))] };
    let reply: unknown;
    try {
      reply = await this.client.evalSha(RESERVE_SHA, options);
    } catch (error) {
      if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
      reply = await this.client.eval(RESERVE_SCRIPT, options);
    }
    const [granted, ms] = reply as [number, number];
    return granted === 1 ? { granted: true, waitMs: ms } : { granted: false, retryAfterMs: ms };
  }

  async penalize(key: string, forMs: number): Promise<void> {
    await this.client.set(`${key}:penalty`, '1', { PX: forMs });
  }
}

/**
 * Redis when it answers within `timeoutMs`, else this process's own reservations: the budget then
 * holds per replica until Redis is back, rather than not at all. Logs each change once.
 */
export class FallbackReservationStore implements ReservationStore {
  private failing = false;

  constructor(
    private readonly primary: ReservationStore,
    private readonly fallback: ReservationStore,
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  reserve(key: string, limit: number, maxWaitMs: number): Promise<Reservation> {
    return this.either((store) => store.reserve(key, limit, maxWaitMs));
  }

  penalize(key: string, forMs: number): Promise<void> {
    return this.either((store) => store.penalize(key, forMs));
  }

  private async either<T>(operation: (store: ReservationStore) => Promise<T>): Promise<T> {
    try {
      const result = await withTimeout(operation(this.primary), this.timeoutMs);
      if (this.failing) {
        this.failing = false;
        this.logger.info('the shared AppConfig budget in Redis answers again');
      }
      return result;
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        this.logger.warn({ err: error }, 'the shared AppConfig budget in Redis failed; this replica keeps a budget of its own until it answers');
      }
      return operation(this.fallback);
    }
  }
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
