import { pino } from 'pino';
import { scaledClock } from '../src/emulator/clock.js';
import { createContentValidation } from '../src/emulator/content-validation.js';
import { type FaultDecision, FaultInjector, type RequestFacts } from '../src/emulator/faults/injector.js';
import type { FaultRuleInput } from '../src/emulator/faults/rules.js';
import { loadServiceModel } from '../src/emulator/model.js';
import { type SeedFile, seedState } from '../src/emulator/seed.js';
import { createEmulator } from '../src/emulator/server.js';

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
  resetCounters(): void;
  close(): Promise<void>;
}

/** The fault rule for an AppConfig `ms` away: a real one is tens of milliseconds from the gateway, the emulator on loopback one. */
export const latencyOf = (ms: number): FaultRuleInput[] => (ms > 0 ? [{ fault: { kind: 'latency', minMs: ms, maxMs: ms } }] : []);

/** A fault injector that also counts what it injects. */
class CountingInjector extends FaultInjector {
  readonly injected: Record<string, number> = {};

  override decide(request: RequestFacts): FaultDecision {
    const decision = super.decide(request);
    if (decision.delayMs > 0) this.injected['latency'] = (this.injected['latency'] ?? 0) + 1;
    if (decision.fault) {
      const kind = decision.fault.kind === 'error' ? String(decision.fault.status) : decision.fault.kind;
      this.injected[kind] = (this.injected[kind] ?? 0) + 1;
    }
    return decision;
  }
}

/** The emulator in this process on a loopback port, over `seed`, with `faults` (the EMULATOR_FAULTS rules) from the start. */
export async function startBenchUpstream(seed: SeedFile, faults: readonly FaultRuleInput[]): Promise<BenchUpstream> {
  const clock = scaledClock(1);
  const model = loadServiceModel();
  const validation = createContentValidation();
  const counters = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const injector = new CountingInjector(faults);
  const emulator = createEmulator({
    model,
    state: seedState(model, validation, seed, clock.now(), 'bench seed'),
    clock,
    validation,
    logger: pino({ level: 'silent' }),
    faults: injector,
    observer: {
      requestStarted() {
        counters.calls += 1;
        counters.inFlight += 1;
        counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
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
    resetCounters() {
      counters.calls = 0;
      counters.maxInFlight = counters.inFlight;
    },
    close: () => emulator.close(),
  };
}
