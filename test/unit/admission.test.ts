import { describe, expect, it } from 'vitest';
import { QueueTimeoutError, UpstreamAdmission } from '../../src/appconfig/admission.js';

/** A task that runs until released, recording that it started. */
function gate(started: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { task: () => (started.push(name), done.then(() => name)), release: () => release() };
}

describe('UpstreamAdmission', () => {
  it('runs at most maxConcurrency tasks at once and starts the next when one ends', async () => {
    const admission = new UpstreamAdmission({ maxConcurrency: 2, queueTimeoutMs: 10_000 });
    const started: string[] = [];
    const gates = ['a', 'b', 'c'].map((name) => gate(started, name));
    const results = gates.map((g) => admission.run({ lane: 'one' }, g.task));

    await expect.poll(() => started).toEqual(['a', 'b']);
    expect(admission.stats).toEqual({ inFlight: 2, queued: 1, timedOut: 0 });
    gates[0]!.release();
    await expect.poll(() => started).toEqual(['a', 'b', 'c']);
    gates[1]!.release();
    gates[2]!.release();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(admission.stats).toEqual({ inFlight: 0, queued: 0, timedOut: 0 });
  });

  it('gives a freed slot to the lane served least recently, not to the longest queue', async () => {
    const admission = new UpstreamAdmission({ maxConcurrency: 1, queueTimeoutMs: 10_000 });
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    const run = (lane: string, name: string) => {
      const g = gate(started, name);
      gates.set(name, g);
      return admission.run({ lane }, g.task);
    };
    const all = [run('wide', 'w1'), run('wide', 'w2'), run('wide', 'w3'), run('single', 's1'), run('other', 'o1')];

    for (const name of ['w1', 's1', 'o1', 'w2', 'w3']) {
      await expect.poll(() => started.at(-1)).toBe(name);
      gates.get(name)!.release();
    }
    await Promise.all(all);
    expect(started).toEqual(['w1', 's1', 'o1', 'w2', 'w3']);
  });

  it('fails a call that waits longer than queueTimeoutMs without ever running it', async () => {
    const admission = new UpstreamAdmission({ maxConcurrency: 1, queueTimeoutMs: 50 });
    const started: string[] = [];
    const busy = gate(started, 'busy');
    const running = admission.run({ lane: 'a' }, busy.task);
    const queued = gate(started, 'queued');

    await expect(admission.run({ lane: 'b' }, queued.task)).rejects.toBeInstanceOf(QueueTimeoutError);
    expect(admission.stats).toMatchObject({ queued: 0, timedOut: 1 });
    busy.release();
    await running;
    expect(started).toEqual(['busy']);
  });

  it("stops waiting when the ticket's signal aborts, and refuses an already aborted ticket", async () => {
    const admission = new UpstreamAdmission({ maxConcurrency: 1, queueTimeoutMs: 10_000 });
    const started: string[] = [];
    const busy = gate(started, 'busy');
    const running = admission.run({ lane: 'a' }, busy.task);
    const controller = new AbortController();
    const waiting = admission.run({ lane: 'b', signal: controller.signal }, gate(started, 'never').task);

    controller.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    await expect(admission.run({ lane: 'c', signal: controller.signal }, gate(started, 'never').task)).rejects.toThrow('client left');
    expect(admission.stats.queued).toBe(0);
    busy.release();
    await running;
    expect(started).toEqual(['busy']);
  });
});
