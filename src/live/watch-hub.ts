import type { Logger } from '../logger.js';

/** What one poll of a watched resource saw. */
export type PollOutcome<V> =
  | { readonly kind: 'value'; readonly value: V; readonly fingerprint: string; readonly final: boolean }
  /** The resource does not exist (NOT_FOUND): the watch ends, and its subscriptions with this error. */
  | { readonly kind: 'gone'; readonly message: string }
  /** AppConfig failed this time: nothing is sent, the next interval tries again. */
  | { readonly kind: 'skipped' };

/** A change a watch saw, as its subscribers receive it. */
export interface Change<V> {
  readonly value: V;
  readonly fingerprint: string;
  readonly final: boolean;
}

/** How a watched value travels between replicas. */
export interface WatchCodec<V> {
  encode(outcome: PollOutcome<V>): string;
  decode(message: string): PollOutcome<V>;
}

/**
 * Who polls a watched key when replicas share Redis: the one holding its lease; the others hear what
 * it saw. Every method may reject while Redis is down: the watch then polls by itself.
 */
export interface WatchCoordinator {
  /** Whether this replica polls `key` this interval: it holds, renews or has just taken the key's lease. */
  lead(key: string): Promise<boolean>;
  /** Gives up `key`'s lease, if this replica holds it. */
  release(key: string): Promise<void>;
  publish(key: string, message: string): Promise<void>;
  /** Hears what the replica polling `key` publishes; resolves with how to stop. */
  listen(key: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
}

export interface WatchHubOptions {
  readonly intervalMs: number;
  readonly coordinator?: WatchCoordinator;
  readonly logger: Logger;
  /** Told when a watch starts in this process; the function it returns is called once when the watch ends. */
  readonly watchStarted?: () => () => void;
}

/**
 * One watcher per watched key in this process, however many subscribers follow it: it polls every
 * interval (or, with a coordinator, only while it holds the key's lease, and hears the holder
 * otherwise), tells its subscribers each change, and stops when its last subscriber leaves or the
 * value is final.
 */
export class WatchHub {
  private readonly watches = new Map<string, Watch<unknown>>();
  constructor(private readonly options: WatchHubOptions) {}

  /** The changes `key` goes through from now on; the subscription ends when the iterator is returned. */
  follow<V>(key: string, poll: () => Promise<PollOutcome<V>>, codec: WatchCodec<V>): AsyncIterableIterator<Change<V>> {
    let watch = this.watches.get(key) as Watch<V> | undefined;
    if (!watch) {
      const created = new Watch<V>(key, poll, codec, this.options, () => this.watches.delete(key));
      // Each key's watch has the type its feed gave it; the map holds every feed's.
      this.watches.set(key, created as unknown as Watch<unknown>);
      watch = created;
      created.start();
    }
    return watch.subscribe();
  }

  /** The last change the watch of `key` saw, here or from the replica polling it; undefined before its first. */
  current<V>(key: string): Change<V> | undefined {
    return (this.watches.get(key) as Watch<V> | undefined)?.current;
  }

  /** Ends every watch (their subscriptions end too): the server is stopping. */
  async close(): Promise<void> {
    await Promise.all([...this.watches.values()].map((watch) => watch.end()));
  }
}

const DONE = { done: true, value: undefined } as const;

/**
 * One subscriber's changes, in order, then the end (or the error that ended the watch). Lighter than
 * `events.on()`, which holds two 2048-slot queues per iterator: half a subscriber's heap, measured.
 */
class Subscription<V> implements AsyncIterableIterator<Change<V>> {
  private readonly queued: Change<V>[] = [];
  private waiting: { resolve: (result: IteratorResult<Change<V>>) => void; reject: (error: unknown) => void } | undefined;
  private ending: { readonly error?: Error } | undefined;

  constructor(private readonly leave: () => void) {}

  push(change: Change<V>): void {
    if (this.ending) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting.resolve({ done: false, value: change });
    else this.queued.push(change);
  }

  /** No more changes: those queued are still delivered, then the end, or `error`. */
  close(error?: Error): void {
    if (this.ending) return;
    this.ending = error ? { error } : {};
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) this.finish().then(waiting.resolve, waiting.reject);
  }

  next(): Promise<IteratorResult<Change<V>>> {
    const change = this.queued.shift();
    if (change) return Promise.resolve({ done: false, value: change });
    if (this.ending) return this.finish();
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<Change<V>>> {
    this.queued.length = 0;
    this.close();
    return this.finish();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): Promise<IteratorResult<Change<V>>> {
    this.leave();
    const error = this.ending?.error;
    return error ? Promise.reject(error) : Promise.resolve(DONE);
  }
}

class Watch<V> {
  // A popular deployment has thousands.
  private readonly subscriptions = new Set<Subscription<V>>();
  current: Change<V> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ended = false;
  private stopListening: (() => Promise<void>) | undefined;
  private watchEnded: (() => void) | undefined;

  constructor(
    private readonly key: string,
    private readonly poll: () => Promise<PollOutcome<V>>,
    private readonly codec: WatchCodec<V>,
    private readonly options: WatchHubOptions,
    private readonly forget: () => void,
  ) {}

  start(): void {
    this.watchEnded = this.options.watchStarted?.();
    const { coordinator } = this.options;
    if (coordinator) {
      coordinator
        .listen(this.key, (message) => this.apply(this.codec.decode(message), false))
        .then((stop) => {
          if (this.ended) void stop();
          else this.stopListening = stop;
        })
        .catch((error: unknown) => this.options.logger.warn({ err: error, key: this.key }, 'cannot hear other replicas about a watch; polling it here'));
    }
    this.schedule(0);
  }

  subscribe(): AsyncIterableIterator<Change<V>> {
    const subscription: Subscription<V> = new Subscription<V>(() => {
      // Once, however it ends: the last subscriber to leave ends the watch.
      if (!this.subscriptions.delete(subscription)) return;
      if (this.subscriptions.size === 0) void this.end();
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.watchEnded?.();
    clearTimeout(this.timer);
    this.forget();
    for (const subscription of this.subscriptions) subscription.close();
    await Promise.all([this.stopListening?.(), this.options.coordinator?.release(this.key).catch(() => undefined)]);
  }

  private schedule(delayMs: number): void {
    if (this.ended) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    // A watch never keeps the process alive on its own.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let leading = true;
    if (this.options.coordinator) leading = await this.options.coordinator.lead(this.key).catch(() => true);
    if (leading) this.apply(await this.poll(), true);
    // Others look at the lease twice an interval, so that one of them takes over soon after its holder dies.
    this.schedule(leading ? this.options.intervalMs : this.options.intervalMs / 2);
  }

  private apply(outcome: PollOutcome<V>, polledHere: boolean): void {
    if (this.ended || outcome.kind === 'skipped' || (outcome.kind === 'value' && outcome.fingerprint === this.current?.fingerprint)) return;
    // What changed, the poller tells the other replicas.
    if (polledHere && this.options.coordinator) {
      this.options.coordinator.publish(this.key, this.codec.encode(outcome)).catch(() => undefined);
    }
    if (outcome.kind === 'gone') {
      const gone = new WatchGoneError(outcome.message);
      for (const subscription of this.subscriptions) subscription.close(gone);
      void this.end();
      return;
    }
    this.current = { value: outcome.value, fingerprint: outcome.fingerprint, final: outcome.final };
    for (const subscription of this.subscriptions) subscription.push(this.current);
    if (outcome.final) void this.end();
  }
}

/** The watched resource does not exist (any more): subscriptions end with this. */
export class WatchGoneError extends Error {
  override readonly name = 'WatchGoneError';
}
