/** Where the emulator reads the time. Deployments progress as a pure function of it, never by timers. */
export interface Clock {
  now(): number;
}

/**
 * Wall-clock time sped up by `scale` from the moment the clock is made: with scale 60 a simulated
 * minute passes every real second, so demos of a 30-minute deployment finish in 30 seconds.
 */
export function scaledClock(scale: number, realNow: () => number = Date.now): Clock {
  const origin = realNow();
  return { now: () => origin + (realNow() - origin) * scale };
}

/** A clock that moves only when told to: for tests that must not sleep. */
export class ManualClock implements Clock {
  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  advance(ms: number): this {
    this.time += ms;
    return this;
  }

  advanceMinutes(minutes: number): this {
    return this.advance(minutes * 60_000);
  }
}
