import type { UpstreamAdmission } from '../appconfig/admission.js';
import { everyObserver, type UpstreamObserver } from '../appconfig/observer.js';
import type { GatewayCache } from '../cache/index.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createAccessLog } from '../server/access-log.js';
import { AppConfigReachability, LIVENESS_PATH, READINESS_PATH } from '../server/health.js';
import type { HttpTelemetry } from '../server/observers.js';
import { createHttpTelemetry } from './http-telemetry.js';
import { METRICS_PATH } from './metrics-http.js';
import { createMetrics, type GatewayMetrics } from './metrics.js';
import type { Tracing } from './tracing.js';

/** An answer from AppConfig this recent keeps the gateway ready without a probe call. */
export const READINESS_FRESH_MS = 30_000;

export interface TelemetryDeps {
  readonly config: Pick<Config, 'metrics' | 'cache'>;
  /** Where access lines go. */
  readonly logger: Logger;
  readonly clock: Clock;
  /** The process's tracing, when OTEL_* variables turned it on. */
  readonly tracing?: Tracing;
  /** Read at each scrape: calls in flight, queued, timed out. */
  readonly admission?: UpstreamAdmission;
  /** Read at each scrape: Redis errors and whether it is up. */
  readonly cache?: GatewayCache;
}

/** Everything that watches the gateway, built once per process and handed to the pieces it watches. */
export interface Telemetry {
  readonly metrics: GatewayMetrics;
  /** Whether AppConfig answered lately, which readiness reads. */
  readonly reachability: AppConfigReachability;
  /** What the AppConfig edge reports to: metrics and readiness (for createAppConfigService and observeAttempts). */
  readonly upstream: UpstreamObserver;
  /** What the HTTP handler reports to: request ids, spans, access lines, request metrics. */
  readonly http: HttpTelemetry;
}

export function createTelemetry({ config, logger, clock, tracing, admission, cache }: TelemetryDeps): Telemetry {
  const metrics = createMetrics(
    { maxOperationNames: config.metrics.maxOperationNames, cacheBackend: config.cache.backend },
    { ...(admission ? { admission: () => admission.stats } : {}), ...(cache ? { cache: () => cache.report() } : {}) },
  );
  const reachability = new AppConfigReachability({ clock, freshForMs: READINESS_FRESH_MS });
  return {
    metrics,
    reachability,
    upstream: everyObserver(metrics.upstream, reachability),
    http: createHttpTelemetry({
      accessLog: createAccessLog(logger, new Set([LIVENESS_PATH, READINESS_PATH, METRICS_PATH])),
      metrics,
      ...(tracing ? { tracer: tracing.tracer } : {}),
      cacheBackend: config.cache.backend,
    }),
  };
}
