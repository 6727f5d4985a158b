import type { AppConfigClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-appconfig';
import { isThrottlingError } from '@smithy/core/retry';
import type { DeserializeMiddleware, ResponseMetadata } from '@smithy/types';
import { ErrorCode, errorCode } from '../errors.js';
import { translateAppConfigError } from './translate-error.js';

/** How an AppConfig call ended: a small fixed set, so metrics can label by it. */
export type UpstreamOutcome = 'ok' | 'not_found' | 'bad_request' | 'throttled' | 'forbidden' | 'error' | 'aborted';

/** One AppConfig call, after the SDK's retries. */
export interface UpstreamCall {
  /** The AppConfig operation, such as `GetDeployment`. */
  readonly operation: string;
  readonly outcome: UpstreamOutcome;
  /** The HTTP status of the last answer; undefined when none came (no connection, timeout, abort). */
  readonly httpStatus: number | undefined;
  /** Attempts the SDK made, the first included. */
  readonly attempts: number;
  /** From handing the call to the SDK to its outcome: attempts and the backoff between them, not the wait for a slot. */
  readonly durationMs: number;
}

/** One attempt (an HTTP exchange) of an AppConfig call. */
export interface UpstreamAttempt {
  readonly operation: string;
  readonly httpStatus: number | undefined;
  /** AppConfig throttled it (the SDK's own classification, which decides its retries). */
  readonly throttled: boolean;
}

/** What a rate budget decided for one call before it was made. */
export interface BudgetAdmission {
  readonly operation: string;
  /** `admitted` at once, `delayed` until the budget allowed it, or `refused` (the call was never made). */
  readonly outcome: 'admitted' | 'delayed' | 'refused';
  readonly waitedMs: number;
}

/**
 * Told what the gateway's door to AppConfig does, for metrics and readiness. The AppConfig service
 * reports calls, the client's middleware attempts, a rate budget its admissions. Implementations
 * must be cheap and must not throw: they run on every call.
 */
export interface UpstreamObserver {
  onCall(call: UpstreamCall): void;
  onAttempt(attempt: UpstreamAttempt): void;
  onAdmission(admission: BudgetAdmission): void;
}

/** Every observer in `observers` told of each event, in order. */
export function everyObserver(...observers: readonly UpstreamObserver[]): UpstreamObserver {
  return {
    onCall: (call) => observers.forEach((observer) => observer.onCall(call)),
    onAttempt: (attempt) => observers.forEach((observer) => observer.onAttempt(attempt)),
    onAdmission: (admission) => observers.forEach((observer) => observer.onAdmission(admission)),
  };
}

type Send<T> = (options: { abortSignal?: AbortSignal }) => Promise<T>;

/** `send`, reporting its outcome, status, attempts and duration to `observer` (or `send` itself without one). */
export function observedSend<T>(observer: UpstreamObserver | undefined, operation: string, send: Send<T>): Send<T> {
  if (!observer) return send;
  return async (options) => {
    const started = performance.now();
    try {
      const output = await send(options);
      const metadata = metadataOf(output);
      observer.onCall({
        operation,
        outcome: 'ok',
        httpStatus: metadata.httpStatusCode,
        attempts: metadata.attempts ?? 1,
        durationMs: performance.now() - started,
      });
      return output;
    } catch (error) {
      const metadata = metadataOf(error);
      observer.onCall({
        operation,
        outcome: options.abortSignal?.aborted ? 'aborted' : outcomeOf(operation, error),
        httpStatus: metadata.httpStatusCode,
        attempts: metadata.attempts ?? 1,
        durationMs: performance.now() - started,
      });
      throw error;
    }
  };
}

/** The SDK's `$metadata` of an output or an error, as far as there is one. */
function metadataOf(value: unknown): ResponseMetadata {
  return (typeof value === 'object' && value !== null && '$metadata' in value ? (value.$metadata as ResponseMetadata | undefined) : undefined) ?? {};
}

/** The outcome of a failed call, by the public code the gateway answers it with. */
function outcomeOf(operation: string, error: unknown): UpstreamOutcome {
  switch (errorCode(translateAppConfigError(operation, error))) {
    case ErrorCode.NOT_FOUND:
      return 'not_found';
    case ErrorCode.BAD_USER_INPUT:
      return 'bad_request';
    case ErrorCode.UPSTREAM_THROTTLED:
      return 'throttled';
    case ErrorCode.UPSTREAM_FORBIDDEN:
      return 'forbidden';
    default:
      return 'error';
  }
}

/**
 * Reports every attempt `client` makes: a middleware in the deserialize step, which runs inside the
 * SDK's retry loop, so a call throttled twice and then answered shows as three attempts, two throttled.
 */
export function observeAttempts(client: AppConfigClient, observer: UpstreamObserver): void {
  const middleware: DeserializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
    const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
    try {
      const result = await next(args);
      const response = result.response as { statusCode?: number } | undefined;
      observer.onAttempt({ operation, httpStatus: response?.statusCode, throttled: false });
      return result;
    } catch (error) {
      const throttled = typeof error === 'object' && error !== null && isThrottlingError(error as Parameters<typeof isThrottlingError>[0]);
      observer.onAttempt({ operation, httpStatus: metadataOf(error).httpStatusCode, throttled });
      throw error;
    }
  };
  client.middlewareStack.add(middleware, { step: 'deserialize', name: 'appconfigGraphAttemptObserver', priority: 'high' });
}
