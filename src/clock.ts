/**
 * Where the gateway reads the time. One clock, given to everything that ages data (the cache, the
 * cache hints), so tests of lifetimes move it instead of waiting.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
