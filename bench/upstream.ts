import { pino } from 'pino';
import type { Clock } from '../src/emulator/clock.js';
import { createContentValidation } from '../src/emulator/content-validation.js';
import { type FaultDecision, FaultInjector, type RequestFacts } from '../src/emulator/faults/injector.js';
import type { FaultRuleInput } from '../src/emulator/faults/rules.js';
import { loadServiceModel } from '../src/emulator/model.js';
import { type SeedFile, seedState } from '../src/emulator/seed.js';
import { createEmulator, type ObservedRequest } from '../src/emulator/server.js';

/** An AppConfig request as the benchmark keeps it: enough to count calls per second and per deployment. */
export interface UpstreamRequest {
  readonly operation: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Epoch ms, real time. */
  readonly receivedAt: number;
}

/** The AppConfig stand-in of the benchmark and the soak: the emulator, counting the calls it is asked. */
export interface BenchUpstream {
  readonly endpoint: string;
  /** Calls since the last reset, faulted ones included. */
  readonly calls: number;
  /** Calls being answered now, and the most at once since the last reset. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** How many calls each kind of fault hit (latency included), since the start. */
  readonly faultsInjected: Readonly<Record<string, number>>;
  /** Every request since the start, in arrival order (only with `recordRequests`). */
  readonly requests: readonly UpstreamRequest[];
  /** When each throttled answer (429) was decided, epoch ms (only with `recordRequests`). */
  readonly throttledAt: readonly number[];
  /** From now on, simulated time runs `scale` times as fast as real time (0: it stands still). */
  setTimeScale(scale: number): void;
  /** The real time (epoch ms) at which the emulator's clock reads `simulatedMs`, for a time since the last setTimeScale. */
  realTimeOf(simulatedMs: number): number;
  /** The simulated time the seed was loaded at: simulated deployments' `StartedMinutesAgo` count back from it. */
  readonly seededAt: number;
  resetCounters(): void;
  close(): Promise<void>;
}

export interface BenchUpstreamOptions {
  /** Simulated time runs this many times faster than real time (EMULATOR_TIME_SCALE) from the start; 1 by default. */
  readonly timeScale?: number;
  /** Keeps every request and throttled answer, for per-second and per-deployment counts. */
  readonly recordRequests?: boolean;
}

/** The fault rule for an AppConfig `ms` away: a real one is tens of milliseconds from the gateway, the emulator on loopback one. */
export const latencyOf = (ms: number): FaultRuleInput[] => (ms > 0 ? [{ fault: { kind: 'latency', minMs: ms, maxMs: ms } }] : []);

/**
 * The emulator's clock, whose speed the benchmark may change while it runs (EMULATOR_TIME_SCALE
 * cannot): the live benchmark holds its deployments still while clients connect, then sets them moving.
 */
class AdjustableClock implements Clock {
  private realBase = Date.now();
  private simulatedBase = this.realBase;

  constructor(private scale: number) {}

  now(): number {
    return this.simulatedBase + (Date.now() - this.realBase) * this.scale;
  }

  setScale(scale: number): void {
    const real = Date.now();
    this.simulatedBase += (real - this.realBase) * this.scale;
    this.realBase = real;
    this.scale = scale;
  }

  realTimeOf(simulatedMs: number): number {
    return this.realBase + (simulatedMs - this.simulatedBase) / this.scale;
  }
}

/** A fault injector that also counts what it injects, and when it throttles. */
class CountingInjector extends FaultInjector {
  readonly injected: Record<string, number> = {};
  readonly throttledAt: number[] = [];

  constructor(
    rules: readonly FaultRuleInput[],
    private readonly recordThrottles: boolean,
  ) {
    super(rules);
  }

  override decide(request: RequestFacts): FaultDecision {
    const decision = super.decide(request);
    if (decision.delayMs > 0) this.injected['latency'] = (this.injected['latency'] ?? 0) + 1;
    if (decision.fault) {
      const kind = decision.fault.kind === 'error' ? String(decision.fault.status) : decision.fault.kind;
      this.injected[kind] = (this.injected[kind] ?? 0) + 1;
      if (kind === 'throttle' && this.recordThrottles) this.throttledAt.push(Date.now());
    }
    return decision;
  }
}

/** The emulator in this process on a loopback port, over `seed`, with `faults` (the EMULATOR_FAULTS rules) from the start. */
export async function startBenchUpstream(seed: SeedFile, faults: readonly FaultRuleInput[], options: BenchUpstreamOptions = {}): Promise<BenchUpstream> {
  const clock = new AdjustableClock(options.timeScale ?? 1);
  const model = loadServiceModel();
  const validation = createContentValidation();
  const counters = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const requests: UpstreamRequest[] = [];
  const injector = new CountingInjector(faults, options.recordRequests ?? false);
  const seededAt = clock.now();
  const emulator = createEmulator({
    model,
    state: seedState(model, validation, seed, seededAt, 'bench seed'),
    clock,
    validation,
    logger: pino({ level: 'silent' }),
    faults: injector,
    observer: {
      requestStarted({ operation, labels, receivedAt }: ObservedRequest) {
        counters.calls += 1;
        counters.inFlight += 1;
        counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
        if (options.recordRequests) requests.push({ operation, labels, receivedAt });
      },
      requestEnded() {
        counters.inFlight -= 1;
      },
    },
  });
  const endpoint = await emulator.listen(0, '127.0.0.1');
  return {
    endpoint,
    get calls() {
      return counters.calls;
    },
    get inFlight() {
      return counters.inFlight;
    },
    get maxInFlight() {
      return counters.maxInFlight;
    },
    faultsInjected: injector.injected,
    requests,
    throttledAt: injector.throttledAt,
    setTimeScale: (scale) => clock.setScale(scale),
    realTimeOf: (simulatedMs) => clock.realTimeOf(simulatedMs),
    seededAt,
    resetCounters() {
      counters.calls = 0;
      counters.maxInFlight = counters.inFlight;
    },
    close: () => emulator.close(),
  };
}
