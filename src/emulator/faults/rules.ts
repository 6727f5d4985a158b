import { z } from 'zod';

/**
 * What a fault does to a request it hits:
 * - `throttle`: 429 `ThrottlingException` "Rate exceeded", as AppConfig answers past its quota;
 * - `error`: a 5xx — 500 `InternalServerException` (the model's), 503 `ServiceUnavailableException`;
 * - `latency`: the answer comes after a delay drawn from [minMs, maxMs] (other rules still apply);
 * - `stall`: status and headers are sent, the body never is;
 * - `hang`: nothing is sent at all, not even headers;
 * - `malformed`: status 200 with a body that is not JSON;
 * - `reset`: the connection is reset without an answer.
 */
const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('throttle') }).strict(),
  z.object({ kind: z.literal('error'), status: z.union([z.literal(500), z.literal(503)]) }).strict(),
  z
    .object({ kind: z.literal('latency'), minMs: z.number().int().min(0).max(600_000), maxMs: z.number().int().min(0).max(600_000) })
    .strict()
    .refine((fault) => fault.minMs <= fault.maxMs, 'minMs must not exceed maxMs'),
  z.object({ kind: z.literal('stall') }).strict(),
  z.object({ kind: z.literal('hang') }).strict(),
  z.object({ kind: z.literal('malformed') }).strict(),
  z.object({ kind: z.literal('reset') }).strict(),
]);

/** A fault and the requests it hits. The same type comes from EMULATOR_FAULTS, the control endpoint and tests. */
export const faultRuleSchema = z
  .object({
    fault: faultSchema,
    /** AWS operation names (GetDeployment, ListDeployments…); any operation when absent. */
    operations: z.array(z.string().regex(/^[A-Z][A-Za-z]+$/, 'an AWS operation name such as GetDeployment')).min(1).optional(),
    /** Requests naming one of these ids in their path (an application, environment, deployment number…); any when absent. */
    ids: z.array(z.string().min(1)).min(1).optional(),
    /** The share of matching requests hit, from 0 to 1 (default 1: every one). */
    rate: z.number().min(0).max(1).default(1),
    /** Hit at most this many requests, then stop. */
    times: z.number().int().positive().optional(),
  })
  .strict();

export type FaultRule = z.infer<typeof faultRuleSchema>;
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type Fault = FaultRule['fault'];

export const faultRulesSchema = z.array(faultRuleSchema);

export class FaultSyntaxError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'FaultSyntaxError';
  }
}

/**
 * Parses the EMULATOR_FAULTS grammar: rules separated by `;`, each a fault then options, separated by
 * spaces:
 *
 *   rules   = rule *( ";" rule )
 *   rule    = fault *( " " option )
 *   fault   = "throttle" | "500" | "503" | "stall" | "hang" | "malformed" | "reset" | "latency=" ms [ "-" ms ]
 *   option  = "rate=" 0..1 | "op=" Operation *( "," Operation ) | "id=" id *( "," id ) | "times=" n
 *
 * e.g. `throttle rate=0.2; latency=50-200 op=ListDeployments; 503 id=chk2svc times=3; reset op=GetDeployment`.
 * Every problem is reported, each naming its rule.
 */
export function parseFaultRules(text: string): FaultRule[] {
  const problems: string[] = [];
  const rules: FaultRule[] = [];
  const sources = text.split(';').map((source) => source.trim()).filter((source) => source.length > 0);
  sources.forEach((source, index) => {
    const where = `rule ${index + 1} (${source})`;
    const [head = '', ...options] = source.split(/\s+/);
    const fault = faultOf(head);
    if (!fault) return problems.push(`${where}: unknown fault "${head}"; faults are throttle, 500, 503, latency=MS or latency=MIN-MAX, stall, hang, malformed, reset`);
    const rule: Record<string, unknown> = { fault };
    for (const option of options) {
      const [name, value = ''] = option.split('=', 2);
      if (name === 'rate' || name === 'times') rule[name] = Number(value);
      else if (name === 'op') rule['operations'] = value.split(',');
      else if (name === 'id') rule['ids'] = value.split(',');
      else problems.push(`${where}: unknown option ${option}; options are rate=, op=, id=, times=`);
    }
    const parsed = faultRuleSchema.safeParse(rule);
    if (parsed.success) rules.push(parsed.data);
    else problems.push(...parsed.error.issues.map((issue) => `${where}: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`));
  });
  if (problems.length > 0) throw new FaultSyntaxError(problems);
  return rules;
}

function faultOf(head: string): object | undefined {
  const latency = /^latency=(\d+)(?:-(\d+))?$/.exec(head);
  if (latency) return { kind: 'latency', minMs: Number(latency[1]), maxMs: Number(latency[2] ?? latency[1]) };
  switch (head) {
    case 'throttle':
    case 'stall':
    case 'hang':
    case 'malformed':
    case 'reset':
      return { kind: head };
    case '500':
    case '503':
      return { kind: 'error', status: Number(head) };
    default:
      return undefined;
  }
}
