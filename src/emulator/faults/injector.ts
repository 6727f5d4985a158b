import { type Fault, type FaultRule, faultRuleSchema, type FaultRuleInput } from './rules.js';

/** What the rules decide for one request: a delay before anything, then a fault or the normal answer. */
export interface FaultDecision {
  readonly delayMs: number;
  readonly fault?: Exclude<Fault, { kind: 'latency' }>;
}

export interface RequestFacts {
  readonly operation: string;
  /** The URI label values of the request: application, environment, profile ids, deployment number… */
  readonly ids: readonly string[];
}

interface RuleEntry {
  readonly rule: FaultRule;
  hits: number;
  /** The calls a quota rule let through in the last second; only throttle rules with `abovePerSecond` have one. */
  readonly window?: SlidingWindow;
}

/**
 * The fault rules in force, changeable while the emulator runs. Every matching latency rule adds its
 * delay; the first other matching rule that fires (by its rate, or a quota by being exceeded) decides
 * the answer.
 */
export class FaultInjector {
  private entries: RuleEntry[] = [];

  constructor(
    rules: readonly FaultRuleInput[] = [],
    /** Where rates draw from; tests pass a fixed sequence. */
    private readonly random: () => number = Math.random,
    /** Where quotas read the time, in milliseconds: real time, as AWS's quotas are (tests pass a manual clock). */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.replace(rules);
  }

  /** Validates and installs `rules` in place of the current ones; quotas start afresh. */
  replace(rules: readonly FaultRuleInput[]): void {
    this.entries = rules.map((input) => {
      const rule = faultRuleSchema.parse(input);
      const quota = rule.fault.kind === 'throttle' ? rule.fault.abovePerSecond : undefined;
      return { rule, hits: 0, ...(quota === undefined ? {} : { window: new SlidingWindow(quota, 1000) }) };
    });
  }

  current(): FaultRule[] {
    return this.entries.map(({ rule }) => rule);
  }

  decide(request: RequestFacts): FaultDecision {
    let delayMs = 0;
    for (const entry of this.entries) {
      const { rule } = entry;
      if (!matches(rule, request) || (rule.times !== undefined && entry.hits >= rule.times)) continue;
      // A call within its quota passes this rule, and counts against the quota.
      if (entry.window?.admit(this.now())) continue;
      if (rule.rate < 1 && this.random() >= rule.rate) continue;
      entry.hits += 1;
      if (rule.fault.kind === 'latency') delayMs += rule.fault.minMs + Math.round(this.random() * (rule.fault.maxMs - rule.fault.minMs));
      else return { delayMs, fault: rule.fault };
    }
    return { delayMs };
  }
}

function matches(rule: FaultRule, request: RequestFacts): boolean {
  return (
    (rule.operations === undefined || rule.operations.some((pattern) => operationMatches(pattern, request.operation))) &&
    (rule.ids === undefined || rule.ids.some((id) => request.ids.includes(id)))
  );
}

/** `Get*` matches every operation whose name starts with Get; any other pattern only the operation it names. */
function operationMatches(pattern: string, operation: string): boolean {
  return pattern.endsWith('*') ? operation.startsWith(pattern.slice(0, -1)) : operation === pattern;
}

/**
 * At most `limit` admissions in any span of `spanMs`: a sliding log of the admission times, oldest
 * first. Memory is bounded by `limit`, as a time is kept only until it leaves the span.
 */
class SlidingWindow {
  private times: number[] = [];
  /** Index of the oldest time still in the span; the ones before it are dropped lazily. */
  private head = 0;

  constructor(
    private readonly limit: number,
    private readonly spanMs: number,
  ) {}

  /** Admits (and records) a call at `now` when fewer than `limit` were admitted in the span before it. */
  admit(now: number): boolean {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.spanMs) this.head += 1;
    if (this.times.length - this.head >= this.limit) return false;
    if (this.head > 0 && this.head >= this.times.length / 2) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    this.times.push(now);
    return true;
  }
}
