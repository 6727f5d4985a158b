import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { type OtlpReceiver, printTree, startOtlpReceiver } from '../support/otlp-receiver.js';
import { startProcess } from '../support/process.js';

let emulator: TestEmulator;
let receiver: OtlpReceiver;
beforeAll(async () => {
  [emulator, receiver] = await Promise.all([startTestEmulator(), startOtlpReceiver()]);
});
afterAll(async () => {
  await Promise.all([emulator.close(), receiver.close()]);
});

const SERVING = /serving GraphQL at (http:\/\/\S+\/graphql)/;
/** The router's trace and the span the gateway's work hangs under, as a W3C traceparent carries them. */
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ROUTER_SPAN_ID = '00f067aa0ba902b7';

describe('tracing with OpenTelemetry (OTEL_* set)', () => {
  it("continues the router's trace: a span for the operation, one per cache lookup and per AppConfig call, the trace id in its log lines", async () => {
    const gateway = startProcess('src/main.ts', {
      APPCONFIG_SOURCE: 'aws',
      AWS_ENDPOINT_URL_APPCONFIG: emulator.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test-access-key',
      AWS_SECRET_ACCESS_KEY: 'test-secret-key',
      PORT: '0',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      OTEL_SERVICE_NAME: 'appconfig-graph-under-test',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    try {
      const [, url] = await gateway.waitFor(SERVING, 30_000);
      const response = await fetch(url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: `00-${TRACE_ID}-${ROUTER_SPAN_ID}-01` },
        body: JSON.stringify({
          query:
            'query Traced { deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 1) { state } missing: deployment(applicationId: "chk2svc", environmentId: "prod7ea", deploymentNumber: 99) { state } }',
        }),
      });
      expect(response.status).toBe(200);
      await response.json();

      const ofTrace = () => receiver.spans.filter((span) => span.traceId === TRACE_ID);
      await eventually(() => ofTrace().length >= 5, 15_000, 'the spans of the traced request');
      const spans = ofTrace();
      expect(printTree(spans, ROUTER_SPAN_ID, 'name')).toBe(
        ['query Traced', '  AppConfig.GetDeployment', '  AppConfig.GetDeployment', '  cache deployment', '  cache response', ''].join('\n'),
      );
      const operation = spans.find((span) => span.name === 'query Traced')!;
      expect(operation).toMatchObject({
        kind: 2,
        service: 'appconfig-graph-under-test',
        attributes: { 'graphql.operation.type': 'query', 'graphql.operation.name': 'Traced', 'http.request.method': 'POST', 'http.response.status_code': 200 },
      });
      expect(spans.find((span) => span.name === 'cache deployment')?.attributes).toMatchObject({
        'cache.backend': 'memory',
        'cache.keys': 2,
        'cache.hits': 0,
        'cache.misses': 2,
      });
      const calls = spans.filter((span) => span.name === 'AppConfig.GetDeployment');
      expect(calls.map((span) => span.kind)).toEqual([3, 3]);
      expect(calls.map((span) => span.attributes['rpc.method'])).toEqual(['GetDeployment', 'GetDeployment']);
      expect(emulator.callsTo('GetDeployment')).toBe(2);

      // The access line and the lines written during the request carry the trace id.
      const lines = gateway
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.find((line) => line['msgType'] === 'access' && line['path'] === '/graphql')).toMatchObject({
        trace_id: TRACE_ID,
        operation: 'Traced',
        appConfigCalls: 2,
      });
      expect(lines.find((line) => line['code'] === 'NOT_FOUND')).toMatchObject({ trace_id: TRACE_ID, span_id: operation.spanId });
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  }, 60_000);

  it('loads no OpenTelemetry SDK when no OTEL_* variable is set, nor when OTEL_SDK_DISABLED=true', async () => {
    for (const [env, traced] of [
      [{}, false],
      [{ OTEL_SERVICE_NAME: 'x', OTEL_SDK_DISABLED: 'true' }, false],
      // The check itself: it does see the SDK when tracing is on.
      [{ OTEL_TRACES_EXPORTER: 'console' }, true],
    ] as const) {
      const child = startProcess('test/fixtures/print-tracing-state.ts', env);
      expect(await child.exited()).toBe(0);
      const state = JSON.parse(child.output().trim().split('\n').at(-1)!) as { tracing: boolean; sdkModules: number };
      expect({ tracing: state.tracing, sdkLoaded: state.sdkModules > 0 }).toEqual({ tracing: traced, sdkLoaded: traced });
    }
  });
});
