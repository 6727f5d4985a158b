import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';

/**
 * Every code a client can find in `extensions.code`: Apollo Server's own (parse and validation
 * failures, bad requests, persisted queries, bugs) and this gateway's. Clients may switch on them;
 * add with care and never rename a value. README's error table documents each.
 */
export const ErrorCode = {
  ...ApolloServerErrorCode,
  /** The application, environment or deployment does not exist; the field is null. */
  NOT_FOUND: 'NOT_FOUND',
  /** The operation would make, or has made, more AppConfig calls or read more objects than the gateway allows one request. */
  QUERY_TOO_EXPENSIVE: 'QUERY_TOO_EXPENSIVE',
  /** The gateway, or the connection, already serves as many subscriptions as it may (SUBSCRIPTIONS_MAX, SUBSCRIPTIONS_MAX_PER_CONNECTION). */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** AppConfig was still throttling the gateway after every retry, or no call slot freed up in time. */
  UPSTREAM_THROTTLED: 'UPSTREAM_THROTTLED',
  /** AppConfig refused the gateway's credentials, or the gateway has none. */
  UPSTREAM_FORBIDDEN: 'UPSTREAM_FORBIDDEN',
  /** AppConfig failed, timed out, could not be reached or answered something unreadable. */
  UPSTREAM_ERROR: 'UPSTREAM_ERROR',
  /** No bearer token, or one that does not verify (signature, issuer, audience, expiry): HTTP 401, nothing runs. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The token lacks a required scope (HTTP 403, nothing runs), or does not allow the application a field reads (that field only). */
  FORBIDDEN: 'FORBIDDEN',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** What the gateway knows about the AppConfig call behind an error, published as `extensions.upstream`. */
export interface UpstreamInfo {
  readonly operation: string;
  readonly errorName?: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly attempts?: number;
}

export interface GatewayErrorOptions {
  readonly upstream?: UpstreamInfo;
  readonly cause?: unknown;
  /** Further members of `extensions`, such as the argument name of a validation error. */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** Builds a GraphQL error carrying one of the public codes; `cause` stays on the server. */
export function gatewayError(code: ErrorCode, message: string, options: GatewayErrorOptions = {}): GraphQLError {
  const error = new GraphQLError(message, {
    extensions: {
      code,
      ...options.extensions,
      ...(options.upstream ? { upstream: options.upstream } : {}),
    },
  });
  if (options.cause !== undefined) error.cause = options.cause;
  return error;
}

/** The public code of an error, when it carries one. */
export function errorCode(error: unknown): unknown {
  return error instanceof GraphQLError ? error.extensions['code'] : undefined;
}

/**
 * A member AWS always sends (a list item's Id, a member the model marks required) that the SDK's
 * types leave optional: its absence fails the field with a clear upstream error.
 */
export function requiredMember<T>(value: T | undefined, where: string, member: string): T {
  if (value === undefined) throw gatewayError(ErrorCode.UPSTREAM_ERROR, `AppConfig returned ${where} without ${member}.`);
  return value;
}

/** Longest part of a client's value an error message repeats: a 1 MB id must not become a 1 MB error. */
const QUOTED_LENGTH = 100;

/** `value` as JSON for an error message, cut to about 100 characters. */
export function quoted(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length <= QUOTED_LENGTH ? json : `${json.slice(0, QUOTED_LENGTH)}… (${json.length} characters)`;
}
