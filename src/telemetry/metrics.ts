import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AdmissionStats } from '../appconfig/admission.js';
import type { UpstreamObserver } from '../appconfig/observer.js';
import type { CacheBackendReport } from '../cache/index.js';
import type { CacheLookupResult } from '../cache/observer.js';
import { ErrorCode } from '../errors.js';
import type { GraphQLOutcome } from '../server/observers.js';

/** Every metric of the gateway's own starts with this; Node's process metrics keep their standard names. */
const PREFIX = 'appconfig_graph_';

/** The operation label of a request whose operation never resolved (a malformed request, a parse or validation failure, a refusal). */
export const UNRESOLVED_OPERATION = '__unresolved';
export const ANONYMOUS_OPERATION = '__anonymous';
/** Every operation name past the first `maxOperationNames` distinct ones. */
export const OTHER_OPERATION = '__other';
/** Longest operation name kept as a label; GraphQL names are ASCII letters, digits and `_`, but of any length. */
const MAX_OPERATION_NAME_LENGTH = 64;

const PUBLIC_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

export interface MetricsOptions {
  /** Distinct operation names labelled before the rest count as `__other` (METRICS_MAX_OPERATION_NAMES). */
  readonly maxOperationNames: number;
  /** The cross-request cache's backend, a label of the cache metrics. */
  readonly cacheBackend: 'memory' | 'redis' | 'none';
}

/** What the metrics read when scraped, rather than being told. */
export interface MetricsSources {
  /** The process-wide admission of AppConfig calls: in flight, queued, queue timeouts. */
  readonly admission?: () => AdmissionStats;
  /** The cache backend's health: Redis errors and whether it is up. */
  readonly cache?: () => CacheBackendReport;
}

/** Told of live updates (GraphQL subscriptions and the AppConfig watchers behind them), once they exist. */
export interface LiveObserver {
  /** A subscription opened over `transport`; the function returned is called once when it ends. */
  subscriptionStarted(transport: 'websocket' | 'sse'): () => void;
  /** A watcher started polling AppConfig for a subscription's data; the function returned is called once when it stops. */
  watcherStarted(): () => void;
}

export interface GatewayMetrics {
  readonly registry: Registry;
  /** AppConfig calls, attempts and budget admissions. */
  readonly upstream: UpstreamObserver;
  readonly live: LiveObserver;
  /** One GraphQL HTTP request, from arrival to its last byte. */
  graphqlRequest(request: {
    readonly operation: string | undefined;
    readonly resolved: boolean;
    readonly outcome: GraphQLOutcome;
    readonly seconds: number;
  }): void;
  /** The public codes of the errors one answer carried. */
  graphqlErrors(codes: readonly string[]): void;
  loaderBatch(loader: string, size: number): void;
  cacheLookup(kind: string, result: CacheLookupResult): void;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own (tests run several gateways in one
 * process). Labels are bounded by construction: operations and kinds come from the code, statuses
 * and codes from small sets, and clients' operation names from the first `maxOperationNames` seen.
 * No id, no variable, no free text becomes a label.
 */
export function createMetrics(options: MetricsOptions, sources: MetricsSources = {}): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const backend = options.cacheBackend;
  const operationLabel = boundedOperationNames(options.maxOperationNames);

  const graphqlDuration = new Histogram({
    name: `${PREFIX}graphql_request_duration_seconds`,
    help: 'GraphQL HTTP requests by operation name and outcome, from arrival to the last byte of the answer; its _count counts requests.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers,
  });
  const graphqlErrors = new Counter({
    name: `${PREFIX}graphql_errors_total`,
    help: 'Errors in GraphQL answers, by public code (extensions.code).',
    labelNames: ['code'] as const,
    registers,
  });
  const upstreamCalls = new Counter({
    name: `${PREFIX}appconfig_calls_total`,
    help: "AppConfig calls by operation, outcome and the HTTP status of the last attempt's answer (none: no answer).",
    labelNames: ['operation', 'outcome', 'status'] as const,
    registers,
  });
  const upstreamDuration = new Histogram({
    name: `${PREFIX}appconfig_call_duration_seconds`,
    help: 'AppConfig call latency, retries and their backoff included, the wait for a call slot not.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers,
  });
  const upstreamRetries = new Counter({
    name: `${PREFIX}appconfig_retries_total`,
    help: 'Attempts of AppConfig calls beyond their first, made by the SDK after a transient failure or throttling.',
    labelNames: ['operation'] as const,
    registers,
  });
  const upstreamThrottled = new Counter({
    name: `${PREFIX}appconfig_throttled_attempts_total`,
    help: 'Attempts AppConfig throttled (HTTP 429 or a throttling error), whether or not a retry then succeeded.',
    labelNames: ['operation'] as const,
    registers,
  });
  const budgetAdmissions = new Counter({
    name: `${PREFIX}budget_admissions_total`,
    help: 'Decisions of the AppConfig rate budget: admitted at once, delayed, or refused (the call never made).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const budgetWait = new Histogram({
    name: `${PREFIX}budget_wait_seconds`,
    help: 'How long calls waited for the AppConfig rate budget.',
    buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers,
  });
  const cacheLookups = new Counter({
    name: `${PREFIX}cache_lookups_total`,
    help: 'Keys looked up in the cross-request cache by kind of entry, backend and result: hit, miss, or stale (served past its lifetime because AppConfig failed).',
    labelNames: ['kind', 'backend', 'result'] as const,
    registers,
  });
  const cacheJoined = new Counter({
    name: `${PREFIX}cache_joined_total`,
    help: 'Cache misses that joined an AppConfig call another request had already started (single flight).',
    labelNames: ['kind', 'backend'] as const,
    registers,
  });
  const batchSize = new Histogram({
    name: `${PREFIX}loader_batch_size`,
    help: 'Keys per DataLoader batch, by loader.',
    labelNames: ['loader'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers,
  });
  const subscriptions = new Gauge({
    name: `${PREFIX}subscriptions_active`,
    help: 'GraphQL subscriptions open now, by transport.',
    labelNames: ['transport'] as const,
    registers,
  });
  const watchers = new Gauge({ name: `${PREFIX}watchers_active`, help: 'AppConfig watchers polling for subscriptions now.', registers });

  const admission = sources.admission;
  if (admission) {
    new Gauge({
      name: `${PREFIX}appconfig_calls_in_flight`,
      help: 'AppConfig calls in flight now (at most APPCONFIG_MAX_CONCURRENCY).',
      registers,
      collect() {
        this.set(admission().inFlight);
      },
    });
    new Gauge({
      name: `${PREFIX}appconfig_calls_queued`,
      help: 'AppConfig calls waiting for a slot now.',
      registers,
      collect() {
        this.set(admission().queued);
      },
    });
    monotonicCounter(
      registry,
      `${PREFIX}appconfig_queue_timeouts_total`,
      'AppConfig calls that waited APPCONFIG_QUEUE_TIMEOUT_MS for a slot and were never made.',
      () => admission().timedOut,
    );
  }
  const cache = sources.cache;
  if (cache && backend === 'redis') {
    monotonicCounter(
      registry,
      `${PREFIX}redis_errors_total`,
      'Redis operations that failed or timed out; each became a cache miss or a skipped write.',
      () => cache().errors,
    );
    new Gauge({
      name: `${PREFIX}redis_up`,
      help: 'Whether Redis is connected and its last operation succeeded (1) or not (0).',
      registers,
      collect() {
        const report = cache();
        this.set(report.reachable && !report.failing ? 1 : 0);
      },
    });
  }

  return {
    registry,
    upstream: {
      onCall(call) {
        upstreamCalls.inc({ operation: call.operation, outcome: call.outcome, status: statusLabel(call.httpStatus) });
        upstreamDuration.observe({ operation: call.operation }, call.durationMs / 1000);
        if (call.attempts > 1) upstreamRetries.inc({ operation: call.operation }, call.attempts - 1);
      },
      onAttempt(attempt) {
        if (attempt.throttled) upstreamThrottled.inc({ operation: attempt.operation });
      },
      onAdmission(decision) {
        budgetAdmissions.inc({ outcome: decision.outcome });
        budgetWait.observe(decision.waitedMs / 1000);
      },
    },
    live: {
      subscriptionStarted(transport) {
        subscriptions.inc({ transport });
        return once(() => subscriptions.dec({ transport }));
      },
      watcherStarted() {
        watchers.inc();
        return once(() => watchers.dec());
      },
    },
    graphqlRequest({ operation, resolved, outcome, seconds }) {
      graphqlDuration.observe({ operation: resolved ? operationLabel(operation) : UNRESOLVED_OPERATION, outcome }, seconds);
    },
    graphqlErrors(codes) {
      for (const code of codes) graphqlErrors.inc({ code: PUBLIC_CODES.has(code) ? code : ErrorCode.INTERNAL_SERVER_ERROR });
    },
    loaderBatch(loader, size) {
      batchSize.observe({ loader }, size);
    },
    cacheLookup(kind, result) {
      if (result.hits > 0) cacheLookups.inc({ kind, backend, result: 'hit' }, result.hits);
      if (result.misses > 0) cacheLookups.inc({ kind, backend, result: 'miss' }, result.misses);
      if (result.stale) cacheLookups.inc({ kind, backend, result: 'stale' }, result.stale);
      if (result.joined > 0) cacheJoined.inc({ kind, backend }, result.joined);
    },
  };
}

/**
 * The label for a client's operation name: the name itself for the first `max` distinct names
 * seen, `__other` after that (a client sending a new name per request cannot grow the series),
 * `__anonymous` for unnamed operations.
 */
export function boundedOperationNames(max: number): (name: string | undefined) => string {
  const known = new Set<string>();
  return (name) => {
    if (name === undefined || name === '') return ANONYMOUS_OPERATION;
    if (known.has(name)) return name;
    if (known.size >= max || name.length > MAX_OPERATION_NAME_LENGTH) return OTHER_OPERATION;
    known.add(name);
    return name;
  };
}

/** A status label from a small set: the three digits of an HTTP status, or `none` when no answer came. */
function statusLabel(status: number | undefined): string {
  return status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : 'none';
}

/** A counter that follows a monotonic count kept elsewhere (read at each scrape). */
function monotonicCounter(registry: Registry, name: string, help: string, read: () => number): void {
  let reported = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const current = read();
      if (current > reported) this.inc(current - reported);
      reported = Math.max(reported, current);
    },
  });
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
