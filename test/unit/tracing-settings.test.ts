import { describe, expect, it } from 'vitest';
import { tracingSettings } from '../../src/telemetry/tracing.js';

describe('tracingSettings (the OTEL_* variables)', () => {
  it.each<[string, Record<string, string>, ReturnType<typeof tracingSettings>]>([
    ['none set: off', { PATH: '/bin' }, { settings: undefined, problems: [] }],
    ['only empty ones: off', { OTEL_SERVICE_NAME: '' }, { settings: undefined, problems: [] }],
    [
      'any set: OTLP over HTTP with protobuf, the specification default',
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
      { settings: { exporter: 'otlp', protocol: 'http/protobuf' }, problems: [] },
    ],
    [
      'JSON for traces',
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' },
      { settings: { exporter: 'otlp', protocol: 'http/json' }, problems: [] },
    ],
    ['the console exporter', { OTEL_TRACES_EXPORTER: 'console' }, { settings: { exporter: 'console', protocol: 'http/protobuf' }, problems: [] }],
    ['OTEL_TRACES_EXPORTER=none: off', { OTEL_SERVICE_NAME: 'x', OTEL_TRACES_EXPORTER: 'none' }, { settings: undefined, problems: [] }],
    ['OTEL_SDK_DISABLED: off', { OTEL_SERVICE_NAME: 'x', OTEL_SDK_DISABLED: 'TRUE' }, { settings: undefined, problems: [] }],
  ])('%s', (_case, env, expected) => {
    expect(tracingSettings(env)).toEqual(expected);
  });

  it('reports gRPC and unknown exporters as problems, naming the variable', () => {
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_TRACES_EXPORTER: 'zipkin' }).problems).toEqual([
      'OTEL_TRACES_EXPORTER="zipkin": must be otlp, console or none',
      'OTEL_EXPORTER_OTLP_PROTOCOL="grpc": must be http/protobuf or http/json (the gateway exports OTLP over HTTP, usually port 4318; gRPC is not supported)',
    ]);
  });
});
