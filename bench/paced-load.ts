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
}

/** How each request was answered. */
export interface PacedLoadResult {
  readonly sent: number;
  /** Data, no error, nothing stale. */
  readonly data: number;
  /** Data with `extensions.stale`: answered past its lifetime because AppConfig, or the budget, did not allow a call. */
  readonly stale: number;
  /** An UPSTREAM_THROTTLED error. */
  readonly throttled: number;
  /** Any other error, by code. */
  readonly otherErrors: Readonly<Record<string, number>>;
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
  readonly data?: unknown;
  readonly errors?: ReadonlyArray<{ readonly extensions?: { readonly code?: unknown } }>;
  readonly extensions?: { readonly stale?: unknown };
}

type Outcome = 'data' | 'stale' | 'throttled' | 'unanswered' | 'http5xx' | { readonly otherError: string };

async function send(url: string, body: string, timeoutMs: number): Promise<Outcome> {
  let response: Response;
  let answer: GraphQLAnswer;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) });
    answer = (await response.json()) as GraphQLAnswer;
  } catch {
    return 'unanswered';
  }
  if (response.status >= 500) return 'http5xx';
  const codes = (answer.errors ?? []).map((error) => String(error.extensions?.code ?? '(none)'));
  if (codes.includes('UPSTREAM_THROTTLED')) return 'throttled';
  if (codes.length > 0) return { otherError: codes[0]! };
  return answer.extensions?.stale ? 'stale' : 'data';
}

export async function runPacedLoad(request: PacedLoadRequest): Promise<PacedLoadResult> {
  const totalWeight = request.mix.reduce((sum, pool) => sum + pool.weight, 0);
  const pick = (): string => {
    let roll = Math.random() * totalWeight;
    const pool = request.mix.find((candidate) => (roll -= candidate.weight) < 0) ?? request.mix[0]!;
    return pool.bodies[Math.floor(Math.random() * pool.bodies.length)]!;
  };
  const counts = { data: 0, stale: 0, throttled: 0, unanswered: 0, http5xx: 0 };
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
            if (typeof outcome === 'string') counts[outcome] += 1;
            else otherErrors[outcome.otherError] = (otherErrors[outcome.otherError] ?? 0) + 1;
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
  return { sent, ...counts, otherErrors, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), startedAt, endedAt };
}
