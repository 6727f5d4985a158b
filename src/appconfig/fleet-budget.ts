import type { RedisClientType } from '@redis/client';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { type QuotaClass, RateBudget } from './rate-budget.js';
import { FallbackReservationStore, MemoryReservationStore, RedisReservationStore } from './reservation-stores.js';

/**
 * Bound on each Redis round trip of the budget: past it this replica paces its calls alone. Long
 * enough that a busy event loop is not taken for a failing Redis, short beside the queue timeout.
 */
const REDIS_TIMEOUT_MS = 1000;

export interface FleetBudgetOptions {
  readonly rates: Readonly<Record<QuotaClass, number>>;
  /** Present when the replicas share Redis: they then share one budget. */
  readonly redis?: RedisClientType;
  /** What the budget is for, so that gateways of different AppConfig endpoints sharing a Redis do not share it. */
  readonly endpoint: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The AppConfig budget of the fleet: in Redis when there is one (this process's own while Redis is down), else this process's. */
export function createFleetBudget({ rates, redis, endpoint, clock, logger }: FleetBudgetOptions): RateBudget {
  const local = new MemoryReservationStore(clock);
  const store = redis ? new FallbackReservationStore(new RedisReservationStore(redis), local, logger, REDIS_TIMEOUT_MS) : local;
  return new RateBudget({ rates, store, key: `appconfig-graph:budget:v1:${endpoint}` });
}
