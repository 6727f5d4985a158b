/** What one lookup in a cache found, by key. */
export interface CacheLookupResult {
  readonly hits: number;
  readonly misses: number;
  /** Misses that joined a fetch another request had already started (single flight). */
  readonly joined: number;
  /** Entries answered past their lifetime because AppConfig failed (stale-if-error). */
  readonly stale?: number;
}

/**
 * Told of each cache lookup as it starts (the kind of entry, such as `deployment` or `response`,
 * and how many keys at once); the function it returns is called once, with what the lookup found.
 * Metrics count from it, traces time it, a request's access line sums it. It must be cheap and
 * must not throw.
 */
export type CacheLookupObserver = (kind: string, keys: number) => (result: CacheLookupResult) => void;
