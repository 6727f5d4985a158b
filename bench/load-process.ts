import autocannon from 'autocannon';
import { type PacedLoadRequest, runPacedLoad } from './paced-load.js';

/**
 * The load generator, in its own process: one run per message, answered with its figures. `autocannon`
 * keeps a number of connections busy (closed loop: throughput); `paced` sends at a fixed rate (open loop: demand).
 */
export interface LoadRequest {
  readonly kind: 'autocannon';
  readonly url: string;
  readonly body: string;
  readonly connections: number;
  readonly durationSeconds: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
}

async function runAutocannon(message: LoadRequest): Promise<LoadResult> {
  const result = await autocannon({
    url: message.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: message.body,
    connections: message.connections,
    duration: message.durationSeconds,
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / message.durationSeconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

process.on('message', (message: LoadRequest | PacedLoadRequest) => {
  void (message.kind === 'paced' ? runPacedLoad(message) : runAutocannon(message)).then((answer) => process.send?.(answer));
});
process.send?.('ready');
