import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { CacheLookupResult } from '../cache/observer.js';
import type { AccessRecord } from '../server/access-log.js';
import type { GraphQLOutcome, HttpTelemetry, RequestObserver } from '../server/observers.js';
import type { GatewayMetrics } from './metrics.js';

export interface HttpTelemetryDeps {
  /** Writes each request's access line. */
  readonly accessLog: (record: AccessRecord) => void;
  readonly metrics?: GatewayMetrics;
  /** Present when tracing is on: each GraphQL request gets a span, continuing the caller's W3C trace. */
  readonly tracer?: Tracer;
  /** The cache backend, an attribute of cache lookup spans. */
  readonly cacheBackend: string;
}

/** A caller's `x-request-id` is kept when it is a plain token; anything else (too long, spaces, control characters) is replaced. */
const USABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id to use: the caller's when usable, so a router's id joins its logs to ours, else a new one. */
export function requestIdOf(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && USABLE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Follows each HTTP request: gives it an id (sent back as `x-request-id`), a span for GraphQL work,
 * and when its last byte is written (or its client leaves), its access line and its metrics.
 */
export function createHttpTelemetry({ accessLog, metrics, tracer, cacheBackend }: HttpTelemetryDeps): HttpTelemetry {
  return {
    requestStarted(req, res) {
      const started = performance.now();
      const id = requestIdOf(req.headers['x-request-id']);
      res.setHeader('X-Request-Id', id);
      const method = req.method ?? 'GET';
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const graphql = {
        served: false,
        operation: undefined as string | undefined,
        operationType: undefined as string | undefined,
        outcome: undefined as GraphQLOutcome | undefined,
        errorCodes: [] as readonly string[],
        appConfigCalls: 0,
        cacheHits: 0,
      };
      let span: Span | undefined;

      const observer: RequestObserver = {
        batch: (loader, size) => metrics?.loaderBatch(loader, size),
        cacheLookup(kind, keys) {
          const lookupSpan = tracer?.startSpan(`cache ${kind}`, { attributes: { 'cache.kind': kind, 'cache.backend': cacheBackend, 'cache.keys': keys } });
          return (result: CacheLookupResult) => {
            graphql.cacheHits += result.hits;
            metrics?.cacheLookup(kind, result);
            lookupSpan?.setAttributes({ 'cache.hits': result.hits, 'cache.misses': result.misses });
            lookupSpan?.end();
          };
        },
        operationResolved(name, type) {
          graphql.operation = name;
          graphql.operationType = type;
          span?.updateName(name === undefined ? type : `${type} ${name}`);
          span?.setAttributes({ 'graphql.operation.type': type, ...(name === undefined ? {} : { 'graphql.operation.name': name }) });
        },
        answered({ outcome, errorCodes, appConfigCalls }) {
          graphql.outcome = outcome;
          graphql.errorCodes = errorCodes;
          graphql.appConfigCalls = appConfigCalls;
          metrics?.graphqlErrors(errorCodes);
        },
      };

      res.once('close', () => {
        const seconds = (performance.now() - started) / 1000;
        const status = res.statusCode;
        const outcome = graphql.outcome ?? outcomeOfStatus(status);
        if (span) {
          span.setAttribute('http.response.status_code', status);
          if (status >= 500 || outcome === 'failed') span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        }
        if (graphql.served) metrics?.graphqlRequest({ operation: graphql.operation, resolved: graphql.operationType !== undefined, outcome, seconds });
        accessLog({
          requestId: id,
          method,
          path,
          status,
          durationMs: seconds * 1000,
          completed: res.writableFinished,
          ...(graphql.served
            ? {
                graphql: {
                  operation: graphql.operation,
                  operationType: graphql.operationType,
                  outcome,
                  errorCodes: graphql.errorCodes,
                  appConfigCalls: graphql.appConfigCalls,
                  cacheHits: graphql.cacheHits,
                },
              }
            : {}),
          ...(span ? { traceId: span.spanContext().traceId } : {}),
        });
      });

      return {
        id,
        observer,
        graphql(serve) {
          graphql.served = true;
          if (!tracer) return serve();
          const parent = propagation.extract(ROOT_CONTEXT, headersOf(req));
          span = tracer.startSpan(
            `${method} ${path}`,
            { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': path, 'http.route': path, 'request.id': id } },
            parent,
          );
          return context.with(trace.setSpan(parent, span), serve);
        },
      };
    },
  };
}

/** The outcome of a GraphQL request Apollo never saw: refused by authentication, or malformed. */
function outcomeOfStatus(status: number): GraphQLOutcome {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status >= 500) return 'failed';
  if (status >= 400) return 'rejected';
  return 'success';
}

/** Node's headers as the propagator reads them (single values: `traceparent` is never repeated). */
function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
  return headers;
}
