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

    const timedOut = admission.run({ lane: 'b' }, queued.task);
    await expect(timedOut).rejects.toBeInstanceOf(QueueTimeoutError);
    const { waitedMs } = (await timedOut.catch((error: unknown) => error)) as QueueTimeoutError;
    expect(waitedMs).toBeGreaterThanOrEqual(49);
    expect(waitedMs).toBeLessThan(10_000);
    expect(admission.stats).toMatchObject({ queued: 0, timedOut: 1 });
    busy.release();
    await running;
    expect(started).toEqual(['busy']);
  });

  /** One call running in a single slot, and one waiting behind it with a signal of its own. */
  function oneRunningOneWaiting() {
    const admission = new UpstreamAdmission({ maxConcurrency: 1, queueTimeoutMs: 10_000 });
    const started: string[] = [];
    const busy = gate(started, 'busy');
    const running = admission.run({ lane: 'a' }, busy.task);
    const controller = new AbortController();
    const waiting = admission.run({ lane: 'b', signal: controller.signal }, gate(started, 'never').task);
    return { admission, started, busy, running, controller, waiting };
  }

  it("stops waiting when the ticket's signal aborts, and refuses an already aborted ticket", async () => {
    const { admission, started, busy, running, controller, waiting } = oneRunningOneWaiting();
    controller.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    await expect(admission.run({ lane: 'c', signal: controller.signal }, gate(started, 'never').task)).rejects.toThrow('client left');
    expect(admission.stats.queued).toBe(0);
    busy.release();
    await running;
    expect(started).toEqual(['busy']);
  });

  it('fails a waiting call with a plain Error when its signal aborts with a reason that is none', async () => {
    const { busy, running, controller, waiting } = oneRunningOneWaiting();
    controller.abort('the client left');
    await expect(waiting).rejects.toStrictEqual(new Error('aborted'));
    busy.release();
    await running;
  });

  it('forgets a call once it starts: aborting its signal then changes nothing in the queue', async () => {
    const admission = new UpstreamAdmission({ maxConcurrency: 1, queueTimeoutMs: 10_000 });
    const started: string[] = [];
    const [first, second, third] = ['first', 'second', 'third'].map((name) => gate(started, name));
    const controller = new AbortController();
    const runs = [
      admission.run({ lane: 'a' }, first!.task),
      admission.run({ lane: 'b', signal: controller.signal }, second!.task),
      admission.run({ lane: 'b' }, third!.task),
    ];
    first!.release();
    await expect.poll(() => started).toEqual(['first', 'second']);
    controller.abort(new Error('too late'));
    expect(admission.stats).toEqual({ inFlight: 1, queued: 1, timedOut: 0 });
    second!.release();
    await expect.poll(() => started).toEqual(['first', 'second', 'third']);
    third!.release();
    expect(await Promise.all(runs)).toEqual(['first', 'second', 'third']);
  });

  it('gives a freed slot to a lane that has a call waiting, never to one served earlier that has none', async () => {
    const admission = new UpstreamAdmission({ maxConcurrency: 2, queueTimeoutMs: 10_000 });
    const started: string[] = [];
    const [a1, b1, b2] = ['a1', 'b1', 'b2'].map((name) => gate(started, name));
    const runs = [admission.run({ lane: 'a' }, a1!.task), admission.run({ lane: 'b' }, b1!.task), admission.run({ lane: 'b' }, b2!.task)];
    await expect.poll(() => started).toEqual(['a1', 'b1']);
    // Lane a was served first and still runs a1, but has nothing waiting: b2 takes b1's slot.
    b1!.release();
    await expect.poll(() => started).toEqual(['a1', 'b1', 'b2']);
    a1!.release();
    b2!.release();
    await Promise.all(runs);
  });

  it('forgets each lane once its calls have ended, so finished requests leave nothing behind', async () => {
    const admission = new UpstreamAdmission({ maxConcurrency: 1, queueTimeoutMs: 10_000 });
    // Every request is a lane: one kept after its calls end would be kept for the life of the process.
    const lanes = () => (admission as unknown as { lanes: Map<string, unknown> }).lanes.size;
    const started: string[] = [];
    const [a1, a2, b1] = ['a1', 'a2', 'b1'].map((name) => gate(started, name));
    const runs = [admission.run({ lane: 'a' }, a1!.task), admission.run({ lane: 'a' }, a2!.task), admission.run({ lane: 'b' }, b1!.task)];
    expect(lanes()).toBe(2);
    a1!.release();
    await expect.poll(() => started).toEqual(['a1', 'b1']);
    expect(lanes()).toBe(2);
    b1!.release();
    await expect.poll(() => started).toEqual(['a1', 'b1', 'a2']);
    expect(lanes()).toBe(1);
    a2!.release();
    await Promise.all(runs);
    expect(lanes()).toBe(0);
  });
});
