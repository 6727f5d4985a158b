import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../../src/context.js';
import { ReadFreshness } from '../../src/loaders/read-freshness.js';
import { freshnessPlugin } from '../../src/server/freshness-plugin.js';
import { TestClock } from '../support/clock.js';

/** Runs the plugin's hooks for one request over `freshness`; returns the restrictions made and the response's extensions. */
async function runRequest(freshness: ReadFreshness, clock = new TestClock()) {
  const plugin: ApolloServerPlugin<GatewayContext> = freshnessPlugin(clock);
  const contextValue = { freshness } as GatewayContext;
  const restrictions: unknown[] = [];
  const overallCachePolicy = { restrict: (hint: unknown) => void restrictions.push(hint) };
  const listener = (await plugin.requestDidStart!({} as never)) as GraphQLRequestListener<GatewayContext>;
  const execution = await listener.executionDidStart!({ contextValue, overallCachePolicy } as never);
  await execution!.executionDidEnd!();
  const singleResult: { data: unknown; extensions?: Record<string, unknown> } = { data: {}, extensions: { other: 1 } };
  await listener.willSendResponse!({ contextValue, response: { body: { kind: 'single', singleResult } } } as never);
  return { restrictions, extensions: singleResult.extensions };
}

describe('freshnessPlugin', () => {
  it('leaves the policy and the extensions of a response that read nothing cached alone', async () => {
    expect(await runRequest(new ReadFreshness())).toStrictEqual({ restrictions: [], extensions: { other: 1 } });
  });

  it('bounds max-age by the earliest expiry read, in whole seconds, never below 0', async () => {
    const clock = new TestClock();
    const soon = new ReadFreshness();
    soon.observe(clock.now() + 2900);
    expect((await runRequest(soon, clock)).restrictions).toStrictEqual([{ maxAge: 2 }]);
    const past = new ReadFreshness();
    past.observe(clock.now() - 5000);
    expect((await runRequest(past, clock)).restrictions).toStrictEqual([{ maxAge: 0 }]);
  });

  it('makes an answer holding stale data uncacheable, and lists its stale reads', async () => {
    const freshness = new ReadFreshness();
    freshness.noteStale('application:a', { ageSeconds: 4, reason: 'UPSTREAM_ERROR' });
    expect(await runRequest(freshness)).toStrictEqual({
      restrictions: [{ maxAge: 0 }],
      extensions: { other: 1, stale: [{ path: null, resource: 'application:a', ageSeconds: 4, reason: 'UPSTREAM_ERROR' }] },
    });
  });
});
