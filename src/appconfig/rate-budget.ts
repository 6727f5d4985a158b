import { setTimeout as sleep } from 'node:timers/promises';

/** AppConfig's control-plane quotas come per class of operation: 100 Get* and 10 List* calls per second per account. */
export type QuotaClass = 'get' | 'list';

/** The quota class of an AppConfig operation (`GetDeployment` → get), or undefined for writes, which the gateway never makes. */
export function quotaClassOf(operation: string): QuotaClass | undefined {
  if (operation.startsWith('Get')) return 'get';
  if (operation.startsWith('List')) return 'list';
  return undefined;
}

/** What reserving a call's start time gave: the wait before it may start, or how long until one would be free. */
export type Reservation = { readonly granted: true; readonly waitMs: number } | { readonly granted: false; readonly retryAfterMs: number };

/**
 * Where reservations are kept: in this process, or in Redis so that every replica draws on one
 * budget. A store reserves the earliest start at which the call keeps at most `limit` calls in any
 * window of WINDOW_MS, unless that start is more than `maxWaitMs` away (then nothing is reserved).
 */
export interface ReservationStore {
  reserve(key: string, limit: number, maxWaitMs: number): Promise<Reservation>;
  /** Halves `key`'s limit for `forMs`: AppConfig throttled, so the account is busier than the budget assumed. */
  penalize(key: string, forMs: number): Promise<void>;
}

/**
 * The budget keeps at most its rate of reserved starts in any window of a little over a second.
 * AppConfig counts calls per second as they arrive, and each arrives a few milliseconds after its
 * reserved start, late by its own amount (the replica's event loop, signing, the socket): two bursts a
 * bare second apart land within one of AppConfig's seconds (measured: 65 Get calls in a second on a
 * budget of 50). The extra tenth absorbs that, for a tenth less sustained throughput.
 */
export const WINDOW_MS = 1100;
/**
 * How much later than its reserved start a call may still go out: half the margin WINDOW_MS leaves
 * over AppConfig's second (the other half is for the way there). A busy event loop wakes a waiting
 * call later than that (measured, three replicas on two loaded cores: still 56 calls in a second on
 * a budget of 50), so such a call gives its turn up and takes another, which keeps every second
 * AppConfig sees within the rate.
 */
export const LATE_MS = (WINDOW_MS - 1000) / 2;
/** How long a throttled answer from AppConfig halves the budget for everyone. */
export const PENALTY_MS = 10_000;

/**
 * The earliest start, at or after `now`, that keeps at most `limit` reserved starts in any window of
 * WINDOW_MS, given the reserved starts so far (ascending, none older than the window), never before
 * the last one: reservations are handed out in order. The same rule runs in Redis (RESERVE_SCRIPT).
 */
export function earliestStart(reserved: readonly number[], now: number, limit: number): number {
  let at = now;
  if (reserved.length >= limit) at = Math.max(at, reserved[reserved.length - limit]! + WINDOW_MS);
  if (reserved.length > 0) at = Math.max(at, reserved[reserved.length - 1]!);
  return at;
}

export const penalized = (limit: number): number => Math.max(1, Math.floor(limit / 2));

/** The budget did not have a call slot within the caller's wait: the call was not made. */
export class RateBudgetExceededError extends Error {
  override readonly name = 'RateBudgetExceeded';

  constructor(
    readonly quota: QuotaClass,
    readonly retryAfterMs: number,
  ) {
    super(`the gateway's ${quota === 'get' ? 'APPCONFIG_GET_RATE' : 'APPCONFIG_LIST_RATE'} budget has no call free for ${retryAfterMs} ms`);
  }
}

export interface RateBudgetOptions {
  /** Calls per second for each quota class. */
  readonly rates: Readonly<Record<QuotaClass, number>>;
  readonly store: ReservationStore;
  /** Names the budget in the store: gateways that share a key share one budget. */
  readonly key: string;
}

/**
 * The fleet's AppConfig budget: each attempt of each call takes a start time from it, waiting for
 * its turn when the budget is spent, for at most the time it is allowed to wait.
 */
export class RateBudget {
  constructor(private readonly options: RateBudgetOptions) {}

  /**
   * Resolves, with the milliseconds it waited, when the call may start; throws RateBudgetExceededError,
   * having reserved nothing more, if that is more than `maxWaitMs` away (counting any turn missed).
   */
  async admit(quota: QuotaClass, maxWaitMs: number, signal?: AbortSignal): Promise<number> {
    const started = performance.now();
    for (;;) {
      const waitedMs = performance.now() - started;
      const reservation = await this.options.store.reserve(this.keyOf(quota), this.options.rates[quota], Math.max(0, maxWaitMs - waitedMs));
      if (!reservation.granted) {
        throw new RateBudgetExceededError(quota, reservation.retryAfterMs);
      }
      // A turn granted at once is taken at once (the continuation is synchronous): only a wait can make it late.
      if (reservation.waitMs === 0) return Math.round(waitedMs);
      const due = performance.now() + reservation.waitMs;
      await sleep(reservation.waitMs, undefined, signal ? { signal } : {});
      if (performance.now() - due <= LATE_MS) return Math.round(performance.now() - started);
    }
  }

  penalize(quota: QuotaClass): Promise<void> {
    return this.options.store.penalize(this.keyOf(quota), PENALTY_MS);
  }

  private keyOf(quota: QuotaClass): string {
    return `${this.options.key}:${quota}`;
  }
}
