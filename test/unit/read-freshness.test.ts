import { describe, expect, it } from 'vitest';
import { ReadFreshness } from '../../src/loaders/read-freshness.js';

const STALE = { ageSeconds: 12, reason: 'UPSTREAM_ERROR' };

describe('ReadFreshness', () => {
  it('knows no expiry until a cached read reports one, then the earliest', () => {
    const freshness = new ReadFreshness();
    expect(freshness.earliest).toBeUndefined();
    freshness.observe(undefined);
    expect(freshness.earliest).toBeUndefined();
    freshness.observe(5000);
    freshness.observe(7000);
    expect(freshness.earliest).toBe(5000);
    freshness.observe(undefined);
    freshness.observe(3000);
    expect(freshness.earliest).toBe(3000);
    freshness.observe(3000);
    expect(freshness.earliest).toBe(3000);
  });

  it('is stale once any read answered stale', () => {
    const freshness = new ReadFreshness();
    expect(freshness.anyStale).toBe(false);
    expect(freshness.staleFields()).toEqual([]);
    freshness.noteStale('deployment:["a","e",1]', STALE);
    expect(freshness.anyStale).toBe(true);
  });

  it('lists a stale read under every field that claimed it, and an unclaimed one with a null path', () => {
    const freshness = new ReadFreshness();
    freshness.noteStale('deployment:["a","e",1]', STALE);
    freshness.noteStale('application:a', { ageSeconds: 3, reason: 'UPSTREAM_THROTTLED' });
    freshness.claim(['deployment'], 'deployment:["a","e",1]');
    freshness.claim(['again', 'deployment'], 'deployment:["a","e",1]');
    freshness.claim(['again', 'deployment'], 'deployment:["a","e",1]');
    // A field answered from a fresh read claims nothing.
    freshness.claim(['environment'], 'environment:["a","e"]');
    expect(freshness.staleFields()).toStrictEqual([
      { path: ['deployment'], resource: 'deployment:["a","e",1]', ageSeconds: 12, reason: 'UPSTREAM_ERROR' },
      { path: ['again', 'deployment'], resource: 'deployment:["a","e",1]', ageSeconds: 12, reason: 'UPSTREAM_ERROR' },
      { path: null, resource: 'application:a', ageSeconds: 3, reason: 'UPSTREAM_THROTTLED' },
    ]);
  });
});
