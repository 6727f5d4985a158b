import autocannon from 'autocannon';

/** The load generator, in its own process: one autocannon run per message, answered with its figures. */
export interface LoadRequest {
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

process.on('message', (message: LoadRequest) => {
  void autocannon({
    url: message.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: message.body,
    connections: message.connections,
    duration: message.durationSeconds,
  }).then((result) => {
    const answer: LoadResult = {
      requests: result.requests.total,
      requestsPerSecond: result.requests.total / message.durationSeconds,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
    };
    process.send?.(answer);
  });
});
process.send?.('ready');
