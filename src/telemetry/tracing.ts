import { createRequire } from 'node:module';
import { context, isSpanContextValid, trace, type Tracer } from '@opentelemetry/api';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as OtlpProto from '@opentelemetry/exporter-trace-otlp-proto';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import type * as AwsSdkInstrumentation from '@opentelemetry/instrumentation-aws-sdk';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkTraceBase from '@opentelemetry/sdk-trace-base';
import type * as SdkTraceNode from '@opentelemetry/sdk-trace-node';

/** What the standard OTEL_* variables ask of this process's tracing. */
export interface TracingSettings {
  /** `otlp`: OTLP over HTTP to OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT; `console`: spans printed on stdout (debugging). */
  readonly exporter: 'otlp' | 'console';
  /** The OTLP encoding: the specification's default `http/protobuf`, or `http/json`. */
  readonly protocol: 'http/protobuf' | 'http/json';
}

export type TracingDecision = { readonly settings: TracingSettings | undefined; readonly problems: readonly string[] };

const EXPORTERS = ['otlp', 'console', 'none'] as const;
const PROTOCOLS = ['http/protobuf', 'http/json'] as const;

const isOneOf = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

/**
 * Reads the OTEL_* variables: tracing is on when any of them is set (and neither OTEL_SDK_DISABLED
 * nor OTEL_TRACES_EXPORTER=none says otherwise), off when none is, so a gateway nobody asked to
 * trace never loads the SDK. The exporter itself reads the rest (endpoint, headers, timeout,
 * compression), the span processor OTEL_BSP_*, the sampler OTEL_TRACES_SAMPLER(_ARG), the resource
 * OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES. Pure, so loadConfig reports its problems with the rest.
 */
export function tracingSettings(env: Readonly<Record<string, string | undefined>>): TracingDecision {
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const anySet = Object.keys(env).some((name) => name.startsWith('OTEL_') && value(name) !== undefined);
  if (!anySet || value('OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return { settings: undefined, problems: [] };

  const problems: string[] = [];
  const exporter = (value('OTEL_TRACES_EXPORTER') ?? 'otlp').toLowerCase();
  if (!isOneOf(EXPORTERS, exporter)) problems.push(`OTEL_TRACES_EXPORTER=${JSON.stringify(exporter)}: must be otlp, console or none`);
  const protocolVariable = value('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') === undefined ? 'OTEL_EXPORTER_OTLP_PROTOCOL' : 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL';
  const protocol = (value(protocolVariable) ?? 'http/protobuf').toLowerCase();
  if (!isOneOf(PROTOCOLS, protocol)) {
    problems.push(
      `${protocolVariable}=${JSON.stringify(protocol)}: must be http/protobuf or http/json (the gateway exports OTLP over HTTP, usually port 4318; gRPC is not supported)`,
    );
  }
  if (!isOneOf(EXPORTERS, exporter) || !isOneOf(PROTOCOLS, protocol)) return { settings: undefined, problems };
  if (exporter === 'none') return { settings: undefined, problems: [] };
  return { settings: { exporter, protocol }, problems: [] };
}

/** The process's tracing, once started. */
export interface Tracing {
  readonly tracer: Tracer;
  /** `trace_id` and `span_id` of the span active where a log line is written, so logs and traces join up. */
  readonly logFields: () => Record<string, string>;
  /** Exports the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

const require = createRequire(import.meta.url);
const PACKAGE = require('../../package.json') as { name: string; version: string };

/**
 * Starts the OpenTelemetry SDK with the AWS SDK instrumentation. Synchronous on purpose (the SDK's
 * CommonJS build, through `require`): the instrumentation patches `@smithy/core`'s client as it is
 * first required, so this must have run before anything imports `@aws-sdk/client-appconfig`, which
 * an ES module import cannot guarantee once it awaits.
 */
export function startTracing(settings: TracingSettings): Tracing {
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof SdkTraceNode;
  const { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof SdkTraceBase;
  const { detectResources, envDetector, resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof Instrumentation;
  const { AwsInstrumentation } = require('@opentelemetry/instrumentation-aws-sdk') as typeof AwsSdkInstrumentation;

  const spanProcessor =
    settings.exporter === 'console'
      ? new SimpleSpanProcessor(new ConsoleSpanExporter())
      : new BatchSpanProcessor(
          settings.protocol === 'http/json'
            ? new (require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp).OTLPTraceExporter()
            : new (require('@opentelemetry/exporter-trace-otlp-proto') as typeof OtlpProto).OTLPTraceExporter(),
        );
  const provider = new NodeTracerProvider({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the package's own name and version.
    resource: resourceFromAttributes({ 'service.name': PACKAGE.name, 'service.version': PACKAGE.version }).merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: [spanProcessor],
  });
  // The global provider, an AsyncLocalStorage context manager, and W3C trace context and baggage propagation.
  provider.register();
  // One span per AppConfig call, named after it (`AppConfig.GetDeployment`); none for the SDK's own credential calls.
  registerInstrumentations({ tracerProvider: provider, instrumentations: [new AwsInstrumentation({ suppressInternalInstrumentation: true })] });

  return {
    tracer: provider.getTracer(PACKAGE.name, PACKAGE.version),
    logFields: (): Record<string, string> => {
      const spanContext = trace.getSpanContext(context.active());
      return spanContext && isSpanContextValid(spanContext) ? { trace_id: spanContext.traceId, span_id: spanContext.spanId } : {};
    },
    shutdown: () => provider.shutdown(),
  };
}
