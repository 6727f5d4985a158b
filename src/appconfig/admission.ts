/** Who is asking for an upstream slot: the calls of one lane (a GraphQL request) share its turns. */
export interface AdmissionTicket {
  readonly lane: string;
  /** Gives up waiting when aborted: the request ended or ran out of time. */
  readonly signal?: AbortSignal;
}

export interface AdmissionOptions {
  /** Most calls in flight at once. */
  readonly maxConcurrency: number;
  /** Longest a call waits for a slot before it fails with QueueTimeoutError, never having been made. */
  readonly queueTimeoutMs: number;
}

export interface AdmissionStats {
  readonly inFlight: number;
  readonly queued: number;
  /** Calls that gave up waiting for a slot (QueueTimeoutError). */
  readonly timedOut: number;
}

/** A call waited `APPCONFIG_QUEUE_TIMEOUT_MS` for a slot without getting one; it was never made. */
export class QueueTimeoutError extends Error {
  override readonly name = 'QueueTimeoutError';

  constructor(readonly waitedMs: number) {
    super(`waited ${waitedMs} ms for one of the gateway's AppConfig call slots`);
  }
}

interface Waiter {
  readonly start: () => void;
  readonly fail: (error: Error) => void;
}

interface Lane {
  readonly waiters: Waiter[];
  running: number;
  /** When this lane last got a slot, in admissions; lanes that waited longest since go first. */
  lastServed: number;
}

/**
 * Admits upstream calls: at most `maxConcurrency` run at once. When every slot is taken, calls wait
 * in one queue per lane, and a freed slot goes to the lane served least recently, so a request with
 * a 200-call fan-out cannot make a request that needs one call wait behind all of it. A waiting call
 * gives up after `queueTimeoutMs`, or when its ticket's signal aborts.
 */
export class UpstreamAdmission {
  private running = 0;
  private waiting = 0;
  private timedOut = 0;
  private admissions = 0;
  /** Lanes with calls waiting or running. */
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly options: AdmissionOptions) {}

  get stats(): AdmissionStats {
    return { inFlight: this.running, queued: this.waiting, timedOut: this.timedOut };
  }

  async run<T>(ticket: AdmissionTicket, task: () => Promise<T>): Promise<T> {
    const lane = await this.acquire(ticket);
    try {
      return await task();
    } finally {
      this.running -= 1;
      lane.running -= 1;
      this.forgetIfIdle(ticket.lane, lane);
      this.next();
    }
  }

  private acquire(ticket: AdmissionTicket): Promise<Lane> {
    ticket.signal?.throwIfAborted();
    let lane = this.lanes.get(ticket.lane);
    if (!lane) this.lanes.set(ticket.lane, (lane = { waiters: [], running: 0, lastServed: -1 }));
    const own = lane;
    if (this.running < this.options.maxConcurrency && this.waiting === 0) {
      this.admit(own);
      return Promise.resolve(own);
    }
    return new Promise<Lane>((resolve, reject) => {
      const queuedAt = Date.now();
      const leave = () => {
        clearTimeout(timer);
        ticket.signal?.removeEventListener('abort', onAbort);
        own.waiters.splice(own.waiters.indexOf(waiter), 1);
        this.waiting -= 1;
      };
      const waiter: Waiter = {
        start: () => {
          leave();
          this.admit(own);
          resolve(own);
        },
        fail: (error) => {
          leave();
          this.forgetIfIdle(ticket.lane, own);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.timedOut += 1;
        waiter.fail(new QueueTimeoutError(Date.now() - queuedAt));
      }, this.options.queueTimeoutMs);
      const onAbort = () => waiter.fail(ticket.signal?.reason instanceof Error ? ticket.signal.reason : new Error('aborted'));
      ticket.signal?.addEventListener('abort', onAbort, { once: true });
      own.waiters.push(waiter);
      this.waiting += 1;
    });
  }

  private admit(lane: Lane): void {
    this.running += 1;
    lane.running += 1;
    lane.lastServed = this.admissions++;
  }

  private forgetIfIdle(name: string, lane: Lane): void {
    if (lane.running === 0 && lane.waiters.length === 0) this.lanes.delete(name);
  }

  /** Gives free slots to the first waiter of the lane served least recently. */
  private next(): void {
    while (this.running < this.options.maxConcurrency && this.waiting > 0) {
      let chosen: Lane | undefined;
      for (const lane of this.lanes.values()) {
        if (lane.waiters.length > 0 && (chosen === undefined || lane.lastServed < chosen.lastServed)) chosen = lane;
      }
      const waiter = chosen?.waiters[0];
      if (!waiter) return;
      waiter.start();
    }
  }
}
