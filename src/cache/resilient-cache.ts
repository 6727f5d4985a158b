import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Logger } from '../logger.js';

export interface CacheHealth {
  /** Operations that failed or timed out; each one became a miss (get) or was skipped (set, delete). */
  errors: number;
  /** Whether the last operation failed: the backend looks down. */
  failing: boolean;
}

/**
 * Wraps a shared cache (Redis) so that it can never fail or slow a query: every operation is bounded
 * by `timeoutMs`, and an error or timeout is counted and turned into a miss. The state change (down,
 * back) is logged once, not per operation.
 */
export class ResilientCache implements KeyValueCache<string> {
  readonly health: CacheHealth = { errors: 0, failing: false };

  constructor(
    private readonly inner: KeyValueCache<string>,
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  get(key: string): Promise<string | undefined> {
    return this.guard(() => this.inner.get(key), undefined);
  }

  set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    return this.guard(() => this.inner.set(key, value, options), undefined);
  }

  delete(key: string): Promise<boolean | void> {
    return this.guard(() => this.inner.delete(key), false);
  }

  private async guard<T>(operation: () => Promise<T>, fallback: T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`cache operation timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      });
      const result = await Promise.race([operation(), timeout]);
      if (this.health.failing) {
        this.health.failing = false;
        this.logger.info('shared cache is answering again');
      }
      return result;
    } catch (error) {
      this.health.errors += 1;
      if (!this.health.failing) {
        this.health.failing = true;
        this.logger.warn({ err: error }, 'shared cache failed; serving from AppConfig until it answers again');
      }
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }
}
