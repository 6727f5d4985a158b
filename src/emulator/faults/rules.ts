import { z } from 'zod';

/** An `answer` body is held in memory for the life of its rule: a megabyte is more than any AppConfig answer. */
const MAX_ANSWER_BODY_CHARS = 1024 * 1024;

/**
 * What a fault does to a request it hits:
 * - `throttle`: 429 `ThrottlingException` "Rate exceeded", as AppConfig answers past its quota; with
 *   `abovePerSecond`, only the calls beyond that many in any sliding second (AWS's quotas, enforced);
 * - `error`: a 5xx — 500 `InternalServerException` (the model's), 503 `ServiceUnavailableException`;
 * - `latency`: the answer comes after a delay drawn from [minMs, maxMs] (other rules still apply);
 * - `stall`: status and headers are sent, the body never is;
 * - `hang`: nothing is sent at all, not even headers;
 * - `malformed`: status 200 with a body that is not JSON;
 * - `reset`: the connection is reset without an answer;
 * - `answer`: status `status` with `body` as given, and `x-amzn-ErrorType: errorType` when named — any
 *   answer AppConfig could send, such as an enum value newer than the client or an error it does not model.
 */
const faultSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('throttle'),
      /**
       * A quota: the rule lets through this many matching calls in any sliding second, from every caller
       * together, and throttles the rest (which do not count against it, as AWS's token buckets do not).
       */
      abovePerSecond: z.number().int().positive().max(1_000_000).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('error'), status: z.union([z.literal(500), z.literal(503)]) }).strict(),
  z
    .object({ kind: z.literal('latency'), minMs: z.number().int().min(0).max(600_000), maxMs: z.number().int().min(0).max(600_000) })
    .strict()
    .refine((fault) => fault.minMs <= fault.maxMs, 'minMs must not exceed maxMs'),
  z.object({ kind: z.literal('stall') }).strict(),
  z.object({ kind: z.literal('hang') }).strict(),
  z.object({ kind: z.literal('malformed') }).strict(),
  z.object({ kind: z.literal('reset') }).strict(),
  z
    .object({
      kind: z.literal('answer'),
      status: z.number().int().min(200).max(599),
      body: z.string().max(MAX_ANSWER_BODY_CHARS).default(''),
      /** The error's name as SDKs read it from `x-amzn-ErrorType` (ThrottlingException, AccessDeniedException…). */
      errorType: z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9.]*$/, 'an error name such as AccessDeniedException')
        .optional(),
    })
    .strict(),
]);

/** A fault and the requests it hits. The same type comes from EMULATOR_FAULTS, the control endpoint and tests. */
export const faultRuleSchema = z
  .object({
    fault: faultSchema,
    /**
     * AWS operation names (GetDeployment, ListDeployments…), or prefixes ending in `*` (`Get*`, `List*`);
     * any operation when absent.
     */
    operations: z
      .array(z.string().regex(/^[A-Z][A-Za-z]*(?:[A-Za-z]|\*)$/, 'an AWS operation name such as GetDeployment, or a prefix ending in * such as Get*'))
      .min(1)
      .optional(),
    /** Requests naming one of these ids in their path (an application, environment, deployment number…); any when absent. */
    ids: z.array(z.string().min(1)).min(1).optional(),
    /** The share of matching requests hit, from 0 to 1 (default 1: every one); of a quota's, the share of those over it. */
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
 *   fault   = "throttle" [ " above=" n "/s" ] | "500" | "503" | "stall" | "hang" | "malformed" | "reset"
 *           | "latency=" ms [ "-" ms ] | "answer=" status [ " type=" ErrorType ] [ " body=" percent-encoded ]
 *   option  = "rate=" 0..1 | "op=" Operation *( "," Operation ) | "id=" id *( "," id ) | "times=" n
 *
 * e.g. `throttle rate=0.2; latency=50-200 op=ListDeployments; 503 id=chk2svc times=3; throttle above=10/s op=List*`.
 * An operation ending in `*` is a prefix. `above=`, `type=` and `body=` belong to their fault and may
 * stand anywhere among the options; a body is percent-encoded (encodeURIComponent) so that it may hold
 * spaces and semicolons. Every problem is reported, each naming its rule.
 */
export function parseFaultRules(text: string): FaultRule[] {
  const problems: string[] = [];
  const rules: FaultRule[] = [];
  const sources = text
    .split(';')
    .map((source) => source.trim())
    .filter((source) => source.length > 0);
  sources.forEach((source, index) => {
    const where = `rule ${index + 1} (${source})`;
    const [head = '', ...options] = source.split(/\s+/);
    const fault = faultOf(head);
    if (!fault) {
      problems.push(
        `${where}: unknown fault "${head}"; faults are throttle, 500, 503, latency=MS or latency=MIN-MAX, stall, hang, malformed, reset, answer=STATUS`,
      );
      return;
    }
    const rule: Record<string, unknown> = { fault };
    for (const option of options) {
      const [name = '', value = ''] = option.split('=', 2);
      const faultOption = FAULT_OPTIONS[name];
      if (faultOption) {
        if (faultOption.kind !== fault['kind'])
          problems.push(`${where}: ${name}= goes with ${faultOption.kind === 'answer' ? 'answer=STATUS' : faultOption.kind}`);
        else {
          const parsed = faultOption.parse(value);
          if (typeof parsed === 'object') fault[faultOption.member] = parsed.value;
          else problems.push(`${where}: ${parsed}`);
        }
      } else if (name === 'rate' || name === 'times') rule[name] = Number(value);
      else if (name === 'op') rule['operations'] = value.split(',');
      else if (name === 'id') rule['ids'] = value.split(',');
      else problems.push(`${where}: unknown option ${option}; options are rate=, op=, id=, times= (and above= with throttle, type= and body= with answer=)`);
    }
    const parsed = faultRuleSchema.safeParse(rule);
    if (parsed.success) rules.push(parsed.data);
    else problems.push(...parsed.error.issues.map((issue) => `${where}: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`));
  });
  if (problems.length > 0) throw new FaultSyntaxError(problems);
  return rules;
}

/** Options that belong to one kind of fault: the member of the fault each sets, and how its text reads (or what is wrong with it). */
const FAULT_OPTIONS: Readonly<Record<string, { kind: Fault['kind']; member: string; parse: (value: string) => { value: unknown } | string }>> = {
  above: {
    kind: 'throttle',
    member: 'abovePerSecond',
    parse: (value) => {
      const perSecond = /^(\d+)\/s$/.exec(value);
      return perSecond ? { value: Number(perSecond[1]) } : `above= takes calls per second, such as above=100/s; got "${value}"`;
    },
  },
  type: { kind: 'answer', member: 'errorType', parse: (value) => ({ value }) },
  body: {
    kind: 'answer',
    member: 'body',
    parse: (value) => {
      try {
        return { value: decodeURIComponent(value) };
      } catch {
        return `body= must be percent-encoded (encodeURIComponent); "${value.slice(0, 40)}" is not`;
      }
    },
  },
};

function faultOf(head: string): Record<string, unknown> | undefined {
  const latency = /^latency=(\d+)(?:-(\d+))?$/.exec(head);
  if (latency) return { kind: 'latency', minMs: Number(latency[1]), maxMs: Number(latency[2] ?? latency[1]) };
  const answer = /^answer=(\d+)$/.exec(head);
  if (answer) return { kind: 'answer', status: Number(answer[1]) };
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
