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

/**
 * The fault rules in force, changeable while the emulator runs. Every matching latency rule adds its
 * delay; the first other matching rule that fires (by its rate) decides the answer.
 */
export class FaultInjector {
  private rules: Array<{ rule: FaultRule; hits: number }> = [];

  constructor(
    rules: readonly FaultRuleInput[] = [],
    /** Where rates draw from; tests pass a fixed sequence. */
    private readonly random: () => number = Math.random,
  ) {
    this.replace(rules);
  }

  /** Validates and installs `rules` in place of the current ones. */
  replace(rules: readonly FaultRuleInput[]): void {
    this.rules = rules.map((rule) => ({ rule: faultRuleSchema.parse(rule), hits: 0 }));
  }

  current(): FaultRule[] {
    return this.rules.map(({ rule }) => rule);
  }

  decide(request: RequestFacts): FaultDecision {
    let delayMs = 0;
    for (const entry of this.rules) {
      const { rule } = entry;
      if (!matches(rule, request) || (rule.times !== undefined && entry.hits >= rule.times)) continue;
      if (rule.rate < 1 && this.random() >= rule.rate) continue;
      entry.hits += 1;
      if (rule.fault.kind === 'latency') delayMs += rule.fault.minMs + Math.round(this.random() * (rule.fault.maxMs - rule.fault.minMs));
      else return { delayMs, fault: rule.fault };
    }
    return { delayMs };
  }
}

function matches(rule: FaultRule, request: RequestFacts): boolean {
  return (rule.operations === undefined || rule.operations.includes(request.operation)) && (rule.ids === undefined || rule.ids.some((id) => request.ids.includes(id)));
}
