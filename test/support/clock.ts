import type { Clock } from '../../src/clock.js';

/** A clock that moves only when told to: tests of lifetimes move it instead of waiting. */
export class TestClock implements Clock {
  constructor(private time = Date.UTC(2026, 10, 26, 12, 0, 0)) {}

  now(): number {
    return this.time;
  }

  advanceSeconds(seconds: number): void {
    this.time += seconds * 1000;
  }
}
