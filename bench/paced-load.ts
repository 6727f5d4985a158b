import { seededRandom } from './random.js';
import { percentile } from './stats.js';

/**
 * Open-loop load: requests leave at a fixed rate whatever becomes of the earlier ones, as independent
 * users arrive (a closed loop, each connection waiting for its answer, would slow down with the system
 * and hide how it copes with more demand than it may serve).
 */
export interface PacedLoadRequest {
  readonly kind: 'paced';
  /** Requests go to these in turn: the replicas of a fleet. */
  readonly urls: readonly string[];
  /** Each request is a body drawn at random from a pool picked by weight. */
  readonly mix: ReadonlyArray<{ readonly weight: number; readonly bodies: readonly string[] }>;
  readonly ratePerSecond: number;
  readonly durationSeconds: number;
  /** A client gives up on an answer after this long: the request counts as unanswered. */
  readonly timeoutMs: number;
  /** Seeds the draws, so that runs given the same seed send the same requests in the same order. */
  readonly seed: number;
}

/**
 * How the top-level fields of the answers came back. Each is one AppConfig read (a deployment, a
 * list page), so a request for ten deployments of which two were throttled counts eight and two.
 */
export interface FieldOutcomes {
  /** Data, fresh. */
  readonly data: number;
  /** Data listed in `extensions.stale`: answered past its lifetime because AppConfig, or the budget, did not allow a call. */
  readonly stale: number;
  /** An UPSTREAM_THROTTLED error. */
  readonly throttled: number;
  /** Any other error, by code. */
  readonly otherErrors: Readonly<Record<string, number>>;
}

/** How each request was answered. */
export interface PacedLoadResult {
  readonly sent: number;
  readonly fields: FieldOutcomes;
  /** No answer within the timeout, or the connection failed. */
  readonly unanswered: number;
  readonly http5xx: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Epoch ms of the first and last request sent. */
  readonly startedAt: number;
  readonly endedAt: number;
}

interface GraphQLAnswer {
  readonly data?: Readonly<Record<string, unknown>> | null;
  readonly errors?: ReadonlyArray<{ readonly path?: ReadonlyArray<string | number>; readonly extensions?: { readonly code?: unknown } }>;
  readonly extensions?: { readonly stale?: ReadonlyArray<{ readonly path?: ReadonlyArray<string | number> | null }> };
}

type FieldOutcome = 'data' | 'stale' | 'throttled' | { readonly otherError: string };
type Outcome = 'unanswered' | 'http5xx' | readonly FieldOutcome[];

/** Each top-level field's outcome: its first error's code, else stale when listed so, else data. */
function fieldOutcomes(answer: GraphQLAnswer): FieldOutcome[] {
  const codeOf = (error: NonNullable<GraphQLAnswer['errors']>[number]) => (typeof error.extensions?.code === 'string' ? error.extensions.code : '(none)');
  // A request refused as a whole (a bound, a timeout) has errors without paths and no data.
  if (!answer.data) return (answer.errors ?? [{}]).map((error) => ({ otherError: codeOf(error) }));
  const stale = new Set((answer.extensions?.stale ?? []).map((field) => field.path?.[0]));
  return Object.keys(answer.data).map((field): FieldOutcome => {
    const error = answer.errors?.find((candidate) => candidate.path?.[0] === field);
    if (error) return codeOf(error) === 'UPSTREAM_THROTTLED' ? 'throttled' : { otherError: codeOf(error) };
    return stale.has(field) ? 'stale' : 'data';
  });
}

async function send(url: string, body: string, timeoutMs: number): Promise<Outcome> {
  let response: Response;
  let answer: GraphQLAnswer;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) });
    answer = (await response.json()) as GraphQLAnswer;
  } catch {
    return 'unanswered';
  }
  return response.status >= 500 ? 'http5xx' : fieldOutcomes(answer);
}

export async function runPacedLoad(request: PacedLoadRequest): Promise<PacedLoadResult> {
  const random = seededRandom(request.seed);
  const totalWeight = request.mix.reduce((sum, pool) => sum + pool.weight, 0);
  const pick = (): string => {
    let roll = random() * totalWeight;
    const pool = request.mix.find((candidate) => (roll -= candidate.weight) < 0) ?? request.mix[0]!;
    return pool.bodies[Math.floor(random() * pool.bodies.length)]!;
  };
  const requests = { unanswered: 0, http5xx: 0 };
  const fields = { data: 0, stale: 0, throttled: 0 };
  const otherErrors: Record<string, number> = {};
  const latencies: number[] = [];
  const pending: Array<Promise<void>> = [];
  const startedAt = Date.now();
  const total = Math.round(request.ratePerSecond * request.durationSeconds);
  let sent = 0;
  // Every few milliseconds, whatever is due by now: a busy process catches up rather than sending less.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - startedAt) / 1000) * request.ratePerSecond));
      for (; sent < due; sent += 1) {
        const started = performance.now();
        const url = request.urls[sent % request.urls.length]!;
        pending.push(
          send(url, pick(), request.timeoutMs).then((outcome) => {
            latencies.push(performance.now() - started);
            if (typeof outcome === 'string') requests[outcome] += 1;
            else {
              for (const field of outcome) {
                if (typeof field === 'string') fields[field] += 1;
                else otherErrors[field.otherError] = (otherErrors[field.otherError] ?? 0) + 1;
              }
            }
          }),
        );
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const endedAt = Date.now();
  await Promise.all(pending);
  return { sent, fields: { ...fields, otherErrors }, ...requests, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), startedAt, endedAt };
}
