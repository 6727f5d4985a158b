import type { IncomingMessage } from 'node:http';
import type { NodeHttpHandler } from '@smithy/node-http-handler';

type HandleArguments = Parameters<NodeHttpHandler['handle']>;
type HandleResult = Awaited<ReturnType<NodeHttpHandler['handle']>>;

/** The error an attempt fails with when it passes its bound; the SDK's retry strategy treats the name as transient. */
export function attemptTimeoutError(timeoutMs: number): Error {
  return Object.assign(new Error(`AppConfig did not answer in full within ${timeoutMs} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' });
}

function abortError(signal: AbortSignal | undefined): Error {
  return Object.assign(new Error('Request aborted', { cause: signal?.reason }), { name: 'AbortError' });
}

/**
 * Wraps the SDK's NodeHttpHandler so that each attempt, from connecting to the last byte of the
 * response body, ends within `timeoutMs`. NodeHttpHandler's own timers stop once response headers
 * arrive, and the SDK reads the body afterwards: an upstream that sends headers and then stalls
 * would otherwise hold the call, and one of the process's upstream slots, for as long as the socket
 * stays open. The SDK calls `handle` once per attempt, so retries get a fresh bound each.
 */
export class BoundedHttpHandler {
  readonly metadata: NodeHttpHandler['metadata'];

  constructor(
    private readonly inner: NodeHttpHandler,
    private readonly timeoutMs: number,
    /** Awaited before each attempt is sent, outside its bound: the attempt's turn in the rate budget. */
    private readonly beforeAttempt: () => Promise<void> = () => Promise.resolve(),
  ) {
    this.metadata = inner.metadata;
  }

  async handle(request: HandleArguments[0], options: HandleArguments[1] = {}): Promise<HandleResult> {
    await this.beforeAttempt();
    const attempt = new AbortController();
    const timer = setTimeout(() => attempt.abort(attemptTimeoutError(this.timeoutMs)), this.timeoutMs);
    const callerSignal = options.abortSignal as AbortSignal | undefined;
    const abortSignal = callerSignal ? AbortSignal.any([callerSignal, attempt.signal]) : attempt.signal;

    let result: HandleResult;
    try {
      result = await this.inner.handle(request, { ...options, abortSignal });
    } catch (error) {
      clearTimeout(timer);
      // NodeHttpHandler reports its abort as an AbortError, which the SDK never retries; ours is a timeout.
      if (attempt.signal.aborted && !callerSignal?.aborted) throw attemptTimeoutError(this.timeoutMs);
      throw error;
    }

    const body = result.response.body as IncomingMessage | undefined;
    if (!body || typeof body.destroy !== 'function') {
      clearTimeout(timer);
      return result;
    }
    // The body is read after this returns: the same bound, or the caller's abort, ends it mid-stream.
    const endBody = () => body.destroy(attempt.signal.aborted ? attemptTimeoutError(this.timeoutMs) : abortError(callerSignal));
    if (abortSignal.aborted) endBody();
    else abortSignal.addEventListener('abort', endBody, { once: true });
    body.once('close', () => {
      clearTimeout(timer);
      abortSignal.removeEventListener('abort', endBody);
    });
    return result;
  }

  updateHttpClientConfig(...args: Parameters<NodeHttpHandler['updateHttpClientConfig']>): void {
    this.inner.updateHttpClientConfig(...args);
  }

  httpHandlerConfigs(): ReturnType<NodeHttpHandler['httpHandlerConfigs']> {
    return this.inner.httpHandlerConfigs();
  }

  destroy(): void {
    this.inner.destroy();
  }
}
