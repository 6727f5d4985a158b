import { AppConfigServiceException, BadRequestException, ResourceNotFoundException } from '@aws-sdk/client-appconfig';
import { isThrottlingError } from '@smithy/core/retry';
import type { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError, type UpstreamInfo } from '../errors.js';
import { QueueTimeoutError } from './admission.js';
import { RateBudgetExceededError } from './rate-budget.js';

/** Error names AWS uses when it does not accept the caller's identity or permissions. */
const FORBIDDEN_ERROR_NAMES = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
  'ExpiredToken',
]);

interface SdkErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string; readonly attempts?: number };
}

/** Socket errors that mean the connection to AppConfig failed or broke, not that it was slow. */
const CONNECTION_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * Translates whatever an AppConfig call threw into a GraphQL error with a public code. AWS's own
 * 4xx messages are safe to show; for everything else the message names the failure, never a secret
 * or an internal address. `scopeSignal` is the calling request's: its abort explains an AbortError.
 */
export function translateAppConfigError(operation: string, error: unknown, scopeSignal?: AbortSignal): GraphQLError {
  const sdkError: SdkErrorShape = typeof error === 'object' && error !== null ? error : {};
  const upstream = upstreamInfo(operation, sdkError);
  const options = { upstream, cause: error };
  const status = upstream.httpStatus;

  if (error instanceof QueueTimeoutError) {
    return gatewayError(
      ErrorCode.UPSTREAM_THROTTLED,
      `The gateway's AppConfig calls are all busy (APPCONFIG_MAX_CONCURRENCY): ${operation} ${error.message} and was not made; try again shortly.`,
      { ...options, extensions: { retryAfterSeconds: 1 } },
    );
  }
  if (error instanceof RateBudgetExceededError) {
    return gatewayError(
      ErrorCode.UPSTREAM_THROTTLED,
      `The gateway's AppConfig budget is spent for now (${error.quota === 'get' ? 'APPCONFIG_GET_RATE' : 'APPCONFIG_LIST_RATE'}): ${operation} was not made; try again in ${Math.ceil(error.retryAfterMs / 1000)} s.`,
      { ...options, extensions: { retryAfterSeconds: Math.max(1, Math.ceil(error.retryAfterMs / 1000)) } },
    );
  }
  if (sdkError.name === 'AbortError' && scopeSignal?.aborted) {
    return gatewayError(ErrorCode.UPSTREAM_ERROR, `AppConfig ${operation} did not answer before the request's time ran out (REQUEST_TIMEOUT_MS).`, options);
  }

  if (error instanceof ResourceNotFoundException) {
    return gatewayError(ErrorCode.NOT_FOUND, error.message || `${error.ResourceName ?? 'Resource'} not found`, options);
  }
  if (error instanceof BadRequestException) {
    return gatewayError(ErrorCode.BAD_USER_INPUT, `AppConfig rejected the request: ${error.message}`, {
      ...options,
      extensions: {
        ...(error.Reason === undefined ? {} : { reason: error.Reason }),
        ...(error.Details === undefined ? {} : { details: error.Details }),
      },
    });
  }
  if (isThrottlingError(sdkError as Parameters<typeof isThrottlingError>[0])) {
    return gatewayError(
      ErrorCode.UPSTREAM_THROTTLED,
      `AppConfig is throttling ${operation} calls (still throttled after ${upstream.attempts ?? 1} attempts); try again shortly.`,
      options,
    );
  }
  if (sdkError.name === 'CredentialsProviderError') {
    return gatewayError(
      ErrorCode.UPSTREAM_FORBIDDEN,
      'The gateway has no AWS credentials. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run it with an IAM role.',
      options,
    );
  }
  if (status === 403 || FORBIDDEN_ERROR_NAMES.has(sdkError.name ?? '')) {
    return gatewayError(
      ErrorCode.UPSTREAM_FORBIDDEN,
      `AppConfig refused the gateway's credentials (${sdkError.name ?? `HTTP ${status}`}). Check that they are current and allow appconfig:${operation}.`,
      options,
    );
  }
  return gatewayError(ErrorCode.UPSTREAM_ERROR, `AppConfig ${operation} failed: ${describeFailure(sdkError)}.`, options);
}

function upstreamInfo(operation: string, error: SdkErrorShape): UpstreamInfo {
  const metadata = error.$metadata ?? {};
  return {
    operation,
    ...(error.name === undefined ? {} : { errorName: error.name }),
    ...(metadata.httpStatusCode === undefined ? {} : { httpStatus: metadata.httpStatusCode }),
    ...(metadata.requestId === undefined ? {} : { requestId: metadata.requestId }),
    ...(metadata.attempts === undefined ? {} : { attempts: metadata.attempts }),
  };
}

function describeFailure(error: SdkErrorShape): string {
  // The SDK names broken connections TimeoutError too, so that it retries them; the code tells them apart.
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return `the connection to AppConfig broke (${error.code})`;
  if (error.code !== undefined && CONNECTION_ERROR_CODES.has(error.code)) return `could not reach AppConfig (${error.code})`;
  if (error.name === 'TimeoutError') return 'timed out';
  if (error.code !== undefined && /^E[A-Z]+$/.test(error.code)) return `could not reach AppConfig (${error.code})`;
  const status = error.$metadata?.httpStatusCode;
  if (error instanceof AppConfigServiceException) return `${error.name}${status === undefined ? '' : ` (HTTP ${status})`}`;
  if (status !== undefined) return `unreadable response (HTTP ${status})`;
  return error.name ?? 'unknown error';
}
